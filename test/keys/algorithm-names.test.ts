/**
 * Every algorithm name of Wireshark's UAT lists (packet-isakmp.c vs_ikev2_encr_algs /
 * vs_ikev2_auth_algs, packet-ipsec.c esp_encryption_type_vals / esp_authentication_type_vals,
 * as of Wireshark 4.2) and of strongSwan's proposal keywords maps to the IANA transform it
 * stands for, and the writers' names read back.
 */
import { describe, expect, it } from 'vitest';
import { EncrId, IntegId, PrfId } from '../../src/ikev2/registry/index.js';
import { encrKeyBytes } from '../../src/keys/algorithms.js';
import { parseStrongSwanProposal } from '../../src/keys/strongswan-names.js';
import { espEncrFromName, espEncrName, espIntegFromName, espIntegName, ikeEncrFromName, ikeEncrName, ikeIntegFromName, ikeIntegName } from '../../src/keys/wireshark-names.js';

const WIRESHARK_IKE_ENCR: Array<[string, number, number | undefined, number]> = [
  ['3DES [RFC2451]', EncrId.ENCR_3DES, undefined, 24],
  ['AES-CBC-128 [RFC3602]', EncrId.ENCR_AES_CBC, 128, 16],
  ['AES-CBC-192 [RFC3602]', EncrId.ENCR_AES_CBC, 192, 24],
  ['AES-CBC-256 [RFC3602]', EncrId.ENCR_AES_CBC, 256, 32],
  ['NULL [RFC2410]', EncrId.ENCR_NULL, undefined, 0],
  ['AES-CTR-128 [RFC5930]', EncrId.ENCR_AES_CTR, 128, 20],
  ['AES-CTR-192 [RFC5930]', EncrId.ENCR_AES_CTR, 192, 28],
  ['AES-CTR-256 [RFC5930]', EncrId.ENCR_AES_CTR, 256, 36],
  // Wireshark's ikev2_encr_algs key lengths: GCM key + 4 octets of salt, CCM key + 3
  ...[16, 8, 12].flatMap((icv) => [128, 192, 256].map((k): [string, number, number, number] => [`AES-GCM-${k} with ${icv} octet ICV [RFC5282]`, { 8: 18, 12: 19, 16: 20 }[icv]!, k, k / 8 + 4])),
  ...[16, 8, 12].flatMap((icv) => [128, 192, 256].map((k): [string, number, number, number] => [`AES-CCM-${k} with ${icv} octet ICV [RFC5282]`, { 8: 14, 12: 15, 16: 16 }[icv]!, k, k / 8 + 3])),
];

