// RFC 7296 §3.7: a CERTREQ names each trusted CA by "the SHA-1 hash of the Subject Public Key
// Info element" of its certificate. The certificate view computes that hash, so the CA hashes a
// peer asks for can be matched to the CA certificates seen in the capture (or on disk).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hex } from '../../src/ikev2/bytes.js';
import { isPayload } from '../../src/ikev2/payload.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { certificateOf, decodeCertificate, matchCaHashes, type CertificateSummary } from '../../src/ikev2/views.js';
import { ROOT } from '../helpers/cli.js';
import { decrypted } from './support/decrypted.js';
import { derOf, opensslMissing, opensslView } from './support/openssl.js';

const fixture = (path: string): CertificateSummary => {
  const r = decodeCertificate(derOf(join(ROOT, 'fixtures/gateways', path)));
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

/** CERTREQ CA hashes (outer and decrypted) and certificates of a capture, by frame. */
async function seen(capture: string) {
  const certreqs: { frame: number; hashes: readonly Uint8Array[] }[] = [];
  const certs: CertificateSummary[] = [];
  for (const m of await decrypted(capture)) {
    for (const p of [...m.message.payloads, ...m.inner]) {
      if (isPayload(p, PayloadType.CERTREQ) && p.caHashes) certreqs.push({ frame: m.frame, hashes: p.caHashes });
      if (isPayload(p, PayloadType.CERT)) {
        const c = certificateOf(p);
        if (c?.ok) certs.push(c.value);
      }
    }
  }
  return { certreqs, certs };
}

describe('CERTREQ CA hashes name CA keys', () => {
  it.skipIf(opensslMissing())('the SPKI SHA-1 is the SHA-1 of the DER public key openssl writes', () => {
    for (const f of ['eap-mschapv2/x509ca/root-ca.pem', 'production-windows/x509ca/root-ca.pem', 'production-windows/x509ca/intermediate-ca.pem']) {
      expect(hex(fixture(f).spkiSha1)).toBe(opensslView(join(ROOT, 'fixtures/gateways', f)).spkiSha1);
    }
  });

  it('eap-mschapv2-ping: both peers ask for the RSA-2048 root, which is not sent', async () => {
    const { certreqs, certs } = await seen('eap-mschapv2-ping');
    const root = fixture('eap-mschapv2/x509ca/root-ca.pem');
    expect(certreqs.map((c) => c.frame)).toEqual([4, 5]);
    for (const c of certreqs) expect(c.hashes.map(hex)).toEqual([hex(root.spkiSha1)]);
    expect(matchCaHashes(certreqs[0]!.hashes, certs)).toEqual([]);
    expect(matchCaHashes(certreqs[0]!.hashes, [...certs, root])).toEqual([{ hash: 0, cert: root }]);
  });

  it('production-windows: the gateway names root and intermediate; the intermediate it then sends matches', async () => {
    const { certreqs, certs } = await seen('production-windows');
    const gw = certreqs.find((c) => c.frame === 4)!;
    expect(gw.hashes).toHaveLength(2);
    const matches = matchCaHashes(gw.hashes, certs);
    expect(matches.map((m) => [m.hash, m.cert.subject.text])).toEqual([[1, 'C=XX, O=ikescope lab, CN=ikescope lab RSA-4096 Intermediate CA']]);
    expect(matches[0]!.cert.ca).toBe(true);
    const root = fixture('production-windows/x509ca/root-ca.pem');
    expect(hex(gw.hashes[0]!)).toBe(hex(root.spkiSha1));
    // The end-entity certificate's key is no CA key: nothing names it.
    const ee = certs.find((c) => !c.ca)!;
    expect(gw.hashes.some((h) => hex(h) === hex(ee.spkiSha1))).toBe(false);
  });
});
