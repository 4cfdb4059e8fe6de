/**
 * From IANA transform IDs (what the SA payload carries) to algorithm descriptors. Names come
 * from the registry (src/ikev2/registry); this file adds only what the registry does not say:
 * key, salt, IV, block and ICV sizes, and which primitive implements each transform.
 */
import { EncrId } from '../ikev2/registry/encr.js';
import { IntegId } from '../ikev2/registry/integ.js';
import { PrfId } from '../ikev2/registry/prf.js';
import { TransformType } from '../ikev2/registry/transform-types.js';
import { transformName } from '../ikev2/registry/transforms.js';
import type { EncrAlgorithm, IntegAlgorithm, PrfAlgorithm } from './types.js';

export type EncrMode = 'null' | 'cbc' | 'ctr' | 'gcm' | 'ccm' | 'chacha20-poly1305' | 'gmac';
export type BlockCipherName = 'aes' | 'des' | '3des' | 'chacha20' | 'none';

interface EncrFamily {
  readonly mode: EncrMode;
  readonly cipher: BlockCipherName;
  /**
   * Key lengths the Key Length attribute may name (RFC 7296 §3.3.5: AES transforms MUST carry
   * it); a fixed-length cipher has one entry and no attribute.
   */
  readonly keyBits: readonly number[];
  readonly fixedKeyLength: boolean;
  /** Octets of salt/nonce appended to the cipher key in the keying material. */
  readonly saltBytes: number;
  readonly ivBytes: number;
  readonly blockBytes: number;
  /** AEAD tag length; 0 for ciphers that need an INTEG transform. */
  readonly icvBytes: number;
}

const AES = [128, 192, 256] as const;

const ENCR: ReadonlyMap<number, EncrFamily> = new Map<number, EncrFamily>([
  // RFC 2405 (ESP) / RFC 7296: 64-bit block, 8-octet IV; 56 key bits in 8 octets with parity.
  [EncrId.ENCR_DES, { mode: 'cbc', cipher: 'des', keyBits: [64], fixedKeyLength: true, saltBytes: 0, ivBytes: 8, blockBytes: 8, icvBytes: 0 }],
  // RFC 2451 §2.3, §2.4: three 64-bit keys, 64-bit IV.
  [EncrId.ENCR_3DES, { mode: 'cbc', cipher: '3des', keyBits: [192], fixedKeyLength: true, saltBytes: 0, ivBytes: 8, blockBytes: 8, icvBytes: 0 }],
  // RFC 2410 §2: no key, no IV, block size 1 (ESP still aligns to 4, RFC 4303 §2.4).
  [EncrId.ENCR_NULL, { mode: 'null', cipher: 'none', keyBits: [0], fixedKeyLength: true, saltBytes: 0, ivBytes: 0, blockBytes: 1, icvBytes: 0 }],
  // RFC 3602 §3: 128-bit block, 16-octet IV.
  [EncrId.ENCR_AES_CBC, { mode: 'cbc', cipher: 'aes', keyBits: AES, fixedKeyLength: false, saltBytes: 0, ivBytes: 16, blockBytes: 16, icvBytes: 0 }],
  // RFC 3686 §5.1 (ESP) and RFC 5930 §2 (IKE): a 4-octet nonce follows the key; 8-octet IV;
  // a stream mode, so no block alignment of its own.
  [EncrId.ENCR_AES_CTR, { mode: 'ctr', cipher: 'aes', keyBits: AES, fixedKeyLength: false, saltBytes: 4, ivBytes: 8, blockBytes: 1, icvBytes: 0 }],
  // RFC 4309 §7.1 (ESP) and RFC 5282 §7.1 (IKE): 3-octet salt; 8-octet IV.
  [EncrId.ENCR_AES_CCM_8, { mode: 'ccm', cipher: 'aes', keyBits: AES, fixedKeyLength: false, saltBytes: 3, ivBytes: 8, blockBytes: 1, icvBytes: 8 }],
  [EncrId.ENCR_AES_CCM_12, { mode: 'ccm', cipher: 'aes', keyBits: AES, fixedKeyLength: false, saltBytes: 3, ivBytes: 8, blockBytes: 1, icvBytes: 12 }],
  [EncrId.ENCR_AES_CCM_16, { mode: 'ccm', cipher: 'aes', keyBits: AES, fixedKeyLength: false, saltBytes: 3, ivBytes: 8, blockBytes: 1, icvBytes: 16 }],
  // RFC 4106 §8.1 (ESP) and RFC 5282 §7.1 (IKE): 4-octet salt; 8-octet IV.
  [EncrId.ENCR_AES_GCM_8, { mode: 'gcm', cipher: 'aes', keyBits: AES, fixedKeyLength: false, saltBytes: 4, ivBytes: 8, blockBytes: 1, icvBytes: 8 }],
  [EncrId.ENCR_AES_GCM_12, { mode: 'gcm', cipher: 'aes', keyBits: AES, fixedKeyLength: false, saltBytes: 4, ivBytes: 8, blockBytes: 1, icvBytes: 12 }],
  [EncrId.ENCR_AES_GCM_16, { mode: 'gcm', cipher: 'aes', keyBits: AES, fixedKeyLength: false, saltBytes: 4, ivBytes: 8, blockBytes: 1, icvBytes: 16 }],
  // RFC 4543 §3.1, §3.2: GCM authentication only; 4-octet salt, 8-octet IV, 16-octet ICV.
  [EncrId.ENCR_NULL_AUTH_AES_GMAC, { mode: 'gmac', cipher: 'aes', keyBits: AES, fixedKeyLength: false, saltBytes: 4, ivBytes: 8, blockBytes: 1, icvBytes: 16 }],
  // RFC 7634 §2: 256-bit key plus 4-octet salt; 8-octet IV; 16-octet tag; no Key Length attribute.
  [EncrId.ENCR_CHACHA20_POLY1305, { mode: 'chacha20-poly1305', cipher: 'chacha20', keyBits: [256], fixedKeyLength: true, saltBytes: 4, ivBytes: 8, blockBytes: 1, icvBytes: 16 }],
]);

