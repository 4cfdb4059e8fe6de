/**
 * Single DES (FIPS 46-3) on one 8-octet block, for MSCHAPv2's DesEncrypt (RFC 2759 §8.6).
 *
 * OpenSSL 3 keeps single DES in its legacy provider, which Node does not load. 3DES-EDE with
 * K1 = K2 = K3 computes E_K(D_K(E_K(x))) = E_K(x): the decryption undoes the first encryption,
 * so it is single DES (keying option 3 of NIST SP 800-67; des3.ts runs ENCR_DES the same way).
 */
import { createCipheriv } from 'node:crypto';
import { concatBytes, plain } from './bytes.js';

/** E_K(block) for an 8-octet key (parity bits ignored, as DES does) and an 8-octet block. */
export function desEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  if (key.length !== 8) throw new RangeError(`DES key of ${key.length} octets, needs 8`);
  if (block.length !== 8) throw new RangeError(`DES block of ${block.length} octets, needs 8`);
  const c = createCipheriv('des-ede3-ecb', concatBytes(key, key, key), null).setAutoPadding(false);
  return plain(c.update(block));
}

/**
 * The 8-octet DES key made from 56 key bits (7 octets): each output octet takes the next 7 bits
 * in its high bits, its low bit set for odd parity (RFC 2759 §8.6 "the 7-octet key is expanded
 * to 8 octets with parity"; parity is ignored by DES, set anyway so the key is a proper one).
 */
export function desKeyFrom56(k7: Uint8Array): Uint8Array {
  if (k7.length !== 7) throw new RangeError(`56-bit DES key of ${k7.length} octets, needs 7`);
  const out = new Uint8Array(8);
  let bits = 0n;
  for (const b of k7) bits = (bits << 8n) | BigInt(b);
  for (let i = 0; i < 8; i++) {
    const seven = Number((bits >> BigInt(49 - 7 * i)) & 0x7fn);
    let v = seven << 1;
    let ones = 0;
    for (let t = seven; t; t >>= 1) ones += t & 1;
    if (ones % 2 === 0) v |= 1;
    out[i] = v;
  }
  return out;
}
