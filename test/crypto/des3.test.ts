/**
 * DES-CBC (ENCR_DES, run as EDE3 with one key three times) on the FIPS 81 CBC example, and
 * 3DES-CBC (ENCR_3DES, RFC 2451 — which has no vectors of its own) cross-checked with
 * node:crypto's des-ede3-cbc on seeded random keys, IVs and lengths.
 */
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encrAlgorithm } from '../../src/crypto/algorithms.js';
import { createCipher, type Cipher } from '../../src/crypto/cipher.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { ascii, h, seeded, toHex } from './support.js';

function cipher(id: number, key: Uint8Array): Cipher {
  const c = createCipher(encrAlgorithm(id)!, key);
  if (!c.ok || c.value.aead) throw new Error(c.ok ? 'AEAD' : c.message);
  return c.value;
}

describe('ENCR_DES', () => {
  it('FIPS 81 Appendix C CBC example ("Now is the time for all ")', () => {
    const des = cipher(EncrId.ENCR_DES, h('0123456789abcdef'));
    const iv = h('1234567890abcdef');
    const ct = 'e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6';
    expect(toHex(des.encrypt(iv, ascii('Now is the time for all ')))).toBe(ct);
    expect(new TextDecoder().decode(des.decrypt(iv, h(ct)))).toBe('Now is the time for all ');
  });
  it('is described as 8-octet key, IV and block', () => {
    expect(encrAlgorithm(EncrId.ENCR_DES)).toMatchObject({ name: 'ENCR_DES', keyBytes: 8, ivBytes: 8, blockBytes: 8, aead: false });
  });
});

describe('ENCR_3DES cross-check with node:crypto des-ede3-cbc (seeded)', () => {
  it('300 messages of 0..40 blocks', () => {
    const r = seeded(0x3de5);
    const keys = [r.bytes(24), r.bytes(24)];
    const ciphers = keys.map((k) => cipher(EncrId.ENCR_3DES, k));
    for (let i = 0; i < 300; i++) {
      const which = r.int(2);
      const iv = r.bytes(8);
      const ct = r.bytes(8 * r.int(41));
      const want = createDecipheriv('des-ede3-cbc', keys[which]!, iv).setAutoPadding(false).update(ct);
      expect(toHex(ciphers[which]!.decrypt(iv, ct))).toBe(toHex(want));
      expect(toHex(ciphers[which]!.encrypt(iv, want))).toBe(toHex(ct));
    }
  });
});
