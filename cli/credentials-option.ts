/**
 * How the reference initiator authenticates, as command-line options shared by the commands
 * that run it (connect, replay) and by suite cases (which fill the same values from a suite
 * file): PSK, EAP-MSCHAPv2/MD5 with the gateway's certificate checked, certificate
 * authentication, EAP-TLS. Secrets come from files only, never from a command line; errors are
 * one usage line naming the command.
 */
import type { KeyObject } from 'node:crypto';
import { readCertificateFile, readPrivateKeyFile, readSecretFile } from '../src/endpoint/credential-files.js';
import { type ClientCertificate, type SignatureChoice } from '../src/endpoint/credentials.js';
import { createEapPeer } from '../src/endpoint/eap/peer.js';
import type { Credentials } from '../src/endpoint/session.js';
import type { Options } from './args.js';
import { UsageError } from './usage-error.js';

/** The parseArgs options these flags take. */
export const CREDENTIAL_OPTIONS = {
  'psk-file': { type: 'string' }, user: { type: 'string' }, 'password-file': { type: 'string' }, ca: { type: 'string', multiple: true },
  'server-name': { type: 'string' }, 'windows-checks': { type: 'boolean' }, eap: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' },
  'auth-method': { type: 'string' }, 'tls-pre-rfc9190': { type: 'boolean' },
} as const satisfies Options;

export const CREDENTIALS_HELP = `authentication:
  --psk-file F          pre-shared key (AUTH method 2) from file F: its text without the
                        final newline, or hex after '0x'. Secrets are read from files only,
                        never from the command line, and never printed.
  --user U              EAP (RFC 7296 §2.16) as user U: the gateway proves itself with its
                        certificate, checked against --ca, and a signature AUTH; we with
                        EAP-MSCHAPv2 (or --eap md5)
  --password-file F     the EAP password, from file F (its text without the final newline)
  --ca FILE             CA certificate(s) the gateway's chain must lead to (PEM, one or more
                        certificates, or DER); repeat for several
  --server-name N       the name the gateway's certificate must carry in its SAN (DNS name or
                        IP address; default: GATEWAY)
  --windows-checks      also check what Windows checks: EKU serverAuth, the name in the SAN
  --eap M               mschapv2 (default), md5, or tls: EAP-TLS (RFC 5216) with --cert and
                        --key, --user the EAP identity; the gateway's TLS server certificate is
                        checked against --ca too, the MSK comes from the TLS exporter. TLS 1.2
                        or 1.3, whichever the gateway picks (strongSwan 5.9 picks 1.2)
  --tls-pre-rfc9190     EAP-TLS over TLS 1.3 as servers did before RFC 9190 (strongSwan before
                        5.9.10 with charon.tls.version_max = 1.3): the RFC 5216 exporter label
                        for the MSK, and no commitment message before EAP Success
  --cert FILE           our certificate (PEM or DER; a PEM file may hold the chain: the end
                        entity first, then intermediates, each sent as a CERT payload). Without
                        --eap tls: certificate authentication (RFC 7296 §2.15), CERTREQ naming
                        the --ca certificates where the profile sends one
  --key FILE            its private key (PEM: PKCS#8, PKCS#1 or SEC1; or PKCS#8 DER; not
                        encrypted). Checked against --cert before anything is sent; never printed
  --auth-method M       the AUTH signature: rsa (method 1, RSASSA-PKCS1-v1_5 with SHA-1),
                        rfc7427 (method 14: SHA-256 PKCS#1 v1.5 with an RSA key, ECDSA with an
                        EC key), rsa-pss (method 14, RSASSA-PSS) or ecdsa (RFC 4754, methods
                        9-11 by curve). Default: rfc7427 when both sides sent
                        SIGNATURE_HASH_ALGORITHMS (RFC 7427 §4: its hash is one the gateway
                        lists), else rsa or ecdsa by the key
  --id ID               our identity (IDi): an address, user@example.net (RFC822) or a name
                        (FQDN); default: our address. With --cert it must be in the certificate
                        (its subject DN, or a subjectAltName); default then the profile's:
                        the subject DN as ID_DER_ASN1_DN (strongswan, windows-*) or the first
                        subjectAltName (macos)
  --remote-id ID        the gateway's identity to ask for (IDr); default: none sent`;

function readSecret(command: string, flag: string, path: string): Uint8Array {
  const r = readSecretFile(path);
  if (!r.ok) throw new UsageError(`${command}: ${flag}: ${r.reason}`);
  return r.value;
}

/** Certificates from a PEM file (every CERTIFICATE block, in file order) or a DER file. */
function readCertificates(command: string, path: string, flag = '--ca'): Uint8Array[] {
  const r = readCertificateFile(path);
  if (!r.ok) throw new UsageError(`${command}: ${flag}: ${r.reason}`);
  return r.value;
}

/** A private key (credential-files.ts); its bytes never reach a message. */
function readPrivateKey(command: string, path: string): KeyObject {
  const r = readPrivateKeyFile(path);
  if (!r.ok) throw new UsageError(`${command}: --key: ${r.reason}`);
  return r.value;
}

export type CredentialValues = {
  'psk-file'?: string; user?: string; 'password-file'?: string; ca?: string[]; 'server-name'?: string; 'windows-checks'?: boolean; eap?: string;
  cert?: string; key?: string; 'auth-method'?: string; 'tls-pre-rfc9190'?: boolean;
};

