/**
 * AES-CCM for IPsec: RFC 4309 (ESP) and RFC 5282 (IKEv2), on node:crypto's CCM.
 *
 * Nonce, RFC 4309 §4 and RFC 5282 §4: | Salt (3, from the keying material) | IV (8) |, so
 * 11 octets, which leaves L = 4 octets for the length field (RFC 3610 §2: L = 15 - nonce).
 */
import { aeadOpen, aeadSeal } from './aead.js';
import { type CipherCCMTypes } from 'node:crypto';
import { aesCtrXor } from './aes-ctr.js';
import { concatBytes } from './bytes.js';
import type { Aead } from './cipher.js';

export class AesCcm implements Aead {
  readonly aead = true as const;
  private readonly name: CipherCCMTypes;

  constructor(private readonly key: Uint8Array, private readonly salt: Uint8Array, readonly tagBytes: number) {
    const bits = key.length * 8;
    if (bits !== 128 && bits !== 192 && bits !== 256) throw new RangeError(`AES key of ${key.length} octets`);
    this.name = `aes-${bits}-ccm`;
    if (salt.length !== 3) throw new RangeError(`CCM salt of ${salt.length} octets, needs 3`);
    // RFC 4309 §3 / RFC 5282 §7.1: ICVs of 8, 12 and 16 octets.
    if (tagBytes !== 8 && tagBytes !== 12 && tagBytes !== 16) throw new RangeError(`CCM ICV of ${tagBytes} octets`);
  }

  private nonce(iv: Uint8Array): Uint8Array {
    if (iv.length !== 8) throw new RangeError(`CCM IV of ${iv.length} octets, needs 8`);
    return concatBytes(this.salt, iv);
  }

  open(iv: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array): Uint8Array | undefined {
    return aeadOpen(this.name, this.key, this.nonce(iv), aad, ct, tag, this.tagBytes);
  }

  seal(iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
    return aeadSeal(this.name, this.key, this.nonce(iv), aad, pt, this.tagBytes);
  }

  /**
   * CCM's encryption is CTR with A_i = Flags | Nonce | i, Flags = L - 1 = 3, and the payload
   * starts at i = 1 (RFC 3610 §2.3; A_0 encrypts the tag).
   */
  decryptUnchecked(iv: Uint8Array, ct: Uint8Array): Uint8Array {
    const a1 = new Uint8Array(16);
    a1[0] = 3;
    a1.set(this.nonce(iv), 1);
    a1[15] = 1;
    return aesCtrXor(this.key, a1, ct);
  }
}
