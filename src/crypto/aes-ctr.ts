/**
 * AES-CTR with the IPsec counter block, RFC 3686 §4 (ESP) and RFC 5930 §2 (IKEv2 SK):
 *
 *   | Nonce (4, from the keying material) | IV (8, per packet) | Block Counter (4) |
 *
 * "The block counter ... begins with the value of one" (RFC 3686 §4). node:crypto's CTR
 * increments the whole 128-bit block, which is the same thing for any message shorter than
 * 2^32 blocks.
 *
 * Wireshark's key table can name AES-CTR for a session that used AES-CCM (see the README of
 * the Wireshark tests): CCM encrypts with CTR blocks A_i = Flags | Nonce | Counter, counting
 * from 1 for the payload (RFC 3610 §2.3), with Flags = L - 1 = 3 for IPsec's 11-octet nonce
 * (RFC 4309 §4: salt 3 | IV 8). A 4-octet "nonce" of 0x03 | the 3-octet CCM salt therefore
 * makes this counter block equal to A_1, and CTR decryption gives the CCM plaintext.
 */
import { createCipheriv } from 'node:crypto';
import { plain } from './bytes.js';
import type { Cipher } from './cipher.js';

/** RFC 3686 §4 counter block for `nonce` (4) and `iv` (8), counter starting at `counter`. */
export function ctrBlock(nonce: Uint8Array, iv: Uint8Array, counter = 1): Uint8Array {
  const block = new Uint8Array(16);
  block.set(nonce.subarray(0, 4), 0);
  block.set(iv.subarray(0, 8), 4);
  block[12] = counter >>> 24;
  block[13] = counter >>> 16;
  block[14] = counter >>> 8;
  block[15] = counter;
  return block;
}

/** data XOR AES-CTR keystream from the 16-octet initial counter block (encrypts and decrypts). */
export function aesCtrXor(key: Uint8Array, counterBlock: Uint8Array, data: Uint8Array): Uint8Array {
  const c = createCipheriv(`aes-${key.length * 8}-ctr`, key, counterBlock);
  return plain(c.update(data));
}

export class AesCtr implements Cipher {
  readonly aead = false as const;

  /** `key` is the AES key; `nonce` the 4 octets that follow it in the keying material. */
  constructor(private readonly key: Uint8Array, private readonly nonce: Uint8Array) {
    if (nonce.length !== 4) throw new RangeError(`AES-CTR nonce of ${nonce.length} octets, needs 4`);
  }

  decrypt(iv: Uint8Array, ct: Uint8Array): Uint8Array {
    return aesCtrXor(this.key, ctrBlock(this.nonce, iv), ct);
  }

  encrypt(iv: Uint8Array, pt: Uint8Array): Uint8Array {
    return aesCtrXor(this.key, ctrBlock(this.nonce, iv), pt);
  }
}
