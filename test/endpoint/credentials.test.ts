// The client certificate pieces of IKE_AUTH (src/endpoint/credentials.ts) with the lab's
// fixture credentials: the key checked against the certificate, IDi from the certificate
// (RFC 7296 §3.5), the CERTREQ hash (§3.7: SHA-1 of the CA's SubjectPublicKeyInfo, here
// recomputed from OpenSSL's export of the key, not our DER reader), and the signature method
// rules of RFC 7427 §4. The interop tests (test/interop/cert-auth.test.ts) prove the same
// against strongSwan.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateIdentity, certReqFor, checkClientCertificate, chooseSignature } from '../../src/endpoint/credentials.js';
import { identityOf } from '../../src/ikev2/identity.js';
import { AuthMethod, HashAlgorithm, IdType } from '../../src/ikev2/registry/index.js';
import { ROOT } from '../helpers/cli.js';

const FX = join(ROOT, 'fixtures');
const der = (f: string): Uint8Array => new Uint8Array(new X509Certificate(readFileSync(f)).raw);
const RSA_CERT = der(join(FX, 'clients/cert-rsa/x509/alice.lab.example.net.pem'));
const RSA_KEY = createPrivateKey(readFileSync(join(FX, 'clients/cert-rsa/private/alice.lab.example.net.key')));
const EC_CERT = der(join(FX, 'clients/cert-ecdsa/x509/alice-ecdsa.lab.example.net.pem'));
const EC_KEY = createPrivateKey(readFileSync(join(FX, 'clients/cert-ecdsa/private/alice-ecdsa.lab.example.net.key')));
const GW_KEY = createPrivateKey(readFileSync(join(FX, 'gateways/eap-mschapv2/private/vpn.example.net.key')));
const ROOT_CA = join(FX, 'gateways/eap-mschapv2/x509ca/root-ca.pem');
const DN = 'C=XX, O=ikescope lab, CN=alice.lab.example.net';

function summary() {
  const s = checkClientCertificate({ chain: [RSA_CERT], key: RSA_KEY });
  if (!s.ok) throw new Error(s.reason);
  return s.value;
}

describe('checkClientCertificate', () => {
  it('accepts the certificate\'s own key, RSA and EC', () => {
    expect(summary().subject.text).toBe(DN);
    expect(checkClientCertificate({ chain: [EC_CERT], key: EC_KEY }).ok).toBe(true);
  });

  it('refuses another key with the certificate named, and no key material in the reason', () => {
    const r = checkClientCertificate({ chain: [RSA_CERT], key: GW_KEY });
    expect(r).toEqual({ ok: false, offset: 0, reason: `the private key does not belong to the certificate "${DN}"` });
    expect(checkClientCertificate({ chain: [RSA_CERT], key: EC_KEY }).ok).toBe(false);
    expect(checkClientCertificate({ chain: [], key: RSA_KEY }).ok).toBe(false);
  });
});

describe('certificateIdentity (RFC 7296 §3.5)', () => {
  it('dn: the subject as ID_DER_ASN1_DN, which reads back as the subject', () => {
    const r = certificateIdentity(summary(), { kind: 'dn' });
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.idType).toBe(IdType.ID_DER_ASN1_DN);
    expect(identityOf(r.value)).toEqual(expect.objectContaining({ ok: true, value: expect.objectContaining({ text: DN }) }));
  });

  it('san: the first DNS subjectAltName as ID_FQDN', () => {
    const r = certificateIdentity(summary(), { kind: 'san' });
    expect(r.ok && [r.value.idType, r.value.value]).toEqual([IdType.ID_FQDN, 'alice.lab.example.net']);
  });

  it('an explicit identity must be in the certificate: the SAN (any case) or the subject text', () => {
    const fqdn = certificateIdentity(summary(), { kind: 'dn', explicit: 'ALICE.lab.example.net' });
    expect(fqdn.ok && fqdn.value.idType).toBe(IdType.ID_FQDN);
    const dn = certificateIdentity(summary(), { kind: 'san', explicit: DN });
    expect(dn.ok && dn.value.idType).toBe(IdType.ID_DER_ASN1_DN);
    const other = certificateIdentity(summary(), { kind: 'dn', explicit: 'bob.lab.example.net' });
    expect(other.ok).toBe(false);
    expect(!other.ok && other.reason).toMatch(/^the identity bob\.lab\.example\.net is not in the client certificate \(subject "C=XX, O=ikescope lab, CN=alice\.lab\.example\.net", dns:alice\.lab\.example\.net\)/);
    expect(certificateIdentity(summary(), { kind: 'dn', explicit: '198.51.100.2' }).ok).toBe(false);
  });
});

