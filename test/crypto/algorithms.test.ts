/**
 * Transform lookup: IANA IDs (and the Key Length attribute) to descriptors with IANA names and
 * the sizes the RFCs give; unknown IDs and impossible key lengths are undefined, not guesses.
 */
import { describe, expect, it } from 'vitest';
import { encrAlgorithm, encrSpec, integAlgorithm, prfAlgorithm } from '../../src/crypto/algorithms.js';
import { createCipher } from '../../src/crypto/cipher.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { IntegId } from '../../src/ikev2/registry/integ.js';
import { PrfId } from '../../src/ikev2/registry/prf.js';

describe('encryption transforms', () => {
  it.each([
    // [id, key bits, name, keyBytes, ivBytes, blockBytes, aead, icvBytes]
    [EncrId.ENCR_DES, undefined, 'ENCR_DES', 8, 8, 8, false, 0],
    [EncrId.ENCR_3DES, undefined, 'ENCR_3DES', 24, 8, 8, false, 0],
    [EncrId.ENCR_NULL, undefined, 'ENCR_NULL', 0, 0, 1, false, 0],
    [EncrId.ENCR_AES_CBC, 128, 'ENCR_AES_CBC_128', 16, 16, 16, false, 0],
    [EncrId.ENCR_AES_CBC, 256, 'ENCR_AES_CBC_256', 32, 16, 16, false, 0],
    [EncrId.ENCR_AES_CTR, 192, 'ENCR_AES_CTR_192', 28, 8, 1, false, 0],
    [EncrId.ENCR_AES_CCM_8, 128, 'ENCR_AES_CCM_8_128', 19, 8, 1, true, 8],
    [EncrId.ENCR_AES_CCM_12, 192, 'ENCR_AES_CCM_12_192', 27, 8, 1, true, 12],
    [EncrId.ENCR_AES_CCM_16, 256, 'ENCR_AES_CCM_16_256', 35, 8, 1, true, 16],
    [EncrId.ENCR_AES_GCM_8, 128, 'ENCR_AES_GCM_8_128', 20, 8, 1, true, 8],
    [EncrId.ENCR_AES_GCM_16, 256, 'ENCR_AES_GCM_16_256', 36, 8, 1, true, 16],
    [EncrId.ENCR_NULL_AUTH_AES_GMAC, 128, 'ENCR_NULL_AUTH_AES_GMAC_128', 20, 8, 1, true, 16],
    [EncrId.ENCR_CHACHA20_POLY1305, undefined, 'ENCR_CHACHA20_POLY1305', 36, 8, 1, true, 16],
    [EncrId.ENCR_CHACHA20_POLY1305, 256, 'ENCR_CHACHA20_POLY1305', 36, 8, 1, true, 16],
  ] as const)('%i/%s → %s', (id, bits, name, keyBytes, ivBytes, blockBytes, aead, icvBytes) => {
    expect(encrAlgorithm(id, bits)).toEqual({ id, name, keyBytes, ivBytes, blockBytes, aead, icvBytes });
  });
  it('is undefined for unknown IDs and key lengths the transform does not have', () => {
    expect(encrAlgorithm(EncrId.ENCR_AES_CBC)).toBeUndefined(); // AES needs its Key Length attribute
    expect(encrAlgorithm(EncrId.ENCR_AES_CBC, 64)).toBeUndefined();
    expect(encrAlgorithm(EncrId.ENCR_3DES, 128)).toBeUndefined();
    expect(encrAlgorithm(EncrId.ENCR_CHACHA20_POLY1305, 128)).toBeUndefined();
    expect(encrAlgorithm(EncrId.ENCR_CAMELLIA_CBC, 128)).toBeUndefined();
    expect(encrAlgorithm(17, 128)).toBeUndefined();
    expect(encrAlgorithm(40000, 128)).toBeUndefined();
  });
  it('returns one frozen object per transform', () => {
    const a = encrAlgorithm(EncrId.ENCR_AES_GCM_16, 128)!;
    expect(encrAlgorithm(EncrId.ENCR_AES_GCM_16, 128)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
  it('accepts an equal descriptor built elsewhere (a key file reader\'s literal)', () => {
    const literal = { ...encrAlgorithm(EncrId.ENCR_AES_CTR, 128)! };
    expect(encrSpec(literal)).toEqual({ mode: 'ctr', cipher: 'aes', cipherKeyBytes: 16, saltBytes: 4 });
    expect(createCipher(literal, new Uint8Array(20)).ok).toBe(true);
    expect(encrSpec({ ...literal, keyBytes: 21 })).toBeUndefined();
  });
});

describe('integrity transforms', () => {
  it.each([
    [IntegId.AUTH_HMAC_MD5_96, 'AUTH_HMAC_MD5_96', 16, 12],
    [IntegId.AUTH_HMAC_SHA1_96, 'AUTH_HMAC_SHA1_96', 20, 12],
    [IntegId.AUTH_AES_XCBC_96, 'AUTH_AES_XCBC_96', 16, 12],
    [IntegId.AUTH_HMAC_MD5_128, 'AUTH_HMAC_MD5_128', 16, 16],
    [IntegId.AUTH_HMAC_SHA1_160, 'AUTH_HMAC_SHA1_160', 20, 20],
    [IntegId.AUTH_AES_CMAC_96, 'AUTH_AES_CMAC_96', 16, 12],
    [IntegId.AUTH_HMAC_SHA2_256_128, 'AUTH_HMAC_SHA2_256_128', 32, 16],
    [IntegId.AUTH_HMAC_SHA2_384_192, 'AUTH_HMAC_SHA2_384_192', 48, 24],
    [IntegId.AUTH_HMAC_SHA2_512_256, 'AUTH_HMAC_SHA2_512_256', 64, 32],
  ])('%i → %s', (id, name, keyBytes, icvBytes) => {
    expect(integAlgorithm(id)).toEqual({ id, name, keyBytes, icvBytes });
  });
  it('NONE and unimplemented ones are undefined', () => {
    expect(integAlgorithm(IntegId.NONE)).toBeUndefined();
    expect(integAlgorithm(IntegId.AUTH_DES_MAC)).toBeUndefined();
    expect(integAlgorithm(IntegId.AUTH_AES_128_GMAC)).toBeUndefined();
  });
});

describe('PRFs', () => {
  it.each([
    [PrfId.PRF_HMAC_MD5, 'PRF_HMAC_MD5', 16, 16],
    [PrfId.PRF_HMAC_SHA1, 'PRF_HMAC_SHA1', 20, 20],
    [PrfId.PRF_AES128_XCBC, 'PRF_AES128_XCBC', 16, 16],
    [PrfId.PRF_HMAC_SHA2_256, 'PRF_HMAC_SHA2_256', 32, 32],
    [PrfId.PRF_HMAC_SHA2_384, 'PRF_HMAC_SHA2_384', 48, 48],
    [PrfId.PRF_HMAC_SHA2_512, 'PRF_HMAC_SHA2_512', 64, 64],
    [PrfId.PRF_AES128_CMAC, 'PRF_AES128_CMAC', 16, 16],
  ])('%i → %s', (id, name, keyBytes, outBytes) => {
    expect(prfAlgorithm(id)).toEqual({ id, name, keyBytes, outBytes });
  });
  it('unimplemented ones are undefined', () => {
    expect(prfAlgorithm(PrfId.PRF_HMAC_TIGER)).toBeUndefined();
    expect(prfAlgorithm(PrfId.PRF_HMAC_STREEBOG_512)).toBeUndefined();
  });
});
