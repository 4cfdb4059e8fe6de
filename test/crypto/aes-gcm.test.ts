/**
 * AES-GCM through ENCR_AES_GCM_8/12/16 (RFC 4106 / RFC 5282 key layout: key | 4-octet salt,
 * 8-octet IV) on the McGrew-Viega GCM test cases with a 96-bit IV (salt cafebabe, IV
 * facedbaddecaf888: test cases 3, 4, 9, 10, 15, 16 of "The Galois/Counter Mode of
 * Operation", as RFC 4106 points to), AES-GMAC (RFC 4543) against @noble/ciphers' GCM, and a
 * seeded cross-check of all three tag lengths with @noble/ciphers.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { encrAlgorithm } from '../../src/crypto/algorithms.js';
import { createCipher, type Aead } from '../../src/crypto/cipher.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { h, seeded, toHex } from './support.js';

function aead(id: number, key: Uint8Array, salt: Uint8Array): Aead {
  const alg = encrAlgorithm(id, key.length * 8)!;
  const c = createCipher(alg, new Uint8Array([...key, ...salt]));
  if (!c.ok || !c.value.aead) throw new Error('not an AEAD');
  return c.value;
}

const SALT = h('cafebabe');
const IV = h('facedbaddecaf888');
const K128 = h('feffe9928665731c6d6a8f9467308308');
const K192 = h('feffe9928665731c6d6a8f9467308308feffe9928665731c');
const K256 = h('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
const P = h('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255');
const P60 = P.subarray(0, 60);
const AAD = h('feedfacedeadbeeffeedfacedeadbeefabaddad2');

describe('McGrew-Viega GCM test cases (96-bit IV)', () => {
  const cases: [string, Uint8Array, Uint8Array, Uint8Array, string, string][] = [
    ['3 (AES-128)', K128, P, new Uint8Array(0),
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985',
      '4d5c2af327cd64a62cf35abd2ba6fab4'],
    ['4 (AES-128, AAD)', K128, P60, AAD,
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091',
      '5bc94fbc3221a5db94fae95ae7121a47'],
    ['9 (AES-192)', K192, P, new Uint8Array(0),
      '3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710acade256',
      '9924a7c8587336bfb118024db8674a14'],
    ['15 (AES-256)', K256, P, new Uint8Array(0),
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
      'b094dac5d93471bdec1a502270e3cc6c'],
    ['16 (AES-256, AAD)', K256, P60, AAD,
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
      '76fc6ece0f4e1768cddf8853bb2d551b'],
  ];
  it.each(cases)('test case %s, ICV 16', (_n, key, pt, aad, ct, tag) => {
    const c = aead(EncrId.ENCR_AES_GCM_16, key, SALT);
    expect(toHex(c.seal(IV, aad, pt))).toBe(ct + tag);
    expect(toHex(c.open(IV, aad, h(ct), h(tag))!)).toBe(toHex(pt));
    expect(toHex(c.decryptUnchecked(IV, h(ct)))).toBe(toHex(pt));
  });
  it('ICV 8 and 12 are the leftmost octets of the tag (RFC 4106 §6)', () => {
    const ct = cases[0]![4];
    const tag = cases[0]![5];
    for (const [id, n] of [[EncrId.ENCR_AES_GCM_8, 8], [EncrId.ENCR_AES_GCM_12, 12]] as const) {
      const c = aead(id, K128, SALT);
      expect(toHex(c.seal(IV, new Uint8Array(0), P))).toBe(ct + tag.slice(0, 2 * n));
      expect(c.open(IV, new Uint8Array(0), h(ct), h(tag.slice(0, 2 * n)))).toBeDefined();
      expect(c.open(IV, new Uint8Array(0), h(ct), h(tag))).toBeUndefined();
    }
  });
  it('a flipped bit in ciphertext, tag, AAD or salt fails the tag', () => {
    const [, key, pt, aad, ct, tag] = cases[1]!;
    const c = aead(EncrId.ENCR_AES_GCM_16, key, SALT);
    const flip = (s: string, at: number) => { const b = h(s); b[at] ^= 1; return b; };
    expect(c.open(IV, aad, flip(ct, 7), h(tag))).toBeUndefined();
    expect(c.open(IV, aad, h(ct), flip(tag, 15))).toBeUndefined();
    expect(c.open(IV, flip(toHex(aad), 0), h(ct), h(tag))).toBeUndefined();
    expect(aead(EncrId.ENCR_AES_GCM_16, key, h('cafebabf')).open(IV, aad, h(ct), h(tag))).toBeUndefined();
    expect(pt.length).toBe(60);
  });
});

describe('cross-check with @noble/ciphers gcm (seeded)', () => {
  const r = seeded(0x6c3);
  for (const [id, tagBytes] of [[EncrId.ENCR_AES_GCM_8, 8], [EncrId.ENCR_AES_GCM_12, 12], [EncrId.ENCR_AES_GCM_16, 16]] as const) {
    for (const bits of [128, 192, 256]) {
      it(`AES-${bits}-GCM with ${tagBytes}-octet ICV`, () => {
        for (let i = 0; i < 40; i++) {
          const key = r.bytes(bits / 8);
          const salt = r.bytes(4);
          const iv = r.bytes(8);
          const aad = r.bytes(r.int(40));
          const pt = r.bytes(r.int(200));
          const full = gcm(key, new Uint8Array([...salt, ...iv]), aad).encrypt(pt);
          const want = new Uint8Array([...full.subarray(0, pt.length), ...full.subarray(pt.length, pt.length + tagBytes)]);
          const c = aead(id, key, salt);
          expect(toHex(c.seal(iv, aad, pt))).toBe(toHex(want));
          expect(toHex(c.open(iv, aad, want.subarray(0, pt.length), want.subarray(pt.length))!)).toBe(toHex(pt));
        }
      });
    }
  }
});

describe('ENCR_NULL_AUTH_AES_GMAC (RFC 4543 §3.3)', () => {
  const r = seeded(0x9ac);
  it('the tag is GCM over AAD = SPI | Seq | IV | payload with nothing encrypted', () => {
    for (const bits of [128, 192, 256]) {
      const key = r.bytes(bits / 8);
      const salt = r.bytes(4);
      const iv = r.bytes(8);
      const spiSeq = r.bytes(8);
      const payload = r.bytes(1 + r.int(100));
      const c = aead(EncrId.ENCR_NULL_AUTH_AES_GMAC, key, salt);
      const sealed = c.seal(iv, spiSeq, payload);
      const want = gcm(key, new Uint8Array([...salt, ...iv]), new Uint8Array([...spiSeq, ...iv, ...payload])).encrypt(new Uint8Array(0));
      expect(toHex(sealed)).toBe(toHex(payload) + toHex(want));
      expect(toHex(c.open(iv, spiSeq, payload, want)!)).toBe(toHex(payload));
      const changed = payload.slice();
      changed[0] ^= 0x80;
      expect(c.open(iv, spiSeq, changed, want)).toBeUndefined();
    }
  });
});