const WIRESHARK_IKE_AUTH: Array<[string, unknown]> = [
  ['HMAC_MD5_96 [RFC2403]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_MD5_96 } }],
  ['HMAC_SHA1_96 [RFC2404]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA1_96 } }],
  ['HMAC_MD5_128 [RFC4595]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_MD5_128 } }],
  ['HMAC_SHA1_160 [RFC4595]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA1_160 } }],
  ['HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]', { kind: 'transform', ref: { id: 1026 } }],
  ['HMAC_SHA2_256_128 [RFC4868]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_256_128 } }],
  ['HMAC_SHA2_384_192 [RFC4868]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_384_192 } }],
  ['HMAC_SHA2_512_256 [RFC4868]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_512_256 } }],
  ['NONE [RFC4306]', { kind: 'none' }],
  ['ANY 64-bits of Authentication [No Checking]', { kind: 'unchecked', icvBytes: 8 }],
  ['ANY 96-bits of Authentication [No Checking]', { kind: 'unchecked', icvBytes: 12 }],
  ['ANY 128-bits of Authentication [No Checking]', { kind: 'unchecked', icvBytes: 16 }],
  ['ANY 160-bits of Authentication [No Checking]', { kind: 'unchecked', icvBytes: 20 }],
  ['ANY 192-bits of Authentication [No Checking]', { kind: 'unchecked', icvBytes: 24 }],
  ['ANY 256-bits of Authentication [No Checking]', { kind: 'unchecked', icvBytes: 32 }],
];

const WIRESHARK_ESP_ENCR: Array<[string, unknown]> = [
  ['NULL', { kind: 'transform', id: EncrId.ENCR_NULL }],
  ['TripleDES-CBC [RFC2451]', { kind: 'transform', id: EncrId.ENCR_3DES }],
  ['AES-CBC [RFC3602]', { kind: 'transform', id: EncrId.ENCR_AES_CBC }],
  ['AES-CTR [RFC3686]', { kind: 'transform', id: EncrId.ENCR_AES_CTR }],
  ['DES-CBC [RFC2405]', { kind: 'transform', id: EncrId.ENCR_DES }],
  ['CAST5-CBC [RFC2144]', { kind: 'transform', id: EncrId.ENCR_CAST }],
  ['BLOWFISH-CBC [RFC2451]', { kind: 'transform', id: EncrId.ENCR_BLOWFISH }],
  ['TWOFISH-CBC', 'unsupported'],
  ['AES-GCM [RFC4106]', { kind: 'legacy-gcm' }],
  ['AES-GCM with 8 octet ICV [RFC4106]', { kind: 'transform', id: EncrId.ENCR_AES_GCM_8 }],
  ['AES-GCM with 12 octet ICV [RFC4106]', { kind: 'transform', id: EncrId.ENCR_AES_GCM_12 }],
  ['AES-GCM with 16 octet ICV [RFC4106]', { kind: 'transform', id: EncrId.ENCR_AES_GCM_16 }],
  ['AES-GCM with IIV and 16 octet ICV [RFC4106 & RFC8750]', { kind: 'transform', id: EncrId.ENCR_AES_GCM_16_IIV }],
  ['ChaCha20 with Poly1305 [RFC7634]', { kind: 'transform', id: EncrId.ENCR_CHACHA20_POLY1305 }],
  ['ChaCha20 with Poly1305 and IIV [RFC7634 & RFC8750]', { kind: 'transform', id: EncrId.ENCR_CHACHA20_POLY1305_IIV }],
];

const WIRESHARK_ESP_AUTH: Array<[string, unknown]> = [
  ['NULL', { kind: 'none' }],
  ['HMAC-SHA-1-96 [RFC2404]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA1_96 } }],
  ['HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]', { kind: 'transform', ref: { id: 1026 } }],
  ['HMAC-SHA-256-128 [RFC4868]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_256_128 } }],
  ['HMAC-SHA-384-192 [RFC4868]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_384_192 } }],
  ['HMAC-SHA-512-256 [RFC4868]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_512_256 } }],
  ['HMAC-MD5-96 [RFC2403]', { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_MD5_96 } }],
  ['MAC-RIPEMD-160-96 [RFC2857]', 'unsupported'],
  ['ANY 64 bit authentication [no checking]', { kind: 'unchecked', icvBytes: 8 }],
  ['ANY 96 bit authentication [no checking]', { kind: 'unchecked', icvBytes: 12 }],
  ['ANY 128 bit authentication [no checking]', { kind: 'unchecked', icvBytes: 16 }],
  ['ANY 192 bit authentication [no checking]', { kind: 'unchecked', icvBytes: 24 }],
  ['ANY 256 bit authentication [no checking]', { kind: 'unchecked', icvBytes: 32 }],
];

describe("Wireshark's algorithm names", () => {
  it.each(WIRESHARK_IKE_ENCR)('IKEv2 %s is transform %i, %s bits, SK_e of %i octets', (name, id, bits, bytes) => {
    const ref = ikeEncrFromName(name)!;
    expect(ref).toEqual(bits === undefined ? { id } : { id, keyLength: bits });
    expect(encrKeyBytes(ref)).toBe(bytes);
    expect(ikeEncrName(ref)).toBe(name);
  });

  it.each(WIRESHARK_IKE_AUTH)('IKEv2 %s', (name, integ) => {
    expect(ikeIntegFromName(name)).toEqual(integ);
    expect(ikeIntegName(integ as never)).toBe(name);
  });

  it.each(WIRESHARK_ESP_ENCR)('ESP %s', (name, encr) => {
    expect(espEncrFromName(name)).toEqual(encr);
    if (typeof encr === 'object' && (encr as { kind: string }).kind === 'transform') expect(espEncrName((encr as { id: number }).id)).toBe(name);
  });

  it.each(WIRESHARK_ESP_AUTH)('ESP %s', (name, integ) => {
    expect(espIntegFromName(name)).toEqual(integ);
    if (typeof integ === 'object') expect(espIntegName(integ as never)).toBe(name);
  });

  it('matches without regard to case, spacing and the [reference]', () => {
    expect(ikeEncrFromName('  aes-cbc-128   ')).toEqual({ id: EncrId.ENCR_AES_CBC, keyLength: 128 });
    expect(ikeIntegFromName('any 96-bits  of authentication')).toEqual({ kind: 'unchecked', icvBytes: 12 });
    expect(espEncrFromName('TripleDes-CBC')).toEqual({ kind: 'transform', id: EncrId.ENCR_3DES });
    expect(ikeEncrFromName('AES-CBC-512 [RFC3602]')).toBeUndefined();
  });
});

describe("strongSwan's proposal keywords", () => {
  it.each([
    ['IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048', { protocol: 'IKE', encr: { id: EncrId.ENCR_AES_CBC, keyLength: 128 }, integ: { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_256_128 } }, prf: { id: PrfId.PRF_HMAC_SHA2_256 }, unknown: [] }],
    ['IKE:3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024', { protocol: 'IKE', encr: { id: EncrId.ENCR_3DES }, integ: { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA1_96 } }, prf: { id: PrfId.PRF_HMAC_SHA1 }, unknown: [] }],
    ['IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384_BP', { protocol: 'IKE', encr: { id: EncrId.ENCR_AES_GCM_16, keyLength: 256 }, prf: { id: PrfId.PRF_HMAC_SHA2_384 }, unknown: [] }],
    ['IKE:CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519', { protocol: 'IKE', encr: { id: EncrId.ENCR_CHACHA20_POLY1305 }, prf: { id: PrfId.PRF_HMAC_SHA2_256 }, unknown: [] }],
    ['IKE:AES_CTR_192/AES_XCBC_96/PRF_AES128_XCBC/CURVE_448/KE1_ML_KEM_768', { protocol: 'IKE', encr: { id: EncrId.ENCR_AES_CTR, keyLength: 192 }, integ: { kind: 'transform', ref: { id: IntegId.AUTH_AES_XCBC_96 } }, prf: { id: PrfId.PRF_AES128_XCBC }, unknown: [] }],
    ['ESP:AES_CCM_8_128/EXT_SEQ', { protocol: 'ESP', encr: { id: EncrId.ENCR_AES_CCM_8, keyLength: 128 }, esn: true, unknown: [] }],
    ['ESP:AES_CBC_256/HMAC_SHA2_256_96/NO_EXT_SEQ', { protocol: 'ESP', encr: { id: EncrId.ENCR_AES_CBC, keyLength: 256 }, integ: { kind: 'transform', ref: { id: 1026 } }, esn: false, unknown: [] }],
    ['ESP:CAMELLIA_CBC_128/AES_CMAC_96/NO_EXT_SEQ', { protocol: 'ESP', encr: { id: EncrId.ENCR_CAMELLIA_CBC, keyLength: 128 }, integ: { kind: 'transform', ref: { id: IntegId.AUTH_AES_CMAC_96 } }, esn: false, unknown: [] }],
    ['ESP:SERPENT_CBC_128/HMAC_SHA1_96', { protocol: 'ESP', integ: { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA1_96 } }, unknown: ['SERPENT_CBC_128'] }],
  ])('%s', (text, want) => {
    expect(parseStrongSwanProposal(text)).toEqual(want);
  });

  it('is not a proposal without its protocol', () => {
    expect(parseStrongSwanProposal('AES_CBC_128/HMAC_SHA1_96')).toBeUndefined();
  });
});
