/**
 * Gateway certificate validation on the lab's own certificates (fixtures/gateways: the
 * RSA-2048 hierarchy and the RSA-4096 chain with an intermediate) and on certificates made
 * wrong on purpose with the openssl CLI in a temporary directory: no EKU, clientAuth only, no
 * ikeIntermediate, the name only in the CN, a P-521 key, an issuer that is not a CA, expired,
 * a forged signature, garbage.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateServerCertificate } from '../../src/endpoint/trust.js';

const GW = join(import.meta.dirname, '../../fixtures/gateways');
const der = (path: string): Uint8Array => new Uint8Array(new X509Certificate(readFileSync(path)).raw);
const ROOT2048 = der(join(GW, 'eap-mschapv2/x509ca/root-ca.pem'));
const EE2048 = der(join(GW, 'eap-mschapv2/x509/vpn.example.net.pem'));
const ROOT4096 = der(join(GW, 'rsa4096-chain-nofrag/x509ca/root-ca.pem'));
const INT4096 = der(join(GW, 'rsa4096-chain-nofrag/x509ca/intermediate-ca.pem'));
const EE4096 = der(join(GW, 'rsa4096-chain-nofrag/x509/vpn.example.net.pem'));
const SUBJECT = 'C=XX, O=ikescope lab, CN=vpn.example.net';

describe('the lab certificates', () => {
  it('RSA-2048: end-entity to root, by DNS name and by address, with the Windows checks', () => {
    for (const name of ['vpn.example.net', 'VPN.example.net.', '198.51.100.1']) {
      const r = validateServerCertificate([EE2048], { ca: [ROOT2048], name, windowsChecks: true });
      expect(r.ok && r.value.subject, name).toBe(SUBJECT);
      expect(r.ok && r.value.notes).toEqual([]);
    }
    const r = validateServerCertificate([EE2048], { ca: [ROOT2048] });
    expect(r.ok && r.value.key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('RSA-4096: through the intermediate the gateway sends, or one given as a CA', () => {
    expect(validateServerCertificate([EE4096, INT4096], { ca: [ROOT4096], name: 'vpn.example.net', windowsChecks: true }).ok).toBe(true);
    expect(validateServerCertificate([EE4096, INT4096, ROOT4096], { ca: [ROOT4096] }).ok).toBe(true);
    expect(validateServerCertificate([EE4096], { ca: [INT4096] }).ok).toBe(true);
    expect(validateServerCertificate([EE4096], { ca: [ROOT4096] })).toMatchObject({ ok: false, offset: 0, reason: expect.stringMatching(/not issued by a trusted CA/) });
  });

  it('the authentication fixtures: the ECDSA gateway passes the Windows checks; client certificates chain to their CAs', () => {
    const ecRoot = der(join(GW, 'cert-ecdsa/x509ca/root-ca.pem'));
    const ecGw = der(join(GW, 'cert-ecdsa/x509/vpn.example.net.pem'));
    const r = validateServerCertificate([ecGw], { ca: [ecRoot], name: 'vpn.example.net', windowsChecks: true });
    expect(r.ok && r.value.key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const CL = join(GW, '../clients');
    const clientCa = der(join(GW, 'cert-rsa/x509ca/client-ca.pem'));
    expect(validateServerCertificate([der(join(CL, 'cert-rsa/x509/alice.lab.example.net.pem'))], { ca: [clientCa], name: 'alice.lab.example.net' }).ok).toBe(true);
    expect(validateServerCertificate([der(join(CL, 'cert-ecdsa/x509/alice-ecdsa.lab.example.net.pem'))], { ca: [ecRoot], name: 'alice-ecdsa.lab.example.net' }).ok).toBe(true);
    // a client certificate (EKU clientAuth) is no gateway certificate for Windows
    expect(validateServerCertificate([der(join(CL, 'cert-rsa/x509/alice.lab.example.net.pem'))], { ca: [clientCa], name: 'alice.lab.example.net', windowsChecks: true }))
      .toMatchObject({ ok: false, reason: expect.stringMatching(/lacks serverAuth/) });
  });

  it('refuses another hierarchy, another name, and dates outside the validity', () => {
    expect(validateServerCertificate([EE4096, INT4096], { ca: [ROOT2048] }).ok).toBe(false);
    expect(validateServerCertificate([EE2048], { ca: [ROOT4096] }).ok).toBe(false);
    expect(validateServerCertificate([EE2048], { ca: [ROOT2048], name: 'other.example.net' })).toMatchObject({ ok: false, reason: expect.stringMatching(/subjectAltName .* does not hold other.example.net/) });
    expect(validateServerCertificate([EE2048], { ca: [ROOT2048], name: '198.51.100.2' }).ok).toBe(false);
    expect(validateServerCertificate([EE2048], { ca: [ROOT2048], now: new Date('2050-01-01') })).toMatchObject({ ok: false, reason: expect.stringMatching(/expired/) });
    expect(validateServerCertificate([EE2048], { ca: [ROOT2048], now: new Date('2020-01-01') })).toMatchObject({ ok: false, reason: expect.stringMatching(/not valid before/) });
  });

  it('refuses no chain, no CA, garbage and a forged signature without throwing', () => {
    expect(validateServerCertificate([], { ca: [ROOT2048] }).ok).toBe(false);
    expect(validateServerCertificate([EE2048], { ca: [] }).ok).toBe(false);
    expect(validateServerCertificate([Uint8Array.of(0x30, 0x03, 1, 2, 3)], { ca: [ROOT2048] }).ok).toBe(false);
    expect(validateServerCertificate([EE2048], { ca: [new Uint8Array(10)] }).ok).toBe(false);
    const forged = EE2048.slice();
    forged[forged.length - 5]! ^= 0x01; // inside the signature value
    expect(validateServerCertificate([forged], { ca: [ROOT2048] })).toMatchObject({ ok: false, reason: expect.stringMatching(/not issued by a trusted CA/) });
  });
});

describe('certificates made wrong on purpose (openssl, temporary directory)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ikescope-trust-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string, alg: string[] = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']): string => {
    ssl('genpkey', ...alg, '-out', `${name}.key`);
    return `${name}.key`;
  };
  ssl('req', '-x509', '-new', '-key', key('ca'), '-subj', '/CN=test root', '-days', '30', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const CA = new Uint8Array(new X509Certificate(readFileSync(join(dir, 'ca.pem'))).raw);

  /** A certificate for `cn` issued by `issuer` (default the test root) with these extensions. */
  const issue = (name: string, cn: string, ext: string[], o: { issuer?: string; keyAlg?: string[]; days?: string } = {}): Uint8Array => {
    const issuer = o.issuer ?? 'ca';
    writeFileSync(join(dir, `${name}.ext`), ext.join('\n') + '\n');
    ssl('req', '-new', '-key', key(name, o.keyAlg), '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial',
      '-days', o.days ?? '30', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
    return new Uint8Array(new X509Certificate(readFileSync(join(dir, `${name}.pem`))).raw);
  };
  const SAN = 'subjectAltName=DNS:gw.example.net,IP:198.51.100.9';
  const WIN = { ca: [CA], name: 'gw.example.net', windowsChecks: true };

  it('a proper one passes; without ikeIntermediate it passes with a note', () => {
    const good = issue('good', 'gw.example.net', [SAN, 'extendedKeyUsage=serverAuth,1.3.6.1.5.5.8.2.2']);
    expect(validateServerCertificate([good], WIN)).toMatchObject({ ok: true, value: { subject: 'CN=gw.example.net', notes: [] } });
    const noIkeInt = issue('noikeint', 'gw.example.net', [SAN, 'extendedKeyUsage=serverAuth']);
    expect(validateServerCertificate([noIkeInt], WIN)).toMatchObject({ ok: true, value: { notes: [expect.stringMatching(/ikeIntermediate/)] } });
  });

  it('no EKU, or clientAuth only: valid, but not for Windows', () => {
    const noEku = issue('noeku', 'gw.example.net', [SAN]);
    expect(validateServerCertificate([noEku], { ca: [CA], name: 'gw.example.net' }).ok).toBe(true);
    expect(validateServerCertificate([noEku], WIN)).toMatchObject({ ok: false, reason: expect.stringMatching(/no EKU extension/) });
    const client = issue('clientonly', 'gw.example.net', [SAN, 'extendedKeyUsage=clientAuth']);
    expect(validateServerCertificate([client], WIN)).toMatchObject({ ok: false, reason: expect.stringMatching(/lacks serverAuth/) });
  });

  it('the name only in the CN is not enough', () => {
    const cnOnly = issue('cnonly', 'gw.example.net', ['extendedKeyUsage=serverAuth']);
    expect(validateServerCertificate([cnOnly], { ca: [CA], name: 'gw.example.net' })).toMatchObject({ ok: false, reason: expect.stringMatching(/subjectAltName \(none\)/) });
  });

  it('a P-521 key: valid, not for Windows; P-256 is fine', () => {
    const p521 = issue('p521', 'gw.example.net', [SAN, 'extendedKeyUsage=serverAuth'], { keyAlg: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'] });
    expect(validateServerCertificate([p521], { ca: [CA], name: 'gw.example.net' }).ok).toBe(true);
    expect(validateServerCertificate([p521], WIN)).toMatchObject({ ok: false, reason: expect.stringMatching(/EC P-521/) });
    const p256 = issue('p256', 'gw.example.net', [SAN, 'extendedKeyUsage=serverAuth'], { keyAlg: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'] });
    expect(validateServerCertificate([p256], WIN).ok).toBe(true);
  });

  it('an issuer that is not a CA does not make a chain; a proper intermediate does', () => {
    issue('notca', 'not a ca', ['basicConstraints=CA:FALSE']);
    const below = issue('below', 'gw.example.net', [SAN], { issuer: 'notca' });
    const notCa = new Uint8Array(new X509Certificate(readFileSync(join(dir, 'notca.pem'))).raw);
    expect(validateServerCertificate([below, notCa], { ca: [CA] })).toMatchObject({ ok: false, offset: 1, reason: expect.stringMatching(/is not a CA/) });
    const inter = issue('inter', 'test intermediate', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign']);
    const leaf = issue('leaf', 'gw.example.net', [SAN, 'extendedKeyUsage=serverAuth'], { issuer: 'inter' });
    expect(validateServerCertificate([leaf, inter], WIN).ok).toBe(true);
    expect(validateServerCertificate([leaf], WIN).ok).toBe(false);
  });
});
