// A CERT payload whose data is not a certificate gives a failure value with an offset into the
// data, never an exception: truncations of a real certificate, trailing octets, BER where DER
// is required, PEM text, wrong structure, bad times, and seeded mutations.
import { describe, expect, it } from 'vitest';
import { concat, fromHex } from '../../src/ikev2/bytes.js';
import { CertEncoding } from '../../src/ikev2/registry/cert-encodings.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { certificateOf, decodeCertificate } from '../../src/ikev2/views.js';
import { mutate, rng } from '../helpers/fuzz.js';
import { innerOfType } from './support/decrypted.js';

async function labCert(): Promise<Uint8Array> {
  const [c] = await innerOfType('eap-mschapv2-ping', PayloadType.CERT);
  return c!.payload.data;
}

function failure(der: Uint8Array) {
  let r: ReturnType<typeof decodeCertificate> | undefined;
  expect(() => { r = decodeCertificate(der); }).not.toThrow();
  expect(r!.ok).toBe(false);
  if (r!.ok) throw new Error('decoded');
  expect(r!.offset).toBeGreaterThanOrEqual(0);
  expect(r!.offset).toBeLessThanOrEqual(der.length);
  return r!;
}

describe('malformed certificates are values', () => {
  it('every truncation of the lab certificate fails at an offset inside it', async () => {
    const der = await labCert();
    expect(decodeCertificate(der).ok).toBe(true);
    for (let n = 0; n < der.length; n++) failure(der.subarray(0, n));
  });

  it('octets after the certificate', async () => {
    expect(failure(concat([await labCert(), Uint8Array.of(0)])).reason).toMatch(/after the element/);
  });

  it('indefinite length (BER, not DER)', async () => {
    const der = await labCert();
    const ber = concat([Uint8Array.of(0x30, 0x80), der.subarray(4), Uint8Array.of(0, 0)]);
    expect(failure(ber).reason).toMatch(/indefinite length/);
  });

  it('PEM text where DER belongs', () => {
    const pem = new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(failure(pem)).toMatchObject({ offset: 0, reason: expect.stringMatching(/PEM/) });
  });

  it('no data, a bare SEQUENCE, a SEQUENCE of the wrong shape', () => {
    expect(failure(new Uint8Array(0)).reason).toMatch(/no data/);
    expect(failure(fromHex('3000')).reason).toMatch(/not 3/);
    expect(failure(fromHex('3009 020101 020102 020103')).reason).toMatch(/tbsCertificate is not a SEQUENCE/);
  });

  it('a validity that is not a time', async () => {
    const der = new Uint8Array(await labCert());
    // The notBefore UTCTime of the lab certificate: "261122143930Z" → month 13.
    const at = Buffer.from(der).indexOf(Buffer.from('261122143930Z'));
    expect(at).toBeGreaterThan(0);
    der.set(new TextEncoder().encode('13'), at + 2);
    expect(failure(der)).toMatchObject({ offset: at, reason: expect.stringMatching(/out of range/) });
  });

  it('certificateOf: X.509 only; other encodings are left alone', async () => {
    const data = await labCert();
    expect(certificateOf({ type: PayloadType.CERT, encoding: CertEncoding.X509_SIGNATURE, data })?.ok).toBe(true);
    expect(certificateOf({ type: PayloadType.CERT, encoding: CertEncoding.HASH_URL_X509_CERT, data })).toBeUndefined();
    expect(certificateOf({ type: PayloadType.CERT, encoding: CertEncoding.X509_SIGNATURE, data: data.subarray(0, 100) })?.ok).toBe(false);
  });

  it('3000 seeded mutations of the lab certificate: no exception, and a failure points inside the data', async () => {
    const der = await labCert();
    const r = rng(7427);
    let decoded = 0;
    for (let i = 0; i < 3000; i++) {
      const m = mutate(r, der);
      let out: ReturnType<typeof decodeCertificate> | undefined;
      expect(() => { out = decodeCertificate(m); }, `case ${i}`).not.toThrow();
      if (out!.ok) {
        decoded++;
        expect(typeof out!.value.subject.text).toBe('string');
        expect(out!.value.spkiSha1).toHaveLength(20);
      } else {
        expect(out!.offset, `case ${i}`).toBeGreaterThanOrEqual(0);
        expect(out!.offset, `case ${i}`).toBeLessThanOrEqual(m.length);
      }
    }
    // Flips inside the signature or a string still decode: the seed exercises both outcomes.
    expect(decoded).toBeGreaterThan(0);
    expect(decoded).toBeLessThan(3000);
  });
});
