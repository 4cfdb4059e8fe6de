// AUTH payloads: the method, the scheme a fixed method implies, and for RFC 7427 Digital
// Signature the AlgorithmIdentifier named. Vectors: RFC 7427 Appendix A and RFC 8420 §2
// (EdDSA); the lab's AUTH payloads against tshark's decode of the same capture with its keys.
import { describe, expect, it } from 'vitest';
import { concat, fromHex, hex } from '../../src/ikev2/bytes.js';
import { AuthMethod } from '../../src/ikev2/registry/auth-methods.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { authenticationOf, decodeSignatureAlgorithm } from '../../src/ikev2/views.js';
import { innerOfType } from './support/decrypted.js';
import { decryptedFields, labRequired, tsharkAvailable } from './support/tshark-keys.js';

/** RFC 7427 Appendix A (A.1-A.4) and RFC 8420 §2: AlgorithmIdentifier encodings and their names. */
const VECTORS: [string, string, string][] = [
  ['A.1.1', '300d06092a864886f70d0101050500', 'sha1WithRSAEncryption'],
  ['A.1.2', '300d06092a864886f70d01010b0500', 'sha256WithRSAEncryption'],
  ['A.1.3', '300d06092a864886f70d01010c0500', 'sha384WithRSAEncryption'],
  ['A.1.4', '300d06092a864886f70d01010d0500', 'sha512WithRSAEncryption'],
  ['A.2.1', '300906072a8648ce380403', 'dsa-with-sha1'],
  ['A.2.2', '300b0609608648016503040302', 'dsa-with-sha256'],
  ['A.3.1', '300906072a8648ce3d0401', 'ecdsa-with-SHA1'],
  ['A.3.2', '300a06082a8648ce3d040302', 'ecdsa-with-SHA256'],
  ['A.3.3', '300a06082a8648ce3d040303', 'ecdsa-with-SHA384'],
  ['A.3.4', '300a06082a8648ce3d040304', 'ecdsa-with-SHA512'],
  ['A.4.1 (no parameters: the defaults)', '300b06092a864886f70d01010a', 'RSASSA-PSS (SHA-1, MGF1 with SHA-1, salt 20)'],
  ['A.4.2 (default parameters)', '300d06092a864886f70d01010a3000', 'RSASSA-PSS (SHA-1, MGF1 with SHA-1, salt 20)'],
  [
    'A.4.3 (SHA-256)',
    '304606092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120a303020101',
    'RSASSA-PSS (SHA-256, MGF1 with SHA-256, salt 32)',
  ],
  ['RFC 8420 Ed25519', '300506032b6570', 'Ed25519'],
  ['RFC 8420 Ed448', '300506032b6571', 'Ed448'],
];

/** An AUTH payload of method 14: ASN.1 Length, AlgorithmIdentifier, signature value. */
const auth14 = (alg: Uint8Array, sig = new Uint8Array(64).fill(0xab)) =>
  ({ method: AuthMethod.DIGITAL_SIGNATURE, data: concat([Uint8Array.of(alg.length), alg, sig]) });

