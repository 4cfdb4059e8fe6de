/**
 * Key derivation: the IKE SA's SK_* (RFC 7296 §2.14) and a CHILD_SA's keys (§2.17).
 */
import { concatBytes } from './bytes.js';
import { prfSpec } from './algorithms.js';
import { prf } from './prf.js';
import { prfPlus } from './prf-plus.js';
import type { EncrAlgorithm, IntegAlgorithm, PrfAlgorithm } from './types.js';

/** Keys of an ESP/AH SA pair, in §2.17's order. */
export interface ChildSaKeymat {
  /** Initiator-to-responder encryption key (cipher key and salt, as the EncrAlgorithm wants). */
  readonly encrI: Uint8Array;
  /** Initiator-to-responder integrity key; empty for AEAD ciphers. */
  readonly integI: Uint8Array;
  readonly encrR: Uint8Array;
  readonly integR: Uint8Array;
}

/**
 * RFC 7296 §2.17: KEYMAT = prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir (new) | Ni | Nr) when the
 * CREATE_CHILD_SA exchange carried KE payloads. "All keys for SAs carrying data from the
 * initiator to the responder are taken before SAs going from the responder to the initiator
 * ... encryption keys MUST be taken from the first bits and the integrity keys from the
 * remaining bits" — so encr_i | integ_i | encr_r | integ_r.
 */
export function childSaKeymat(
  prfAlg: PrfAlgorithm,
  skD: Uint8Array,
  ni: Uint8Array,
  nr: Uint8Array,
  encr: EncrAlgorithm,
  integ?: IntegAlgorithm,
  gir?: Uint8Array,
): ChildSaKeymat {
  const e = encr.keyBytes;
  const a = encr.aead ? 0 : (integ?.keyBytes ?? 0);
  const seed = gir ? concatBytes(gir, ni, nr) : concatBytes(ni, nr);
  const km = prfPlus(prfAlg, skD, seed, 2 * (e + a));
  return {
    encrI: km.slice(0, e),
    integI: km.slice(e, e + a),
    encrR: km.slice(e + a, 2 * e + a),
    integR: km.slice(2 * e + a, 2 * (e + a)),
  };
}

export interface IkeSaKeys {
  readonly skeyseed: Uint8Array;
  readonly skD: Uint8Array;
  readonly skAi: Uint8Array;
  readonly skAr: Uint8Array;
  readonly skEi: Uint8Array;
  readonly skEr: Uint8Array;
  readonly skPi: Uint8Array;
  readonly skPr: Uint8Array;
}

/**
 * The key of SKEYSEED = prf(Ni | Nr, g^ir). §2.14: "If the negotiated PRF takes a fixed-length
 * key and the lengths of Ni and Nr do not add up to that length, half the bits must come from
 * Ni and half must come from Nr, taking the first bits of each." The AES PRFs are used that
 * way here (RFC 4434 and 4615 would accept longer keys, but §2.14 and the implementations in
 * the field, strongSwan among them, use 8 octets of each nonce).
 */
function skeyseedKey(prfAlg: PrfAlgorithm, ni: Uint8Array, nr: Uint8Array): Uint8Array {
  const kind = prfSpec(prfAlg)?.kind;
  if (kind === 'xcbc' || kind === 'cmac') {
    const half = prfAlg.keyBytes / 2;
    return concatBytes(ni.subarray(0, half), nr.subarray(0, half));
  }
  return concatBytes(ni, nr);
}

/** The IKE SA being rekeyed (RFC 7296 §2.18): its PRF and SK_d. */
export interface RekeyedFrom {
  readonly prf: PrfAlgorithm;
  readonly skD: Uint8Array;
}

/**
 * RFC 7296 §2.14:
 *   SKEYSEED = prf(Ni | Nr, g^ir)
 *   {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr)
 * SK_d, SK_pi and SK_pr are as long as the PRF's preferred key; SK_a* as the integrity key
 * (absent with an AEAD cipher, RFC 5282 §7.1); SK_e* as the cipher's keying material, salt
 * included.
 *
 * With `rekeyedFrom`, the new IKE SA of a CREATE_CHILD_SA rekey (§2.18):
 *   SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)
 * "it is the old IKE SA's PRF that is used to generate SKEYSEED"; prf+ then runs with the new
 * SA's PRF, its SPIs and the exchange's nonces. (strongSwan 5.9 runs prf+ with the old PRF
 * too; the two agree whenever the rekey keeps the PRF, as rekeys in the field do.)
 */
export function deriveIkeKeys(
  prfAlg: PrfAlgorithm,
  ni: Uint8Array,
  nr: Uint8Array,
  gir: Uint8Array,
  spiI: Uint8Array,
  spiR: Uint8Array,
  encr: EncrAlgorithm,
  integ?: IntegAlgorithm,
  rekeyedFrom?: RekeyedFrom,
): IkeSaKeys {
  const skeyseed = rekeyedFrom
    ? prf(rekeyedFrom.prf, rekeyedFrom.skD, concatBytes(gir, ni, nr))
    : prf(prfAlg, skeyseedKey(prfAlg, ni, nr), gir);
  const p = prfAlg.keyBytes;
  const a = encr.aead ? 0 : (integ?.keyBytes ?? 0);
  const e = encr.keyBytes;
  const km = prfPlus(prfAlg, skeyseed, concatBytes(ni, nr, spiI, spiR), 3 * p + 2 * a + 2 * e);
  let at = 0;
  const take = (n: number): Uint8Array => km.slice(at, (at += n));
  return {
    skeyseed,
    skD: take(p),
    skAi: take(a),
    skAr: take(a),
    skEi: take(e),
    skEr: take(e),
    skPi: take(p),
    skPr: take(p),
  };
}
