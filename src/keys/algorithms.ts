/**
 * What the key layer must know about each transform to check a key's length and to translate
 * names between the sources: IANA IDs (src/ikev2/registry), Wireshark's UAT names, strongSwan's
 * proposal keywords. Only sizes live here; the ciphers themselves belong to src/crypto.
 *
 * Private-use numbers (≥ 1024) are strongSwan's own (src/libstrongswan/crypto/signers/signer.h),
 * used where a source names an algorithm IANA never assigned (HMAC-SHA-256-96, the Linux
 * kernel's pre-RFC 4868 truncation).
 */
import { EncrId, IntegId, PrfId, encrName, integName, prfName } from '../ikev2/registry/index.js';
import type { AlgorithmRef, IntegrityRef } from './model.js';

/** strongSwan's private-use integrity IDs. */
export const StrongSwanIntegId = Object.freeze({
  AUTH_HMAC_SHA1_128: 1025,
  AUTH_HMAC_SHA2_256_96: 1026,
  AUTH_HMAC_SHA2_256_256: 1027,
  AUTH_HMAC_SHA2_384_384: 1028,
  AUTH_HMAC_SHA2_512_512: 1029,
} as const);

export interface EncrInfo {
  /** Key lengths in bits the transform allows (its Key Length attribute); empty: fixed size. */
  readonly keyLengths: readonly number[];
  /** Key octets when there is no Key Length attribute. */
  readonly fixedKeyBytes?: number;
  /** Salt/nonce octets appended to the cipher key (RFC 5930 §2, 3686 §5.1, 4106 §8.1, 4309 §7.1, 7634 §2). */
  readonly saltBytes: number;
  /** AEAD tag octets; 0 when integrity is a separate transform. */
  readonly icvBytes: number;
}

const AES = [128, 192, 256] as const;

export const ENCR: ReadonlyMap<number, EncrInfo> = new Map<number, EncrInfo>([
  [EncrId.ENCR_DES, { keyLengths: [], fixedKeyBytes: 8, saltBytes: 0, icvBytes: 0 }],
  [EncrId.ENCR_3DES, { keyLengths: [], fixedKeyBytes: 24, saltBytes: 0, icvBytes: 0 }],
  // RFC 2144 CAST-128 and Blowfish take a Key Length attribute (RFC 7296 §3.3.5 lists them
  // among the variable-length ciphers); 40..128 and 40..448 bits.
  [EncrId.ENCR_CAST, { keyLengths: range(40, 128), saltBytes: 0, icvBytes: 0 }],
  [EncrId.ENCR_BLOWFISH, { keyLengths: range(40, 448), saltBytes: 0, icvBytes: 0 }],
  [EncrId.ENCR_NULL, { keyLengths: [], fixedKeyBytes: 0, saltBytes: 0, icvBytes: 0 }],
  [EncrId.ENCR_AES_CBC, { keyLengths: AES, saltBytes: 0, icvBytes: 0 }],
  [EncrId.ENCR_AES_CTR, { keyLengths: AES, saltBytes: 4, icvBytes: 0 }],
  [EncrId.ENCR_AES_CCM_8, { keyLengths: AES, saltBytes: 3, icvBytes: 8 }],
  [EncrId.ENCR_AES_CCM_12, { keyLengths: AES, saltBytes: 3, icvBytes: 12 }],
  [EncrId.ENCR_AES_CCM_16, { keyLengths: AES, saltBytes: 3, icvBytes: 16 }],
  [EncrId.ENCR_AES_GCM_8, { keyLengths: AES, saltBytes: 4, icvBytes: 8 }],
  [EncrId.ENCR_AES_GCM_12, { keyLengths: AES, saltBytes: 4, icvBytes: 12 }],
  [EncrId.ENCR_AES_GCM_16, { keyLengths: AES, saltBytes: 4, icvBytes: 16 }],
  [EncrId.ENCR_NULL_AUTH_AES_GMAC, { keyLengths: AES, saltBytes: 4, icvBytes: 16 }],
  [EncrId.ENCR_CAMELLIA_CBC, { keyLengths: AES, saltBytes: 0, icvBytes: 0 }],
  [EncrId.ENCR_CAMELLIA_CTR, { keyLengths: AES, saltBytes: 4, icvBytes: 0 }],
  [EncrId.ENCR_CAMELLIA_CCM_8, { keyLengths: AES, saltBytes: 3, icvBytes: 8 }],
  [EncrId.ENCR_CAMELLIA_CCM_12, { keyLengths: AES, saltBytes: 3, icvBytes: 12 }],
  [EncrId.ENCR_CAMELLIA_CCM_16, { keyLengths: AES, saltBytes: 3, icvBytes: 16 }],
  // RFC 7634 §2: a 256-bit key and a 32-bit salt; no Key Length attribute.
  [EncrId.ENCR_CHACHA20_POLY1305, { keyLengths: [], fixedKeyBytes: 36, saltBytes: 4, icvBytes: 16 }],
  [EncrId.ENCR_AES_CCM_8_IIV, { keyLengths: AES, saltBytes: 3, icvBytes: 8 }],
  [EncrId.ENCR_AES_GCM_16_IIV, { keyLengths: AES, saltBytes: 4, icvBytes: 16 }],
  [EncrId.ENCR_CHACHA20_POLY1305_IIV, { keyLengths: [], fixedKeyBytes: 36, saltBytes: 4, icvBytes: 16 }],
]);

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n += 8) out.push(n);
  return out;
}