const SIGNATURES: readonly SignatureChoice[] = ['rsa', 'rfc7427', 'rsa-pss', 'ecdsa'];

export function credentialsFrom(command: string, values: CredentialValues, gateway: string): { credentials: Credentials; certificate?: ClientCertificate } {
  if (values['psk-file'] && (values.user || values.cert)) throw new UsageError(`${command}: --psk-file or ${values.user ? '--user' : '--cert'}, not both`);
  if (values['tls-pre-rfc9190'] && values.eap !== 'tls') throw new UsageError(`${command}: --tls-pre-rfc9190 goes with --eap tls`);
  if (values['psk-file']) return { credentials: { method: 'psk', secret: readSecret(command, '--psk-file', values['psk-file']) } };
  if (values['auth-method'] !== undefined && !SIGNATURES.includes(values['auth-method'] as SignatureChoice)) {
    throw new UsageError(`${command}: --auth-method must be ${SIGNATURES.join(', ')} (got '${values['auth-method']}')`);
  }
  if (values.cert || values.key || values.eap === 'tls') return certificateCredentials(command, values, gateway);
  if (!values.user) throw new UsageError(`${command}: how to authenticate? --psk-file F, --user U --password-file F --ca CA, or --cert C --key K --ca CA (see --help)`);
  return { credentials: passwordEap(command, values, 'mschapv2, md5 or tls')(values.user) };
}

/**
 * EAP-MSCHAPv2 or EAP-MD5 with --password-file, the gateway's certificate checked against --ca:
 * the files are read once, and each call makes the credentials of one EAP identity (its peer
 * keeps the state of one conversation, so `suite load` makes one per client). `methods` is
 * what the usage error lists for --eap.
 */
export function passwordEap(command: string, values: CredentialValues, methods = 'mschapv2 or md5'): (identity: string) => Credentials {
  if (!values['password-file']) throw new UsageError(`${command}: --user needs --password-file F (passwords are never taken from the command line)`);
  if (!values.ca?.length) throw new UsageError(`${command}: --user needs --ca CA to check the gateway\'s certificate with`);
  const method = values.eap ?? 'mschapv2';
  if (method !== 'mschapv2' && method !== 'md5') throw new UsageError(`${command}: --eap must be ${methods} (got '${method}')`);
  const password = new TextDecoder().decode(readSecret(command, '--password-file', values['password-file']));
  const ca = values.ca.flatMap((f) => readCertificates(command, f));
  return (identity) => ({
    method: 'eap',
    peer: createEapPeer({ identity, method, password }),
    ca,
    ...(values['server-name'] ? { serverName: values['server-name'] } : {}),
    ...(values['windows-checks'] ? { windowsChecks: true } : {}),
  });
}

/** --cert/--key: certificate authentication, or EAP-TLS with --eap tls. */
function certificateCredentials(command: string, values: CredentialValues, gateway: string): { credentials: Credentials; certificate: ClientCertificate } {
  const tls = values.eap === 'tls';
  if (values.eap !== undefined && !tls) throw new UsageError(`${command}: --cert takes --eap tls or no --eap (got '${values.eap}')`);
  if (!values.cert || !values.key) throw new UsageError(`${command}: ${tls ? '--eap tls' : 'certificate authentication'} needs --cert F and --key F`);
  if (!values.ca?.length) throw new UsageError(`${command}: --cert needs --ca CA to check the gateway\'s certificate with`);
  if (values['password-file']) throw new UsageError(`${command}: --password-file has no use with --cert`);
  if (tls && !values.user) throw new UsageError(`${command}: --eap tls needs --user U, the EAP identity`);
  if (!tls && values.user) throw new UsageError(`${command}: --user goes with EAP; with --cert alone the identity is --id`);
  if (tls && values['auth-method'] !== undefined) throw new UsageError(`${command}: --auth-method is for certificate authentication; EAP-TLS signs inside TLS`);
  const chain = readCertificates(command, values.cert, '--cert');
  const key = readPrivateKey(command, values.key);
  const ca = values.ca.flatMap((f) => readCertificates(command, f));
  const trust = {
    ca,
    ...(values['server-name'] ? { serverName: values['server-name'] } : {}),
    ...(values['windows-checks'] ? { windowsChecks: true } : {}),
  };
  const certificate = { chain, key };
  if (!tls) return { credentials: { method: 'cert', certificate, ...(values['auth-method'] ? { signature: values['auth-method'] as SignatureChoice } : {}), ...trust }, certificate };
  const peer = createEapPeer({
    identity: values.user!,
    method: 'tls',
    tls: {
      cert: new TextEncoder().encode(chain.map(pemOf).join('')),
      key: new TextEncoder().encode(key.export({ type: 'pkcs8', format: 'pem' }) as string),
      ca,
      // The TLS server certificate must carry the name the IKE certificate is checked for.
      serverName: values['server-name'] ?? gateway,
      ...(values['tls-pre-rfc9190'] ? { preRfc9190: true } : {}),
    },
  });
  return { credentials: { method: 'eap', peer, ...trust }, certificate };
}

const pemOf = (der: Uint8Array): string => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
