/**
 * openssl(1) as the oracle for certificates: what `openssl x509 -noout -text` (and a few
 * narrower options) says about a certificate file, reduced to the fields the certificate view
 * gives, and a way to make test certificates with it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const opensslMissing = (): string | undefined =>
  spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0 ? undefined : 'openssl is not installed';

const run = (args: string[], input?: Buffer): string =>
  execFileSync('openssl', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });

/** OpenSSL's long names for the key purposes the lab and the tests use. */
const EKU_LONG_NAMES: Record<string, string> = {
  'TLS Web Server Authentication': '1.3.6.1.5.5.7.3.1',
  'TLS Web Client Authentication': '1.3.6.1.5.5.7.3.2',
  'ipsec Internet Key Exchange': '1.3.6.1.5.5.7.3.17',
  'IPSec End System': '1.3.6.1.5.5.7.3.5',
  'IPSec Tunnel': '1.3.6.1.5.5.7.3.6',
  'IPSec User': '1.3.6.1.5.5.7.3.7',
  'Any Extended Key Usage': '2.5.29.37.0',
  'E-mail Protection': '1.3.6.1.5.5.7.3.4',
  'Code Signing': '1.3.6.1.5.5.7.3.3',
};

export interface OpensslView {
  subject: string;
  issuer: string;
  serial: bigint;
  notBefore: Date;
  notAfter: Date;
  /** subjectAltName entries as OpenSSL prints them ("DNS:…", "IP Address:…", "email:…"). */
  san: string[];
  /** EKU OIDs (OpenSSL's long names mapped back). */
  eku: string[] | undefined;
  /** "Public-Key: (N bit)". */
  keyBits: number | undefined;
  /** "Public Key Algorithm: …" */
  keyAlgorithm: string;
  /** "NIST CURVE: P-256" */
  curve: string | undefined;
  ca: boolean;
  pathLength: number | undefined;
  keyUsage: string[] | undefined;
  signatureAlgorithm: string;
  /** SHA-1 of the DER public key as `openssl pkey -pubin -outform DER` writes it. */
  spkiSha1: string;
  sha1Fingerprint: string;
  text: string;
}

/**
 * The DN in strongSwan's order and RFC 4514 escaping: OpenSSL's sep_comma_plus_space,sname,
 * esc_2253 with its " + " joiner tightened and emailAddress spelt "E".
 */
function dn(line: string): string {
  return line.replace(/^(subject|issuer)=/, '').replace(/ \+ /g, '+').replace(/(^|, |\+)emailAddress=/g, '$1E=').trim();
}

function extLines(path: string, ext: string): string[] | undefined {
  const out = run(['x509', '-in', path, '-noout', '-ext', ext]).split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

export function opensslView(path: string): OpensslView {
  const text = run(['x509', '-in', path, '-noout', '-text']);
  const nameopt = ['-nameopt', 'sep_comma_plus_space,sname,esc_2253,utf8'];
  const subject = dn(run(['x509', '-in', path, '-noout', '-subject', ...nameopt]).trim());
  const issuer = dn(run(['x509', '-in', path, '-noout', '-issuer', ...nameopt]).trim());
  const serial = BigInt(`0x${run(['x509', '-in', path, '-noout', '-serial']).trim().replace(/^serial=/, '')}`);
  const date = (opt: string) => new Date(run(['x509', '-in', path, '-noout', opt]).trim().replace(/^not(Before|After)=/, ''));
  const san = extLines(path, 'subjectAltName')?.join(', ').split(', ') ?? [];
  const eku = extLines(path, 'extendedKeyUsage')?.join(', ').split(', ').map((n) => EKU_LONG_NAMES[n] ?? n);
  const bc = extLines(path, 'basicConstraints')?.join(', ') ?? '';
  const ku = extLines(path, 'keyUsage')?.join(', ').split(', ');
  const pubDer = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], {
    input: run(['x509', '-in', path, '-noout', '-pubkey']),
  });
  const fp = run(['x509', '-in', path, '-noout', '-fingerprint', '-sha1']).trim().replace(/^.*=/, '').replace(/:/g, '').toLowerCase();
  return {
    subject,
    issuer,
    serial,
    notBefore: date('-startdate'),
    notAfter: date('-enddate'),
    san,
    eku,
    keyBits: /Public-Key: \((\d+) bit\)/.exec(text) ? Number(/Public-Key: \((\d+) bit\)/.exec(text)![1]) : undefined,
    keyAlgorithm: /Public Key Algorithm: (\S+)/.exec(text)![1]!,
    curve: /NIST CURVE: (\S+)/.exec(text)?.[1],
    ca: /CA:TRUE/.test(bc),
    pathLength: /pathlen:(\d+)/.exec(bc) ? Number(/pathlen:(\d+)/.exec(bc)![1]) : undefined,
    keyUsage: ku,
    signatureAlgorithm: /Signature Algorithm: (\S+)/.exec(text)![1]!,
    spkiSha1: createHash('sha1').update(pubDer).digest('hex'),
    sha1Fingerprint: fp,
    text,
  };
}

/** The DER of a PEM certificate file. */
export function derOf(path: string): Uint8Array {
  return new Uint8Array(new X509Certificate(readFileSync(path)).raw);
}

export interface MakeCert {
  /** `openssl req -newkey` argument and its -pkeyopt options. */
  key: string;
  pkeyopt?: string[];
  subject: string;
  multivalueRdn?: boolean;
  /** -addext values. */
  ext?: string[];
  /** Extra config sections (for dirName SANs), appended to a minimal req config. */
  config?: string;
  /** -sigopt values (RSA-PSS signatures). */
  sigopt?: string[];
  /** Message digest, e.g. "sha384". */
  digest?: string;
}

/** A self-signed certificate made by `openssl req -x509`; its path and DER. */
export function makeCert(m: MakeCert): { path: string; der: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), 'ikescope-cert-'));
  const conf = join(dir, 'req.cnf');
  writeFileSync(conf, `[req]\ndistinguished_name=dn\nutf8=yes\nstring_mask=utf8only\n[dn]\n${m.config ?? ''}\n`);
  const path = join(dir, 'cert.pem');
  run([
    'req', '-x509', '-config', conf, '-newkey', m.key, ...(m.pkeyopt ?? []).flatMap((o) => ['-pkeyopt', o]),
    '-nodes', '-keyout', join(dir, 'key.pem'), '-out', path, '-days', '30', '-subj', m.subject, '-utf8',
    ...(m.multivalueRdn ? ['-multivalue-rdn'] : []),
    ...(m.ext ?? []).flatMap((e) => ['-addext', e]),
    ...(m.sigopt ?? []).flatMap((o) => ['-sigopt', o]),
    ...(m.digest ? [`-${m.digest}`] : []),
  ]);
  return { path, der: derOf(path) };
}
