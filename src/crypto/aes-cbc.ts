/**
 * CBC mode (NIST SP 800-38A §6.2) for AES (RFC 3602) and, through des3.ts, DES and 3DES.
 *
 * Decryption is the ESP bulk path. node:crypto cannot re-IV a cipher object, and a
 * createDecipheriv per packet costs ≈ 3 µs of setup for ≈ 0.1 µs of AES. But a CBC decipher
 * carries its chain from one update() to the next: P[i] = D(C[i]) XOR C[i-1] (§6.2), where
 * C[i-1] is simply the previous block it was fed. So one CBC decipher made per key serves every
 * packet: feed it the packet's IV block, then its ciphertext. The IV block's own output is
 * D(IV) XOR (the last block of the previous packet) — discarded — and from then on every block
 * chains on the right one, the first on the IV. In an ESP packet the IV and the ciphertext are
 * adjacent, so that is one native call over the packet's own bytes, with no XOR in JavaScript.
 *
 * Encryption chains through the cipher (C[i] = E(P[i] XOR C[i-1])), so it uses a fresh CBC
 * cipher per message; only the endpoint and tests seal.
 */
import { createCipheriv, createDecipheriv, type Decipher } from 'node:crypto';
import { plain } from './bytes.js';
import type { Cipher } from './cipher.js';

/** CBC over a block cipher that node:crypto has in ECB and CBC modes. */
export class CbcCipher implements Cipher {
  readonly aead = false as const;
  /** One CBC decipher per key; its chain is reset by each message's IV block (see above). */
  private readonly cbc: Decipher;

  constructor(
    private readonly cbcName: string,
    ecbName: string,
    private readonly key: Uint8Array,
    readonly blockBytes: number,
  ) {
    this.cbc = createDecipheriv(cbcName, key, new Uint8Array(blockBytes)).setAutoPadding(false);
    this.ecb = createDecipheriv(ecbName, key, null).setAutoPadding(false);
  }

  private readonly ecb: Decipher;

  decrypt(iv: Uint8Array, ct: Uint8Array): Uint8Array {
    const n = this.blockBytes;
    // A partial block would stay buffered inside the shared decipher and shift every later
    // message; callers reject such lengths as malformed before they get here.
    if (ct.length % n !== 0) throw new RangeError(`CBC ciphertext of ${ct.length} octets is not a multiple of ${n}`);
    if (iv.length !== n) throw new RangeError(`CBC IV of ${iv.length} octets, needs ${n}`);
    if (iv.buffer === ct.buffer && iv.byteOffset + n === ct.byteOffset) {
      // IV and ciphertext adjacent, as in every ESP packet and SK payload: one call.
      return plain(this.cbc.update(new Uint8Array(ct.buffer, iv.byteOffset, n + ct.length))).subarray(n);
    }
    this.cbc.update(iv);
    return plain(this.cbc.update(ct));
  }

  /**
   * Decrypts several messages in one call to the ECB decipher, which is where the per-call
   * cost is (≈ 0.7 µs a call against ≈ 0.1 µs of AES for a 100-octet packet): the
   * ciphertexts are laid end to end, decrypted together, and each is then XORed with its own
   * IV and previous blocks. The results are views into one new buffer.
   */
  decryptMany(ivs: readonly Uint8Array[], cts: readonly Uint8Array[]): Uint8Array[] {
    const n = this.blockBytes;
    let total = 0;
    for (let k = 0; k < cts.length; k++) {
      const ct = cts[k]!;
      if (ct.length % n !== 0) throw new RangeError(`CBC ciphertext of ${ct.length} octets is not a multiple of ${n}`);
      if (ivs[k]!.length !== n) throw new RangeError(`CBC IV of ${ivs[k]!.length} octets, needs ${n}`);
      total += ct.length;
    }
    if (this.batch.length < total) this.batch = new Uint8Array(Math.max(total, 2 * this.batch.length));
    const all = this.batch;
    let at = 0;
    for (const ct of cts) {
      all.set(ct, at);
      at += ct.length;
    }
    const p = plain(this.ecb.update(all.subarray(0, total)));
    const out: Uint8Array[] = new Array(cts.length);
    at = 0;
    for (let k = 0; k < cts.length; k++) {
      const ct = cts[k]!;
      const iv = ivs[k]!;
      const end = at + ct.length;
      const first = Math.min(at + n, end);
      for (let i = at; i < first; i++) p[i] ^= iv[i - at]!;
      for (let i = at + n; i < end; i++) p[i] ^= ct[i - at - n]!;
      out[k] = p.subarray(at, end);
      at = end;
    }
    return out;
  }

  /** Reused input buffer of decryptMany. */
  private batch = new Uint8Array(0);

  encrypt(iv: Uint8Array, pt: Uint8Array): Uint8Array {
    if (pt.length % this.blockBytes !== 0) {
      throw new RangeError(`CBC plaintext of ${pt.length} octets is not a multiple of ${this.blockBytes}`);
    }
    const c = createCipheriv(this.cbcName, this.key, iv).setAutoPadding(false);
    return plain(c.update(pt));
  }
}

/** AES-CBC, RFC 3602: 16-octet blocks and IV, 128/192/256-bit keys. */
export class AesCbc extends CbcCipher {
  constructor(key: Uint8Array) {
    const bits = key.length * 8;
    if (bits !== 128 && bits !== 192 && bits !== 256) throw new RangeError(`AES key of ${key.length} octets`);
    super(`aes-${bits}-cbc`, `aes-${bits}-ecb`, key, 16);
  }
}

/**
 * The last block of the CBC encryption of `blocks` (a multiple of 16 octets) under an
 * all-zero IV: the CBC-MAC that XCBC (RFC 3566 §4) and CMAC (RFC 4493 §2.4) finish with.
 */
export function aesCbcMac(key: Uint8Array, blocks: Uint8Array): Uint8Array {
  const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, new Uint8Array(16)).setAutoPadding(false);
  const out = c.update(blocks);
  return new Uint8Array(out.subarray(out.length - 16));
}

/**
 * What XCBC (RFC 3566 §4 steps 2-3) and CMAC (RFC 4493 §2.4 steps 2-6) share: the message in
 * n ≥ 1 blocks (the empty message is one padded block); a complete last block is XORed with
 * `complete`, an incomplete one padded with 10^i and XORed with `incomplete`; then the
 * CBC-MAC under `key`. They differ only in the subkeys and the CBC key they pass.
 */
export function aesCbcMacLastXor(key: Uint8Array, m: Uint8Array, complete: Uint8Array, incomplete: Uint8Array): Uint8Array {
  const n = Math.max(1, Math.ceil(m.length / 16));
  const blocks = new Uint8Array(n * 16);
  blocks.set(m);
  const last = (n - 1) * 16;
  const whole = m.length > 0 && m.length % 16 === 0;
  if (!whole) blocks[m.length] = 0x80;
  const k = whole ? complete : incomplete;
  for (let i = 0; i < 16; i++) blocks[last + i] ^= k[i]!;
  return aesCbcMac(key, blocks);
}

/** E(K, block) for one 16-octet block: subkey derivation in XCBC and CMAC. */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null).setAutoPadding(false);
  return new Uint8Array(c.update(block));
}
