/**
 * Key lengths against the algorithms a source names. A key of the wrong length cannot be the
 * key of that SA, so the key set is refused with a reason (lengths only, never bytes), as
 * Wireshark refuses such a UAT row.
 */
import { ENCR, INTEG, PRF_KEY_BYTES, encrKeyBytes, encrLabel, integTransformName, isAead, prfLabel } from './algorithms.js';
import type { AlgorithmRef, EspSaKeySet, IkeSaKeySet, IntegrityRef } from './model.js';

/** Why a key set cannot be right: 'keys/unknown-algorithm' (no sizes known) or 'keys/key-length'. */
export interface KeyProblem {
  readonly code: 'keys/unknown-algorithm' | 'keys/key-length';
  readonly reason: string;
}

const unknown = (reason: string): KeyProblem => ({ code: 'keys/unknown-algorithm', reason });
const length = (reason: string): KeyProblem => ({ code: 'keys/key-length', reason });

function encrReason(encr: AlgorithmRef, keys: Array<[string, Uint8Array | undefined]>): KeyProblem | undefined {
  const info = ENCR.get(encr.id);
  if (!info) return unknown(`ikescope knows no key size for ${encrLabel(encr)}`);
  const want = encrKeyBytes(encr);
  if (want === undefined) {
    if (keys.every(([, k]) => k === undefined)) return undefined;
    return length(encr.keyLength === undefined
      ? `${encrLabel(encr)} needs a key length`
      : `${encrLabel(encr)} has no ${encr.keyLength}-bit key size`);
  }
  for (const [name, key] of keys) {
    if (key !== undefined && key.length !== want) {
      return length(`${name} is ${key.length} octets but ${encrLabel(encr)} takes ${want}${info.saltBytes ? ` (${want - info.saltBytes} of key and ${info.saltBytes} of salt)` : ''}`);
    }
  }
  return undefined;
}

function integReason(encr: AlgorithmRef | undefined, integ: IntegrityRef, keys: Array<[string, Uint8Array | undefined]>): KeyProblem | undefined {
  if (integ.kind === 'transform') {
    if (encr && isAead(encr.id)) return length(`${encrLabel(encr)} is a combined-mode cipher and takes no integrity transform (${integTransformName(integ.ref.id)} given)`);
    const info = INTEG.get(integ.ref.id);
    if (!info) return unknown(`ikescope knows no key size for ${integTransformName(integ.ref.id)}`);
    for (const [name, key] of keys) {
      if (key === undefined) continue;
      if (key.length !== info.keyBytes) return length(`${name} is ${key.length} octets but ${integTransformName(integ.ref.id)} takes ${info.keyBytes}`);
    }
    return undefined;
  }
  for (const [name, key] of keys) {
    if (key !== undefined && key.length > 0) {
      return length(`${name} is given (${key.length} octets) but the integrity is ${integ.kind === 'none' ? 'none' : 'unchecked'}, which takes no key`);
    }
  }
  return undefined;
}

/** Why this IKE key set cannot be right, or undefined when its lengths fit its algorithms. */
export function ikeKeyProblem(set: IkeSaKeySet): KeyProblem | undefined {
  if (set.encr) {
    const r = encrReason(set.encr, [['SK_ei', set.skEi], ['SK_er', set.skEr]]);
    if (r) return r;
  }
  if (set.integ) {
    const r = integReason(set.encr, set.integ, [['SK_ai', set.skAi], ['SK_ar', set.skAr]]);
    if (r) return r;
  }
  if (set.prf) {
    const want = PRF_KEY_BYTES.get(set.prf.id);
    if (want === undefined) return unknown(`ikescope knows no key size for ${prfLabel(set.prf)}`);
    for (const [name, key] of [['SK_d', set.skD], ['SK_pi', set.skPi], ['SK_pr', set.skPr]] as const) {
      if (key !== undefined && key.length !== want) return length(`${name} is ${key.length} octets but ${prfLabel(set.prf)} takes ${want}`);
    }
  }
  return undefined;
}

/** Why this ESP key set cannot be right, or undefined. */
export function espKeyProblem(set: EspSaKeySet): KeyProblem | undefined {
  if (set.encr) {
    const r = encrReason(set.encr, [['the encryption key', set.encrKey]]);
    if (r) return r;
  }
  if (set.integ) {
    const r = integReason(set.encr, set.integ, [['the authentication key', set.integKey]]);
    if (r) return r;
  }
  return undefined;
}
