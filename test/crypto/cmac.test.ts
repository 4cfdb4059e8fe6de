/**
 * AES-CMAC (RFC 4493 §4 examples), AES-CMAC-96 (RFC 4494 §4), AES-CMAC-PRF-128 (RFC 4615
 * §4), and a seeded cross-check with @noble/ciphers' CMAC for all three AES key sizes.
 */
import { cmac as nobleCmac } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { integAlgorithm, prfAlgorithm } from '../../src/crypto/algorithms.js';
import { AesCmac, cmacPrf } from '../../src/crypto/cmac.js';
import { createIntegrity } from '../../src/crypto/integrity.js';
import { prf } from '../../src/crypto/prf.js';
import { IntegId } from '../../src/ikev2/registry/integ.js';
import { PrfId } from '../../src/ikev2/registry/prf.js';
import { h, seeded, toHex } from './support.js';

const K = h('2b7e151628aed2a6abf7158809cf4f3c');
const M64 = h(
  '6bc1bee22e409f96e93d7e117393172a' + 'ae2d8a571e03ac9c9eb76fac45af8e51' +
  '30c81c46a35ce411e5fbc1191a0a52ef' + 'f69f2445df4f9b17ad2b417be66c3710',
);

describe('RFC 4493 §4 AES-CMAC and RFC 4494 AES-CMAC-96', () => {
  const cases: [number, string][] = [
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ];
  it.each(cases)('example with a %i-octet message', (n, mac) => {
    expect(toHex(new AesCmac(K).compute(M64.subarray(0, n)))).toBe(mac);
    const integ = createIntegrity(integAlgorithm(IntegId.AUTH_AES_CMAC_96)!, K);
    if (!integ.ok) throw new Error(integ.message);
    expect(toHex(integ.value.compute(M64.subarray(0, n)).subarray(0, 12))).toBe(mac.slice(0, 24));
  });
  it('subkeys: K1 and K2 of RFC 4493 §4 (through a one-block message ending in K1)', () => {
    // With a complete single block M, T = E(K, M xor K1); M = K1 gives T = E(K, 0) = L.
    const k1 = h('fbeed618357133667c85e08f7236a8de');
    const l = h('7df76b0c1ab899b33e42f047b91b546f');
    expect(toHex(new AesCmac(K).compute(k1))).toBe(toHex(l));
  });
});

describe('RFC 4615 §4 AES-CMAC-PRF-128', () => {
  const data = Uint8Array.from({ length: 20 }, (_, i) => i);
  it.each([
    ['18-octet key', h('000102030405060708090a0b0c0d0e0fedcb'), '84a348a4a45d235babfffc0d2b4da09a'],
    ['16-octet key', h('000102030405060708090a0b0c0d0e0f'), '980ae87b5f4c9c5214f5b6a8455e4c2d'],
    ['10-octet key', h('00010203040506070809'), '290d9e112edb09ee141fcf64c0b72f3d'],
  ])('%s', (_n, key, out) => {
    expect(toHex(cmacPrf(key, data))).toBe(out);
    expect(toHex(prf(prfAlgorithm(PrfId.PRF_AES128_CMAC)!, key, data))).toBe(out);
  });
});

describe('cross-check with @noble/ciphers cmac (seeded)', () => {
  const r = seeded(0xc3ac);
  for (const keyBytes of [16, 24, 32]) {
    it(`AES-${keyBytes * 8}: message lengths 0..100`, () => {
      for (let n = 0; n <= 100; n++) {
        const key = r.bytes(keyBytes);
        const msg = r.bytes(n);
        expect(toHex(new AesCmac(key).compute(msg)), `length ${n}`).toBe(toHex(nobleCmac(msg, key)));
      }
    });
  }
});