describe('AUTH views', () => {
  it.each(VECTORS)('%s', (_name, der, label) => {
    const r = decodeSignatureAlgorithm(fromHex(der));
    expect(r.ok && r.value.label).toBe(label);
    const a = authenticationOf(auth14(fromHex(der)));
    expect(a.signature).toMatchObject({ ok: true, value: { label, signatureLength: 64 } });
  });

  it('the view never holds the Authentication Data', () => {
    const sig = Uint8Array.from({ length: 256 }, (_, i) => i);
    const a = authenticationOf(auth14(fromHex(VECTORS[1]![1]), sig));
    expect(JSON.stringify(a, (_k, v) => (v instanceof Uint8Array ? hex(v) : v))).not.toContain(hex(sig.subarray(0, 16)));
    expect(a).toEqual({
      method: 14, methodName: 'DIGITAL_SIGNATURE', dataLength: 1 + 15 + 256,
      signature: { ok: true, value: expect.objectContaining({ name: 'sha256WithRSAEncryption', hash: 'SHA-256', parameters: 'null', signatureLength: 256 }) },
    });
  });

  it('fixed methods name the scheme they imply', () => {
    const at = (method: number) => authenticationOf({ method, data: new Uint8Array(32) });
    expect(at(AuthMethod.RSA_DIGITAL_SIGNATURE).scheme).toBe('RSASSA-PKCS1-v1_5 with SHA-1');
    expect(at(AuthMethod.ECDSA_SHA2_384_P384).scheme).toBe('ECDSA with SHA-384 on P-384');
    expect(at(AuthMethod.SHARED_KEY_MIC)).toEqual({ method: 2, methodName: 'SHARED_KEY_MIC', dataLength: 32 });
    expect(at(201).methodName).toMatch(/PRIVATE_USE/);
  });

  it('malformed RFC 7427 data is a value with an offset into the Authentication Data', () => {
    const cases: [Uint8Array, RegExp, number][] = [
      [new Uint8Array(0), /no ASN.1 Length/, 0],
      [Uint8Array.of(20, 0x30, 0x00), /runs past/, 0],
      [concat([Uint8Array.of(4), fromHex('30030601'), new Uint8Array(8)]), /past the end|malformed|OBJECT/, 1],
      [concat([Uint8Array.of(3), fromHex('020100'), new Uint8Array(8)]), /not a SEQUENCE/, 1],
      [concat([Uint8Array.of(15), fromHex('300d06092a864886f70d01010a0500'), new Uint8Array(8)]), /NULL parameters/, 14],
    ];
    for (const [data, reason, offset] of cases) {
      const a = authenticationOf({ method: AuthMethod.DIGITAL_SIGNATURE, data });
      expect(a.signature?.ok, hex(data)).toBe(false);
      if (a.signature && !a.signature.ok) {
        expect(a.signature.reason).toMatch(reason);
        expect(a.signature.offset).toBeGreaterThanOrEqual(offset);
        expect(a.signature.offset).toBeLessThanOrEqual(data.length);
      }
    }
  });

  describe.skipIf(!tsharkAvailable && !labRequired)('lab AUTH payloads against tshark', () => {
    it.each([
      ['eap-mschapv2-ping', 'sha256WithRSAEncryption', 256],
      ['ip-fragmented-auth', 'sha384WithRSAEncryption', 512],
      ['production-windows', 'sha384WithRSAEncryption', 512],
    ])('%s: the gateway signs with %s', async (name, alg, sigLength) => {
      const auths = await innerOfType(name, PayloadType.AUTH);
      const signed = auths.filter((a) => a.payload.method === AuthMethod.DIGITAL_SIGNATURE);
      expect(signed).toHaveLength(1);
      const v = authenticationOf(signed[0]!.payload);
      expect(v.signature).toMatchObject({ ok: true, value: { name: alg, signatureLength: sigLength } });
      // tshark: the ASN.1 data of the AUTH payload in the same frame is the same AlgorithmIdentifier.
      const rows = await decryptedFields(name, ['isakmp.auth.data.sig.asn1.data'], 'isakmp.auth.method == 14');
      const asn1 = [...rows.values()].flatMap((r) => r[0]!).map((s) => s.replace(/:/g, ''));
      expect(asn1).toHaveLength(1);
      const r = decodeSignatureAlgorithm(fromHex(asn1[0]!));
      expect(r.ok && r.value.name).toBe(alg);
      expect(hex(signed[0]!.payload.data.subarray(1, 1 + signed[0]!.payload.data[0]!))).toBe(asn1[0]);
      // The EAP side authenticates with the MSK: SHARED_KEY_MIC both ways.
      expect(auths.filter((a) => a.payload.method === AuthMethod.SHARED_KEY_MIC)).toHaveLength(2);
    });
  });
});
