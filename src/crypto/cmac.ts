/**
 * AES-CMAC (RFC 4493): AUTH_AES_CMAC_96 (RFC 4494) and PRF_AES128_CMAC (RFC 4615), which
 * accepts keys of any length.
 */
import { aesCbcMacLastXor, aesEncryptBlock } from './aes-cbc.js';
import { concatBytes } from './bytes.js';
import type { Mac } from './hmac.js';

/** RFC 4493 §2.3: shift left one bit; if the MSB was set, XOR the last octet with R_b = 0x87. */
function dbl(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 15; i++) out[i] = ((block[i]! << 1) | (block[i + 1]! >>> 7)) & 0xff;
  out[15] = (block[15]! << 1) & 0xff;
  if (block[0]! & 0x80) out[15] ^= 0x87;
  return out;
}

export class AesCmac implements Mac {
  readonly outBytes = 16;
  private readonly key: Uint8Array;
  private readonly k1: Uint8Array;
  private readonly k2: Uint8Array;

  constructor(key: Uint8Array) {
    if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError(`AES-CMAC key of ${key.length} octets`);
    this.key = key;
    // §2.3 Generate_Subkey: L = AES-128(K, 0^128); K1 = dbl(L); K2 = dbl(K1).
    this.k1 = dbl(aesEncryptBlock(key, new Uint8Array(16)));
    this.k2 = dbl(this.k1);
  }

  compute(data: Uint8Array, suffix?: Uint8Array): Uint8Array {
    // §2.4 steps 2-6: a complete last block is XORed with K1, an incomplete one padded and
    // XORed with K2; CBC-MAC under K with a zero IV, T = the last block.
    return aesCbcMacLastXor(this.key, suffix ? concatBytes(data, suffix) : data, this.k1, this.k2);
  }

  computeInto(out: Uint8Array, data: Uint8Array, suffix?: Uint8Array): void {
    out.set(this.compute(data, suffix));
  }
}

/**
 * PRF_AES128_CMAC, RFC 4615 §3: a key of other than 128 bits is first reduced with
 * AES-CMAC under the all-zero key (both shorter and longer keys, unlike RFC 4434's padding).
 */
export function cmacPrfKey(key: Uint8Array): Uint8Array {
  return key.length === 16 ? key : new AesCmac(new Uint8Array(16)).compute(key);
}

export function cmacPrf(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new AesCmac(cmacPrfKey(key)).compute(data);
}