export interface IntegInfo {
  readonly keyBytes: number;
  readonly icvBytes: number;
}

export const INTEG: ReadonlyMap<number, IntegInfo> = new Map<number, IntegInfo>([
  [IntegId.AUTH_HMAC_MD5_96, { keyBytes: 16, icvBytes: 12 }], // RFC 2403
  [IntegId.AUTH_HMAC_SHA1_96, { keyBytes: 20, icvBytes: 12 }], // RFC 2404
  [IntegId.AUTH_DES_MAC, { keyBytes: 8, icvBytes: 8 }],
  [IntegId.AUTH_AES_XCBC_96, { keyBytes: 16, icvBytes: 12 }], // RFC 3566
  [IntegId.AUTH_HMAC_MD5_128, { keyBytes: 16, icvBytes: 16 }], // RFC 4595
  [IntegId.AUTH_HMAC_SHA1_160, { keyBytes: 20, icvBytes: 20 }], // RFC 4595
  [IntegId.AUTH_AES_CMAC_96, { keyBytes: 16, icvBytes: 12 }], // RFC 4494
  // RFC 4543 §3.2: the GMAC keying material carries a 4-octet salt.
  [IntegId.AUTH_AES_128_GMAC, { keyBytes: 20, icvBytes: 16 }],
  [IntegId.AUTH_AES_192_GMAC, { keyBytes: 28, icvBytes: 16 }],
  [IntegId.AUTH_AES_256_GMAC, { keyBytes: 36, icvBytes: 16 }],
  [IntegId.AUTH_HMAC_SHA2_256_128, { keyBytes: 32, icvBytes: 16 }], // RFC 4868 §2.6
  [IntegId.AUTH_HMAC_SHA2_384_192, { keyBytes: 48, icvBytes: 24 }],
  [IntegId.AUTH_HMAC_SHA2_512_256, { keyBytes: 64, icvBytes: 32 }],
  [StrongSwanIntegId.AUTH_HMAC_SHA1_128, { keyBytes: 20, icvBytes: 16 }],
  [StrongSwanIntegId.AUTH_HMAC_SHA2_256_96, { keyBytes: 32, icvBytes: 12 }],
  [StrongSwanIntegId.AUTH_HMAC_SHA2_256_256, { keyBytes: 32, icvBytes: 32 }],
  [StrongSwanIntegId.AUTH_HMAC_SHA2_384_384, { keyBytes: 48, icvBytes: 48 }],
  [StrongSwanIntegId.AUTH_HMAC_SHA2_512_512, { keyBytes: 64, icvBytes: 64 }],
]);

