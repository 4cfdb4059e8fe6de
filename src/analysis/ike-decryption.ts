/**
 * Opening the SK and SKF payloads of an IKE_SA with the user's keys.
 *
 * A key set names its SPIs (Wireshark tables, JSON) or does not (charon logs): then every
 * unbound set is tried on the SA's first encrypted message and bound to the SA whose integrity
 * check (or AEAD tag) it passes. Algorithms come from the key set when it states them — a table
 * is honoured as written — and otherwise from the proposal the responder chose in IKE_SA_INIT.
 */
import { encrAlgorithm, integAlgorithm, prfAlgorithm } from '../crypto/algorithms.js';
import { openSk } from '../crypto/sk.js';
import type { EncrAlgorithm, IntegAlgorithm, PrfAlgorithm, SkKeys } from '../crypto/types.js';
import type { Proposal as WireProposal } from '../ikev2/payloads/sa.js';
import { keyLength } from '../ikev2/payloads/sa.js';
import { TransformType } from '../ikev2/registry/transform-types.js';
import type { IkeSaKeySet, IntegrityRef, KeyStore } from '../keys/model.js';

/** What the capture says about an IKE_SA's algorithms (the chosen IKE proposal). */
export interface Negotiated {
  readonly encr?: { id: number; keyLength?: number };
  readonly integ?: number;
  readonly prf?: number;
}

export function negotiated(p: WireProposal): Negotiated {
  const find = (type: number) => p.transforms.find((t) => t.transformType === type);
  const e = find(TransformType.ENCR);
  return { encr: e && { id: e.transformId, keyLength: keyLength(e) }, integ: find(TransformType.INTEG)?.transformId, prf: find(TransformType.PRF)?.transformId };
}

export interface SaSecrets {
  readonly keySet: IkeSaKeySet;
  readonly initiator: SkKeys;
  readonly responder: SkKeys;
  readonly prf?: PrfAlgorithm;
}

export type OpenOutcome =
  | { readonly ok: true; readonly plaintext: Uint8Array; readonly integrity: 'verified' | 'unchecked'; readonly keys: SaSecrets }
  | { readonly ok: false; readonly code: 'keys/none' | 'keys/icv-mismatch' | 'keys/unsupported' | 'decode/malformed'; readonly message: string };

function integrityFor(ref: IntegrityRef | undefined, negotiatedInteg: number | undefined, encr: EncrAlgorithm):
  { integ?: IntegAlgorithm; integrity: 'check' | 'skip'; icvBytes?: number } | string {
  if (ref?.kind === 'unchecked') return { integrity: 'skip', icvBytes: ref.icvBytes };
  if (ref?.kind === 'none' || (ref === undefined && encr.aead)) return { integrity: 'check' };
  const id = ref?.kind === 'transform' ? ref.ref.id : negotiatedInteg;
  if (id === undefined) return 'no integrity algorithm known for this IKE_SA';
  const integ = integAlgorithm(id);
  if (!integ) return `integrity transform ${id} is not supported`;
  return { integ, integrity: 'check' };
}

/** SK keys for both directions from a key set, or why not. */
export function skKeys(set: IkeSaKeySet, n: Negotiated): { initiator: SkKeys; responder: SkKeys; prf?: PrfAlgorithm } | string {
  const ref = set.encr ?? n.encr;
  if (!ref) return 'no encryption algorithm known for this IKE_SA (the capture lacks IKE_SA_INIT and the key source names none)';
  const encr = encrAlgorithm(ref.id, ref.keyLength);
  if (!encr) return `encryption transform ${ref.id}${ref.keyLength ? `/${ref.keyLength}` : ''} is not supported`;
  const integ = integrityFor(set.integ, n.integ, encr);
  if (typeof integ === 'string') return integ;
  if (!set.skEi || !set.skEr) return 'the key source has no SK_ei/SK_er';
  if (integ.integ && (!set.skAi || !set.skAr)) return 'the key source has no SK_ai/SK_ar';
  const prfId = set.prf?.id ?? n.prf;
  const side = (encrKey: Uint8Array, integKey?: Uint8Array): SkKeys => ({ encr, encrKey, ...integ, ...(integ.integ ? { integKey } : {}) });
  return { initiator: side(set.skEi, set.skAi), responder: side(set.skEr, set.skAr), prf: prfId !== undefined ? prfAlgorithm(prfId) : undefined };
}

export class IkeKeyring {
  /** Key sets bound to an IKE_SA, by "ispi|rspi". */
  private readonly bound = new Map<string, SaSecrets>();
  /** Key sets without SPIs not yet bound: tried on SAs that have no keys. */
  private readonly floating: IkeSaKeySet[];
  private readonly bySpis = new Map<string, IkeSaKeySet[]>();

  constructor(store: KeyStore) {
    this.floating = store.ike.filter((k) => !k.ispi || !k.rspi);
    for (const k of store.ike) {
      if (!k.ispi || !k.rspi) continue;
      const key = `${k.ispi}|${k.rspi}`;
      this.bySpis.set(key, [...(this.bySpis.get(key) ?? []), k]);
    }
  }

  get empty(): boolean { return this.floating.length === 0 && this.bySpis.size === 0; }

  secrets(sa: string): SaSecrets | undefined { return this.bound.get(sa); }

  /**
   * Opens the SK/SKF payload at `skOffset` of `message`, sent by the original initiator or not.
   * `sa` is "ispi|rspi" in lower-case hex.
   */
  open(sa: string, n: Negotiated, message: Uint8Array, skOffset: number, fromInitiator: boolean): OpenOutcome {
    const known = this.bound.get(sa);
    if (known) return this.try(known, message, skOffset, fromInitiator, true);
    const named = this.bySpis.get(sa) ?? [];
    let last: OpenOutcome | undefined;
    for (const set of [...named, ...this.floating]) {
      const keys = skKeys(set, n);
      if (typeof keys === 'string') {
        if (named.includes(set)) last = { ok: false, code: 'keys/unsupported', message: keys };
        continue;
      }
      const secrets: SaSecrets = { keySet: set, ...keys };
      const out = this.try(secrets, message, skOffset, fromInitiator, named.includes(set));
      if (out.ok && out.integrity === 'verified') {
        this.bound.set(sa, secrets);
        const i = this.floating.indexOf(set);
        if (i >= 0) this.floating.splice(i, 1);
        return out;
      }
      // A set named for this SA is honoured as written even when it cannot be verified.
      if (named.includes(set)) {
        if (out.ok) this.bound.set(sa, secrets);
        return out;
      }
      last ??= out.ok ? undefined : { ok: false, code: 'keys/none', message: 'no key set given opens this IKE_SA (tried every one without SPIs)' };
    }
    return last ?? { ok: false, code: 'keys/none', message: 'no keys for this IKE_SA' };
  }

  private try(s: SaSecrets, message: Uint8Array, skOffset: number, fromInitiator: boolean, mine: boolean): OpenOutcome {
    const r = openSk(message, skOffset, fromInitiator ? s.initiator : s.responder);
    if (r.ok) return { ok: true, plaintext: r.plaintext, integrity: r.integrity, keys: s };
    if (r.reason === 'icv-mismatch') {
      return { ok: false, code: mine ? 'keys/icv-mismatch' : 'keys/none', message: `the ICV does not match with the keys from ${s.keySet.source}: wrong keys, or the message was modified` };
    }
    return { ok: false, code: 'decode/malformed', message: r.message };
  }
}