/** How an EncrAlgorithm is implemented: mode, primitive and the split of its keying material. */
export interface EncrSpec {
  readonly mode: EncrMode;
  readonly cipher: BlockCipherName;
  /** Octets of cipher key at the front of the keying material. */
  readonly cipherKeyBytes: number;
  /** Octets of salt/nonce after it. */
  readonly saltBytes: number;
}

const specs = new WeakMap<EncrAlgorithm, EncrSpec>();
const encrCache = new Map<string, EncrAlgorithm>();

/**
 * The encryption transform `id` with Key Length attribute `keyLengthBits` (RFC 7296 §3.3.5),
 * or undefined for a transform or key length ikescope does not implement. Variable-length
 * ciphers (AES) need the key length; fixed-length ones accept it only if it is their own.
 */
export function encrAlgorithm(id: number, keyLengthBits?: number): EncrAlgorithm | undefined {
  const family = ENCR.get(id);
  if (!family) return undefined;
  let bits: number;
  if (family.fixedKeyLength) {
    bits = family.keyBits[0]!;
    if (keyLengthBits !== undefined && keyLengthBits !== bits) return undefined;
  } else {
    if (keyLengthBits === undefined || !family.keyBits.includes(keyLengthBits)) return undefined;
    bits = keyLengthBits;
  }
  const cacheKey = `${id}/${bits}`;
  const cached = encrCache.get(cacheKey);
  if (cached) return cached;
  const alg: EncrAlgorithm = Object.freeze({
    id,
    name: transformName(TransformType.ENCR, id, family.fixedKeyLength ? undefined : bits),
    keyBytes: bits / 8 + family.saltBytes,
    ivBytes: family.ivBytes,
    blockBytes: family.blockBytes,
    aead: family.icvBytes > 0,
    icvBytes: family.icvBytes,
  });
  specs.set(alg, { mode: family.mode, cipher: family.cipher, cipherKeyBytes: bits / 8, saltBytes: family.saltBytes });
  encrCache.set(cacheKey, alg);
  return alg;
}

/**
 * The implementation facts of `alg`. Descriptors built elsewhere (a key file reader's own
 * object literal) are matched by ID and key size, so any EncrAlgorithm that agrees with the
 * table works.
 */
export function encrSpec(alg: EncrAlgorithm): EncrSpec | undefined {
  const known = specs.get(alg);
  if (known) return known;
  const family = ENCR.get(alg.id);
  if (!family) return undefined;
  const cipherKeyBytes = alg.keyBytes - family.saltBytes;
  if (!family.keyBits.includes(cipherKeyBytes * 8)) return undefined;
  return { mode: family.mode, cipher: family.cipher, cipherKeyBytes, saltBytes: family.saltBytes };
}

export type MacKind = 'hmac' | 'xcbc' | 'cmac';
export type HashName = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';

interface MacFamily {
  readonly kind: MacKind;
  readonly hash?: HashName;
  readonly keyBytes: number;
  readonly outBytes: number;
}