describe('certReqFor (RFC 7296 §3.7)', () => {
  it('one X.509 CERTREQ whose hash is SHA-1 over the CA\'s SubjectPublicKeyInfo as OpenSSL exports it', () => {
    const ca = new X509Certificate(readFileSync(ROOT_CA));
    const spkiSha1 = createHash('sha1').update(ca.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
    const r = certReqFor([new Uint8Array(ca.raw)]);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.encoding).toBe(4);
    expect(Buffer.from(r.value.data).toString('hex')).toBe(spkiSha1);
  });
});

describe('chooseSignature (RFC 7427 §4, RFC 4754)', () => {
  const all = [HashAlgorithm.SHA2_256, HashAlgorithm.SHA2_384, HashAlgorithm.SHA2_512];
  it('default: method 14 when the gateway sent SIGNATURE_HASH_ALGORITHMS, with the first SHA-2 hash it lists that we prefer', () => {
    expect(chooseSignature(RSA_KEY, undefined, all)).toEqual({ ok: true, value: { method: AuthMethod.DIGITAL_SIGNATURE, hash: 'sha256' } });
    expect(chooseSignature(RSA_KEY, undefined, [HashAlgorithm.SHA1, HashAlgorithm.SHA2_512])).toEqual({ ok: true, value: { method: 14, hash: 'sha512' } });
    expect(chooseSignature(EC_KEY, undefined, [HashAlgorithm.SHA2_512, HashAlgorithm.SHA2_256])).toEqual({ ok: true, value: { method: 14, hash: 'sha256' } });
  });

  it('default without the notify: RSA method 1, ECDSA by curve (P-256: 9)', () => {
    expect(chooseSignature(RSA_KEY, undefined, undefined)).toEqual({ ok: true, value: { method: AuthMethod.RSA_DIGITAL_SIGNATURE } });
    expect(chooseSignature(EC_KEY, undefined, undefined)).toEqual({ ok: true, value: { method: AuthMethod.ECDSA_SHA2_256_P256 } });
  });

  it('explicit choices, and what they cannot do', () => {
    expect(chooseSignature(RSA_KEY, 'rsa-pss', [HashAlgorithm.SHA2_384])).toEqual({ ok: true, value: { method: 14, hash: 'sha384', pss: true } });
    expect(chooseSignature(RSA_KEY, 'rsa', all)).toEqual({ ok: true, value: { method: 1 } });
    expect(chooseSignature(EC_KEY, 'ecdsa', all)).toEqual({ ok: true, value: { method: 9 } });
    expect(chooseSignature(RSA_KEY, 'rfc7427', undefined).ok).toBe(false); // §4: not negotiated
    expect(chooseSignature(RSA_KEY, 'rfc7427', [HashAlgorithm.SHA1]).ok).toBe(false); // no SHA-2 hash offered
    expect(chooseSignature(RSA_KEY, 'ecdsa', all).ok).toBe(false);
    expect(chooseSignature(EC_KEY, 'rsa', all).ok).toBe(false);
    expect(chooseSignature(EC_KEY, 'rsa-pss', all).ok).toBe(false);
  });
});
