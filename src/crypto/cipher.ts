/**
 * Keyed encryption transforms: an EncrAlgorithm plus its keying material becomes a Cipher
 * (CBC, CTR, NULL: integrity comes from a separate INTEG transform) or an Aead (GCM, CCM,
 * ChaCha20-Poly1305, GMAC). SK payloads (sk.ts) and ESP (esp/decrypt.ts) frame their bytes
 * around these; the primitives live one family per file.
 */
import { encrSpec } from './algorithms.js';
import { AesCbc } from './aes-cbc.js';
import { AesCtr } from './aes-ctr.js';
import { AesCcm } from './aes-ccm.js';
import { AesGcm, AesGmac } from './aes-gcm.js';
import { ChaCha20Poly1305 } from './chacha20-poly1305.js';
import { des3Cbc, desCbc } from './des3.js';
import type { EncrAlgorithm } from './types.js';

/** A cipher without authentication. */
export interface Cipher {
  readonly aead: false;
  /**
   * Decrypts `ct` under `iv`. For block modes the caller guarantees `ct.length` is a multiple
   * of the block size (a framing check it reports as malformed, not a cipher failure).
   */
  decrypt(iv: Uint8Array, ct: Uint8Array): Uint8Array;
  encrypt(iv: Uint8Array, pt: Uint8Array): Uint8Array;
}

/** Authenticated encryption with associated data (RFC 5116's interface, with IPsec's salt|IV nonce). */
export interface Aead {
  readonly aead: true;
  readonly tagBytes: number;
  /** The plaintext, or undefined when the tag does not verify (the plaintext is then discarded). */
  open(iv: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array): Uint8Array | undefined;
  /** Ciphertext followed by the tag. */
  seal(iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array;
  /**
   * The keystream part alone, tag unchecked: only for a key source that says integrity is not
   * to be checked (Wireshark's "No Checking" rows).
   */
  decryptUnchecked(iv: Uint8Array, ct: Uint8Array): Uint8Array;
}

export type EncrInstance = Cipher | Aead;

export type Keyed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** The NULL cipher, RFC 2410 §2: "NULL does nothing to alter plaintext data". */
const NULL_CIPHER: Cipher = {
  aead: false,
  decrypt: (_iv, ct) => ct,
  encrypt: (_iv, pt) => pt,
};

/**
 * `alg` keyed with `key` (cipher key followed by salt/nonce, as prf+ and key files give it).
 * A key of the wrong length is a result, not an exception: key files are user input.
 */
export function createCipher(alg: EncrAlgorithm, key: Uint8Array): Keyed<EncrInstance> {
  const spec = encrSpec(alg);
  if (!spec) return { ok: false, message: `${alg.name} is not implemented` };
  if (key.length !== alg.keyBytes) {
    return { ok: false, message: `${alg.name} needs ${alg.keyBytes} octets of key, got ${key.length}` };
  }
  const k = key.subarray(0, spec.cipherKeyBytes);
  const salt = key.subarray(spec.cipherKeyBytes);
  let value: EncrInstance;
  switch (spec.mode) {
    case 'null':
      value = NULL_CIPHER;
      break;
    case 'cbc':
      value = spec.cipher === 'aes' ? new AesCbc(k) : spec.cipher === '3des' ? des3Cbc(k) : desCbc(k);
      break;
    case 'ctr':
      value = new AesCtr(k, salt);
      break;
    case 'gcm':
      value = new AesGcm(k, salt, alg.icvBytes);
      break;
    case 'gmac':
      value = new AesGmac(k, salt);
      break;
    case 'ccm':
      value = new AesCcm(k, salt, alg.icvBytes);
      break;
    case 'chacha20-poly1305':
      value = new ChaCha20Poly1305(k, salt);
      break;
  }
  return { ok: true, value };
}
