/**
 * ChaCha20-Poly1305 for IPsec, RFC 7634, on node:crypto's AEAD (RFC 8439 §2.8).
 *
 * Nonce, RFC 7634 §2: | Salt (4, the last octets of the keying material) | IV (8) |;
 * the key is the 32 octets before the salt; the tag is always 16 octets.
 */
import { aeadOpen, aeadSeal } from './aead.js';
import { createDecipheriv } from 'node:crypto';
import { concatBytes, plain } from './bytes.js';
import type { Aead } from './cipher.js';

export class ChaCha20Poly1305 implements Aead {
  readonly aead = true as const;
  readonly tagBytes = 16;

  constructor(private readonly key: Uint8Array, private readonly salt: Uint8Array) {
    if (key.length !== 32) throw new RangeError(`ChaCha20 key of ${key.length} octets, needs 32`);
    if (salt.length !== 4) throw new RangeError(`ChaCha20-Poly1305 salt of ${salt.length} octets, needs 4`);
  }

  private nonce(iv: Uint8Array): Uint8Array {
    if (iv.length !== 8) throw new RangeError(`ChaCha20-Poly1305 IV of ${iv.length} octets, needs 8`);
    return concatBytes(this.salt, iv);
  }

  open(iv: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array): Uint8Array | undefined {
    return aeadOpen('chacha20-poly1305', this.key, this.nonce(iv), aad, ct, tag, 16);
  }

  seal(iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
    return aeadSeal('chacha20-poly1305', this.key, this.nonce(iv), aad, pt, 16);
  }

  /**
   * RFC 8439 §2.8: block 0 makes the Poly1305 key, the payload is encrypted from block 1.
   * OpenSSL's "chacha20" takes a 16-octet IV: the 32-bit block counter, little-endian, then
   * the 96-bit nonce.
   */
  decryptUnchecked(iv: Uint8Array, ct: Uint8Array): Uint8Array {
    const counterAndNonce = new Uint8Array(16);
    counterAndNonce[0] = 1;
    counterAndNonce.set(this.nonce(iv), 4);
    return plain(createDecipheriv('chacha20', this.key, counterAndNonce).update(ct));
  }
}
