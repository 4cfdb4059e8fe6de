/**
 * Contracts of the crypto layer. Algorithms are resolved from IANA transform IDs (the same
 * numbers the SA payload carries), so a key source, the capture and the endpoint all meet on
 * one vocabulary. Errors are values: opening a payload or packet never throws on bad input.
 */

/** An encryption transform (IKE SK or ESP), from its IANA ENCR ID and key length. */
export interface EncrAlgorithm {
  /** IANA "Transform Type 1 - Encryption Algorithm" ID. */
  readonly id: number;
  /** IANA name with key length, as reports write it: "ENCR_AES_CBC_128". */
  readonly name: string;
  /**
   * Octets of keying material taken from prf+ or given as SK_e / ESP key: the cipher key plus,
   * for AES-CTR, AES-GCM, AES-CCM and ChaCha20-Poly1305, the salt/nonce (RFC 5930 §2,
   * RFC 5282 §7.1, RFC 4106 §8.1, RFC 4309 §7.1, RFC 7634 §2).
   */
  readonly keyBytes: number;
  /** Octets of IV carried in each SK payload or ESP packet. */
  readonly ivBytes: number;
  /** Padding alignment of the plaintext (1 for stream modes; ESP still aligns to 4). */
  readonly blockBytes: number;
  readonly aead: boolean;
  /** AEAD tag octets; 0 for non-AEAD ciphers (their ICV comes from the integrity transform). */
  readonly icvBytes: number;
}

/** An integrity transform, from its IANA INTEG ID. */
export interface IntegAlgorithm {
  readonly id: number;
  /** "AUTH_HMAC_SHA2_256_128" */
  readonly name: string;
  readonly keyBytes: number;
  /** Octets of the (truncated) ICV on the wire. */
  readonly icvBytes: number;
}

/** A pseudorandom function, from its IANA PRF ID. */
export interface PrfAlgorithm {
  readonly id: number;
  readonly name: string;
  /** Preferred key size (RFC 7296 §2.13; SK_d, SK_pi, SK_pr have this length). */
  readonly keyBytes: number;
  readonly outBytes: number;
}

/** Keys protecting one direction of an IKE_SA's SK payloads (SK_ei/SK_ai or SK_er/SK_ar). */
export interface SkKeys {
  readonly encr: EncrAlgorithm;
  /** Absent for AEAD ciphers. */
  readonly integ?: IntegAlgorithm;
  readonly encrKey: Uint8Array;
  readonly integKey?: Uint8Array;
  /**
   * 'skip' honours a key table that says not to check integrity (Wireshark's "ANY 96-bits of
   * Authentication [No Checking]"): decrypt, and report integrity as unchecked.
   */
  readonly integrity: 'check' | 'skip';
  /** With integrity 'skip' and no integ transform: how many octets of ICV to strip. */
  readonly icvBytes?: number;
}

export type OpenFailure = {
  readonly ok: false;
  /** icv-mismatch: wrong key or a modified message; malformed: lengths or padding that cannot be. */
  readonly reason: 'icv-mismatch' | 'malformed';
  readonly message: string;
};

export type SkOpened =
  | {
      readonly ok: true;
      /** The inner payload chain (padding and pad length removed), starting with the SK header's Next Payload. */
      readonly plaintext: Uint8Array;
      readonly integrity: 'verified' | 'unchecked';
    }
  | OpenFailure;

/** Keys of one ESP SA (one SPI, one direction). */
export interface EspKeys {
  readonly encr: EncrAlgorithm;
  readonly integ?: IntegAlgorithm;
  readonly encrKey: Uint8Array;
  readonly integKey?: Uint8Array;
  readonly integrity: 'check' | 'skip';
  readonly icvBytes?: number;
  /** Extended sequence numbers negotiated (RFC 4303 §2.2.1): the high 32 bits enter the ICV. */
  readonly esn?: boolean;
}

export type EspOpened =
  | {
      readonly ok: true;
      /** RFC 4303 §2.6: 4 IPv4, 41 IPv6, 59 dummy (TFC), … */
      readonly nextHeader: number;
      /** The inner packet (tunnel mode: an IP packet), without padding and trailer. */
      readonly payload: Uint8Array;
      readonly integrity: 'verified' | 'unchecked';
    }
  | OpenFailure;
