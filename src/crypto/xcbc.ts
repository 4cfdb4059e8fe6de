/**
 * AES-XCBC-MAC (RFC 3566): AUTH_AES_XCBC_96 for ESP and IKE, and the PRF built on it,
 * PRF_AES128_XCBC (RFC 4434), which accepts keys of any length.
 */
import { aesCbcMacLastXor, aesEncryptBlock } from './aes-cbc.js';
import { concatBytes } from './bytes.js';
import type { Mac } from './hmac.js';

const constant = (octet: number): Uint8Array => new Uint8Array(16).fill(octet);

export class AesXcbc implements Mac {
  readonly outBytes = 16;
  private readonly k1: Uint8Array;
  private readonly k2: Uint8Array;
  private readonly k3: Uint8Array;

  constructor(key: Uint8Array) {
    // RFC 3566 §4: "AES-XCBC-MAC-96 ... use a 128-bit key".
    if (key.length !== 16) throw new RangeError(`AES-XCBC key of ${key.length} octets, needs 16`);
    // §4 step 1: K1 = E(K, 0x01...01), K2 = E(K, 0x02...02), K3 = E(K, 0x03...03).
    this.k1 = aesEncryptBlock(key, constant(0x01));
    this.k2 = aesEncryptBlock(key, constant(0x02));
    this.k3 = aesEncryptBlock(key, constant(0x03));
  }

  compute(data: Uint8Array, suffix?: Uint8Array): Uint8Array {
    // §4 steps 2-3: CBC under K1; a complete last block is XORed with K2 (3a), an incomplete
    // one padded with a 1 bit then 0 bits and XORed with K3 (3b).
    return aesCbcMacLastXor(this.k1, suffix ? concatBytes(data, suffix) : data, this.k2, this.k3);
  }

  computeInto(out: Uint8Array, data: Uint8Array, suffix?: Uint8Array): void {
    out.set(this.compute(data, suffix));
  }
}

/**
 * PRF_AES128_XCBC, RFC 4434 §2: a key shorter than 128 bits is padded with zeros; a longer
 * one is first reduced by AES-XCBC-PRF-128 under the all-zero key. The output is the full
 * 128-bit MAC ("no truncation").
 */
export function xcbcPrfKey(key: Uint8Array): Uint8Array {
  if (key.length === 16) return key;
  if (key.length < 16) {
    const k = new Uint8Array(16);
    k.set(key);
    return k;
  }
  return new AesXcbc(new Uint8Array(16)).compute(key);
}

export function xcbcPrf(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new AesXcbc(xcbcPrfKey(key)).compute(data);
}