const INTEG: ReadonlyMap<number, MacFamily> = new Map<number, MacFamily>([
  // RFC 2403 §2 / RFC 2404 §2: HMAC truncated to 96 bits, key as long as the hash output.
  [IntegId.AUTH_HMAC_MD5_96, { kind: 'hmac', hash: 'md5', keyBytes: 16, outBytes: 12 }],
  [IntegId.AUTH_HMAC_SHA1_96, { kind: 'hmac', hash: 'sha1', keyBytes: 20, outBytes: 12 }],
  // RFC 3566 §4: 128-bit key, 96-bit ICV.
  [IntegId.AUTH_AES_XCBC_96, { kind: 'xcbc', keyBytes: 16, outBytes: 12 }],
  // RFC 4595 §5: untruncated HMAC-MD5 and HMAC-SHA1 (for Fibre Channel, seen in the wild).
  [IntegId.AUTH_HMAC_MD5_128, { kind: 'hmac', hash: 'md5', keyBytes: 16, outBytes: 16 }],
  [IntegId.AUTH_HMAC_SHA1_160, { kind: 'hmac', hash: 'sha1', keyBytes: 20, outBytes: 20 }],
  // RFC 4494 §2: AES-CMAC with a 128-bit key, truncated to 96 bits.
  [IntegId.AUTH_AES_CMAC_96, { kind: 'cmac', keyBytes: 16, outBytes: 12 }],
  // RFC 4868 §2.1.1, §2.6: key as long as the hash output, ICV half of it.
  [IntegId.AUTH_HMAC_SHA2_256_128, { kind: 'hmac', hash: 'sha256', keyBytes: 32, outBytes: 16 }],
  [IntegId.AUTH_HMAC_SHA2_384_192, { kind: 'hmac', hash: 'sha384', keyBytes: 48, outBytes: 24 }],
  [IntegId.AUTH_HMAC_SHA2_512_256, { kind: 'hmac', hash: 'sha512', keyBytes: 64, outBytes: 32 }],
]);

const PRF: ReadonlyMap<number, MacFamily> = new Map<number, MacFamily>([
  // RFC 7296 §2.13: the preferred key size of an HMAC PRF is its output length.
  [PrfId.PRF_HMAC_MD5, { kind: 'hmac', hash: 'md5', keyBytes: 16, outBytes: 16 }],
  [PrfId.PRF_HMAC_SHA1, { kind: 'hmac', hash: 'sha1', keyBytes: 20, outBytes: 20 }],
  // RFC 4434 §2: 128-bit output; keys of any length are brought to 128 bits.
  [PrfId.PRF_AES128_XCBC, { kind: 'xcbc', keyBytes: 16, outBytes: 16 }],
  // RFC 4868 §2.1.2.
  [PrfId.PRF_HMAC_SHA2_256, { kind: 'hmac', hash: 'sha256', keyBytes: 32, outBytes: 32 }],
  [PrfId.PRF_HMAC_SHA2_384, { kind: 'hmac', hash: 'sha384', keyBytes: 48, outBytes: 48 }],
  [PrfId.PRF_HMAC_SHA2_512, { kind: 'hmac', hash: 'sha512', keyBytes: 64, outBytes: 64 }],
  // RFC 4615 §3: like XCBC, 128-bit output and any key length.
  [PrfId.PRF_AES128_CMAC, { kind: 'cmac', keyBytes: 16, outBytes: 16 }],
]);

export interface MacSpec {
  readonly kind: MacKind;
  readonly hash?: HashName;
}

const integCache = new Map<number, IntegAlgorithm>();
const prfCache = new Map<number, PrfAlgorithm>();

/** The integrity transform `id`, or undefined (also for NONE, which AEAD ciphers pair with). */
export function integAlgorithm(id: number): IntegAlgorithm | undefined {
  const family = INTEG.get(id);
  if (!family) return undefined;
  let alg = integCache.get(id);
  if (!alg) {
    alg = Object.freeze({ id, name: transformName(TransformType.INTEG, id), keyBytes: family.keyBytes, icvBytes: family.outBytes });
    integCache.set(id, alg);
  }
  return alg;
}

export function prfAlgorithm(id: number): PrfAlgorithm | undefined {
  const family = PRF.get(id);
  if (!family) return undefined;
  let alg = prfCache.get(id);
  if (!alg) {
    alg = Object.freeze({ id, name: transformName(TransformType.PRF, id), keyBytes: family.keyBytes, outBytes: family.outBytes });
    prfCache.set(id, alg);
  }
  return alg;
}

export function integSpec(alg: IntegAlgorithm): MacSpec | undefined {
  const family = INTEG.get(alg.id);
  return family && { kind: family.kind, hash: family.hash };
}

export function prfSpec(alg: PrfAlgorithm): MacSpec | undefined {
  const family = PRF.get(alg.id);
  return family && { kind: family.kind, hash: family.hash };
}
