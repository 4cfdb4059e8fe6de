/**
 * AES-GCM for IPsec: RFC 4106 (ESP) and RFC 5282 (IKEv2), and its authentication-only form
 * AES-GMAC, RFC 4543 (ESP). node:crypto does GCM natively (including 8- and 12-octet tags),
 * which is faster per packet than @noble/ciphers' JavaScript GHASH.
 *
 * Nonce, RFC 4106 §4 and RFC 5282 §4: | Salt (4, from the keying material) | IV (8, per packet) |.
 */
import { type CipherGCMTypes } from 'node:crypto';
import { aeadOpen, aeadSeal } from './aead.js';
import { aesCtrXor } from './aes-ctr.js';
import { concatBytes } from './bytes.js';
import type { Aead } from './cipher.js';

function gcmName(key: Uint8Array): CipherGCMTypes {
  const bits = key.length * 8;
  if (bits !== 128 && bits !== 192 && bits !== 256) throw new RangeError(`AES key of ${key.length} octets`);
  return `aes-${bits}-gcm`;
}

function nonce(salt: Uint8Array, iv: Uint8Array): Uint8Array {
  if (iv.length !== 8) throw new RangeError(`GCM IV of ${iv.length} octets, needs 8`);
  return concatBytes(salt, iv);
}

export class AesGcm implements Aead {
  readonly aead = true as const;
  private readonly name: CipherGCMTypes;

  constructor(private readonly key: Uint8Array, private readonly salt: Uint8Array, readonly tagBytes: number) {
    this.name = gcmName(key);
    if (salt.length !== 4) throw new RangeError(`GCM salt of ${salt.length} octets, needs 4`);
    // RFC 4106 §6 / RFC 5282 §7.1: ICVs of 8, 12 and 16 octets.
    if (tagBytes !== 8 && tagBytes !== 12 && tagBytes !== 16) throw new RangeError(`GCM ICV of ${tagBytes} octets`);
  }

  open(iv: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array): Uint8Array | undefined {
    return aeadOpen(this.name, this.key, nonce(this.salt, iv), aad, ct, tag, this.tagBytes);
  }

  seal(iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
    return aeadSeal(this.name, this.key, nonce(this.salt, iv), aad, pt, this.tagBytes);
  }

  /**
   * GCM encrypts with CTR from inc32(J0), J0 = nonce | 0x00000001 for a 96-bit nonce
   * (NIST SP 800-38D §7.1 steps 2-3), so the payload's first counter block ends in 2.
   */
  decryptUnchecked(iv: Uint8Array, ct: Uint8Array): Uint8Array {
    const block = new Uint8Array(16);
    block.set(nonce(this.salt, iv));
    block[15] = 2;
    return aesCtrXor(this.key, block, ct);
  }
}

/**
 * ENCR_NULL_AUTH_AES_GMAC, RFC 4543 §3.3: nothing is encrypted; GCM's tag is computed with an
 * empty plaintext and the whole packet as AAD: SPI, sequence number (both halves with ESN),
 * IV, then Payload Data, Padding, Pad Length and Next Header. Unlike RFC 4106, the IV is
 * authenticated. `aad` here is what the caller gives GCM (SPI | sequence number); the IV and
 * the "ciphertext" (which is the plaintext) are appended to it in that order.
 */
export class AesGmac implements Aead {
  readonly aead = true as const;
  readonly tagBytes = 16;
  private readonly name: CipherGCMTypes;

  constructor(private readonly key: Uint8Array, private readonly salt: Uint8Array) {
    this.name = gcmName(key);
    if (salt.length !== 4) throw new RangeError(`GMAC salt of ${salt.length} octets, needs 4`);
  }

  open(iv: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array): Uint8Array | undefined {
    const ok = aeadOpen(this.name, this.key, nonce(this.salt, iv), concatBytes(aad, iv, ct), new Uint8Array(0), tag, 16);
    return ok ? ct : undefined;
  }

  seal(iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
    // The tag of an empty plaintext over the whole packet, appended to the plaintext.
    return concatBytes(pt, aeadSeal(this.name, this.key, nonce(this.salt, iv), concatBytes(aad, iv, pt), new Uint8Array(0), 16));
  }

  decryptUnchecked(_iv: Uint8Array, ct: Uint8Array): Uint8Array {
    return ct;
  }
}
