/**
 * node:crypto's AEAD ciphers (AES-GCM, AES-CCM, ChaCha20-Poly1305), opened and sealed the one
 * way all three accept: the tag set before the AAD (CCM requires that order) and the plaintext
 * length given with the AAD (CCM authenticates it first, RFC 3610 §2.2; GCM and ChaCha20 take
 * it and ignore it).
 */
import { createCipheriv, createDecipheriv, type CipherCCMTypes, type CipherGCMTypes } from 'node:crypto';
import { concatBytes, plain } from './bytes.js';

export type AeadName = CipherGCMTypes | CipherCCMTypes | 'chacha20-poly1305';

/** The plaintext, or undefined when the tag does not verify: the plaintext is dropped unseen. */
export function aeadOpen(name: AeadName, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array, tag: Uint8Array, tagBytes: number): Uint8Array | undefined {
  if (tag.length !== tagBytes) return undefined;
  // The three names have overloads of their own; one call site serves them all.
  const d = createDecipheriv(name as CipherCCMTypes, key, nonce, { authTagLength: tagBytes });
  d.setAuthTag(tag);
  d.setAAD(aad, { plaintextLength: ct.length });
  const p = d.update(ct);
  try {
    d.final();
  } catch {
    return undefined;
  }
  return plain(p);
}

/** Ciphertext followed by the tag. */
export function aeadSeal(name: AeadName, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array, tagBytes: number): Uint8Array {
  const c = createCipheriv(name as CipherCCMTypes, key, nonce, { authTagLength: tagBytes });
  c.setAAD(aad, { plaintextLength: pt.length });
  const ct = c.update(pt);
  c.final();
  return concatBytes(ct, c.getAuthTag());
}
