/**
 * MD4 on RFC 1320 Appendix A.5's test suite, cross-checked with OpenSSL's legacy provider on
 * seeded random inputs; single DES on published known-answer vectors; the 56-bit key expansion
 * of RFC 2759 §8.6.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { desEncryptBlock, desKeyFrom56 } from '../../src/crypto/des.js';
import { md4 } from '../../src/crypto/md4.js';
import { ascii, h, seeded, toHex } from './support.js';

describe('MD4 (RFC 1320 A.5)', () => {
  it.each([
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 'e33b4ddc9c38f2199c3e7b164fcc0536'],
  ])('MD4("%s")', (msg, digest) => {
    expect(toHex(md4(ascii(msg)))).toBe(digest);
  });

  it('agrees with openssl dgst -md4 (legacy provider) on lengths around the block boundaries', () => {
    const r = seeded(0x4d4);
    for (const n of [55, 56, 63, 64, 65, 119, 120, 1000]) {
      const data = r.bytes(n);
      const out = execFileSync('openssl', ['dgst', '-md4', '-provider', 'legacy', '-provider', 'default', '-r'], { input: data }).toString();
      expect(toHex(md4(data)), `${n} octets`).toBe(out.split(' ')[0]);
    }
  });
});

describe('single DES block encryption', () => {
  it.each([
    // FIPS 81 Appendix B ECB example, first block ("Now is t").
    ['0123456789abcdef', '4e6f772069732074', '3fa40e8a984d4815'],
    // Known-answer pairs of the NBS DES validation set (Schneier, Applied Cryptography).
    ['7ca110454a1a6e57', '01a1d6d039776742', '690f5b0d9a26939b'],
    ['0131d9619dc1376e', '5cd54ca83def57da', '7a389d10354bd271'],
  ])('key %s, plaintext %s', (key, pt, ct) => {
    expect(toHex(desEncryptBlock(h(key), h(pt)))).toBe(ct);
  });

  it('spreads 56 key bits over 8 octets with odd parity', () => {
    expect(toHex(desKeyFrom56(h('ffffffffffffff')))).toBe('fefefefefefefefe');
    expect(toHex(desKeyFrom56(h('00000000000000')))).toBe('0101010101010101');
    const k = desKeyFrom56(h('44ebba8d5312b8'));
    for (const b of k) expect(b.toString(2).split('1').length % 2, 'odd parity').toBe(0);
    // The key bits, parity stripped, read back as the 7 octets they came from.
    let bits = 0n;
    for (const b of k) bits = (bits << 7n) | BigInt(b >> 1);
    expect(bits.toString(16).padStart(14, '0')).toBe('44ebba8d5312b8');
  });

  it('rejects wrong sizes', () => {
    expect(() => desEncryptBlock(new Uint8Array(7), new Uint8Array(8))).toThrow(RangeError);
    expect(() => desEncryptBlock(new Uint8Array(8), new Uint8Array(9))).toThrow(RangeError);
  });
});
