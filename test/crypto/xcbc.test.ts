/**
 * AES-XCBC-MAC-96 (RFC 3566 §4.6 test cases) and AES-XCBC-PRF-128 with keys of other lengths
 * (RFC 4434 §4). node:crypto and @noble have no XCBC, so the published vectors are the oracle.
 */
import { describe, expect, it } from 'vitest';
import { integAlgorithm, prfAlgorithm } from '../../src/crypto/algorithms.js';
import { createIntegrity } from '../../src/crypto/integrity.js';
import { prf } from '../../src/crypto/prf.js';
import { AesXcbc, xcbcPrf } from '../../src/crypto/xcbc.js';
import { IntegId } from '../../src/ikev2/registry/integ.js';
import { PrfId } from '../../src/ikev2/registry/prf.js';
import { h, toHex } from './support.js';

const K = h('000102030405060708090a0b0c0d0e0f');
const M = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

describe('RFC 3566 §4.6 AES-XCBC-MAC-96', () => {
  // [message length, full 128-bit MAC]; the ICV is its first 96 bits. The messages are
  // 0x00, 0x01, … except test case 7, which is 1000 zero octets.
  const cases: [number, string][] = [
    [0, '75f0251d528ac01c4573dfd584d79f29'],
    [3, '5b376580ae2f19afe7219ceef172756f'],
    [16, 'd2a246fa349b68a79998a4394ff7a263'],
    [20, '47f51b4564966215b8985c63055ed308'],
    [32, 'f54f0ec8d2b9f3d36807734bd5283fd4'],
    [34, 'becbb3bccdb518a30677d5481fb6b4d8'],
    [1000, 'f0dafee895db30253761103b5d84528f'],
  ];
  it.each(cases)('%i-octet message', (n, mac) => {
    const m = n === 1000 ? new Uint8Array(1000) : M(n);
    expect(toHex(new AesXcbc(K).compute(m))).toBe(mac);
    const alg = integAlgorithm(IntegId.AUTH_AES_XCBC_96)!;
    expect(alg.icvBytes).toBe(12);
    const integ = createIntegrity(alg, K);
    if (!integ.ok) throw new Error(integ.message);
    expect(toHex(integ.value.compute(m).subarray(0, 12))).toBe(mac.slice(0, 24));
  });
  it('data | suffix is the MAC of the concatenation', () => {
    const x = new AesXcbc(K);
    for (const split of [0, 1, 15, 16, 17, 20]) {
      expect(toHex(x.compute(M(20).subarray(0, split), M(20).subarray(split)))).toBe('47f51b4564966215b8985c63055ed308');
    }
  });
});

describe('RFC 4434 §4 AES-XCBC-PRF-128 with variable key length', () => {
  const data = M(20);
  it.each([
    ['16-octet key (used as is)', K, '47f51b4564966215b8985c63055ed308'],
    ['10-octet key (zero-padded)', h('00010203040506070809'), '0fa087af7d866e7653434e602fdde835'],
    ['18-octet key (reduced by XCBC under 0^128)', h('000102030405060708090a0b0c0d0e0fedcb'), '8cd3c93ae598a9803006ffb67c40e9e4'],
  ])('%s', (_name, key, out) => {
    expect(toHex(xcbcPrf(key, data))).toBe(out);
    expect(toHex(prf(prfAlgorithm(PrfId.PRF_AES128_XCBC)!, key, data))).toBe(out);
  });
});
