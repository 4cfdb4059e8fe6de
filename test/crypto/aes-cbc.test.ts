/**
 * AES-CBC (RFC 3602 §4 test cases 1-3) through the ENCR_AES_CBC transform, and a seeded
 * cross-check of the per-key ECB decipher with node:crypto's CBC and @noble/ciphers' CBC —
 * interleaving keys, IVs and lengths, since one ECB object serves every packet of an SA.
 */
import { createDecipheriv } from 'node:crypto';
import { cbc } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { encrAlgorithm } from '../../src/crypto/algorithms.js';
import { AesCbc } from '../../src/crypto/aes-cbc.js';
import { createCipher, type Cipher } from '../../src/crypto/cipher.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { ascii, h, seeded, toHex } from './support.js';

function cipher(key: Uint8Array): Cipher {
  const c = createCipher(encrAlgorithm(EncrId.ENCR_AES_CBC, key.length * 8)!, key);
  if (!c.ok || c.value.aead) throw new Error('not a CBC cipher');
  return c.value;
}

describe('RFC 3602 §4 AES-CBC test cases', () => {
  const cases: [string, string, string, Uint8Array, string][] = [
    ['1', '06a9214036b8a15b512e03d534120006', '3dafba429d9eb430b422da802c9fac41', ascii('Single block msg'),
      'e353779c1079aeb82708942dbe77181a'],
    ['2', 'c286696d887c9aa0611bbb3e2025a45a', '562e17996d093d28ddb3ba695a2e6f58', h('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'),
      'd296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1'],
    ['3', '56e47a38c5598974bc46903dba290349', '8ce82eefbea0da3c44699ed7db51b7d9',
      h('a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf'),
      'c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55'],
  ];
  it.each(cases)('case %s', (_n, key, iv, pt, ct) => {
    const c = cipher(h(key));
    expect(toHex(c.encrypt(h(iv), pt))).toBe(ct);
    expect(toHex(c.decrypt(h(iv), h(ct)))).toBe(toHex(pt));
  });
  it('rejects a partial block instead of desynchronizing the shared ECB state', () => {
    const c = cipher(h('06a9214036b8a15b512e03d534120006'));
    expect(() => c.decrypt(new Uint8Array(16), new Uint8Array(15))).toThrow(RangeError);
    expect(toHex(c.decrypt(h('3dafba429d9eb430b422da802c9fac41'), h('e353779c1079aeb82708942dbe77181a')))).toBe(toHex(ascii('Single block msg')));
  });
});

describe('cross-check with node:crypto and @noble/ciphers (seeded)', () => {
  const r = seeded(0xcbc);
  for (const bits of [128, 192, 256]) {
    it(`AES-${bits}: 300 messages of 0..20 blocks, keys interleaved`, () => {
      const keys = [r.bytes(bits / 8), r.bytes(bits / 8)];
      const ciphers = keys.map((k) => new AesCbc(k));
      for (let i = 0; i < 300; i++) {
        const which = r.int(2);
        const key = keys[which]!;
        const iv = r.bytes(16);
        const ct = r.bytes(16 * r.int(21));
        const want = createDecipheriv(`aes-${bits}-cbc`, key, iv).setAutoPadding(false).update(ct);
        expect(toHex(ciphers[which]!.decrypt(iv, ct))).toBe(toHex(want));
        const pt = r.bytes(16 * r.int(21));
        expect(toHex(ciphers[which]!.encrypt(iv, pt))).toBe(toHex(cbc(key, iv, { disablePadding: true }).encrypt(pt)));
      }
    });
  }
});