/** RFC 7296 §2.13: SK_d, SK_pi and SK_pr are the PRF's preferred key size. */
export const PRF_KEY_BYTES: ReadonlyMap<number, number> = new Map<number, number>([
  [PrfId.PRF_HMAC_MD5, 16],
  [PrfId.PRF_HMAC_SHA1, 20],
  [PrfId.PRF_HMAC_TIGER, 24],
  [PrfId.PRF_AES128_XCBC, 16],
  [PrfId.PRF_HMAC_SHA2_256, 32],
  [PrfId.PRF_HMAC_SHA2_384, 48],
  [PrfId.PRF_HMAC_SHA2_512, 64],
  [PrfId.PRF_AES128_CMAC, 16],
  [PrfId.PRF_HMAC_STREEBOG_512, 64],
]);

export const isAead = (id: number): boolean => (ENCR.get(id)?.icvBytes ?? 0) > 0;

/**
 * Octets of SK_e / ESP encryption key for an encryption transform (cipher key plus salt), or
 * undefined when the transform or its key length is unknown.
 */
export function encrKeyBytes(ref: AlgorithmRef): number | undefined {
  const info = ENCR.get(ref.id);
  if (!info) return undefined;
  if (info.keyLengths.length === 0) return info.fixedKeyBytes;
  if (ref.keyLength === undefined || !info.keyLengths.includes(ref.keyLength)) return undefined;
  return ref.keyLength / 8 + info.saltBytes;
}

/**
 * The AlgorithmRef an ESP/IKE key of `bytes` octets stands for, for sources that name a cipher
 * without its key length (Wireshark's esp_sa: "AES-CBC [RFC3602]").
 */
export function encrRefFromKeyBytes(id: number, bytes: number): AlgorithmRef | undefined {
  const info = ENCR.get(id);
  if (!info) return undefined;
  if (info.keyLengths.length === 0) return bytes === info.fixedKeyBytes ? { id } : undefined;
  const bits = (bytes - info.saltBytes) * 8;
  return info.keyLengths.includes(bits) ? { id, keyLength: bits } : undefined;
}

/** "ENCR_AES_CBC_128", "AUTH_HMAC_SHA1_96", "PRF_HMAC_SHA2_256", or a private-use label. */
export function encrLabel(ref: AlgorithmRef): string {
  const base = encrName(ref.id);
  return ref.keyLength === undefined ? base : `${base}_${ref.keyLength}`;
}

const STRONGSWAN_INTEG_NAMES = new Map<number, string>(Object.entries(StrongSwanIntegId).map(([k, v]) => [v, k]));

export function integLabel(integ: IntegrityRef): string {
  switch (integ.kind) {
    case 'none': return 'none';
    case 'unchecked': return `unchecked (${integ.icvBytes * 8}-bit ICV)`;
    case 'transform': return STRONGSWAN_INTEG_NAMES.get(integ.ref.id) ?? integName(integ.ref.id);
  }
}

export const prfLabel = (ref: AlgorithmRef): string => prfName(ref.id);

/** Integrity transform name (IANA's, or strongSwan's for its private IDs). */
export function integTransformName(id: number): string {
  return STRONGSWAN_INTEG_NAMES.get(id) ?? integName(id);
}

/** Octets of ICV the integrity costs on the wire (0 for none; AEAD tags are the cipher's). */
export function integIcvBytes(integ: IntegrityRef): number | undefined {
  switch (integ.kind) {
    case 'none': return 0;
    case 'unchecked': return integ.icvBytes;
    case 'transform': return INTEG.get(integ.ref.id)?.icvBytes;
  }
}
