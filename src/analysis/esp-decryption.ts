/**
 * ESP decryption per SPI. Keys come from the user's ESP key sets (matched by SPI and esp_sa
 * address patterns, or tried when the source names no SPI) or are derived from the IKE_SA's
 * SK_d for the CHILD_SA that owns the SPI (RFC 7296 §2.17), which tshark cannot do.
 */
import { encrAlgorithm, integAlgorithm } from '../crypto/algorithms.js';
import type { EncrAlgorithm, EspKeys, EspOpened } from '../crypto/types.js';
import { EspDecryptor } from '../esp/decrypt.js';
import { matchAddress } from '../keys/index.js';
import type { EspSaKeySet, KeyStore } from '../keys/model.js';

export type EspOutcome =
  | (EspOpened & { readonly ok: true; readonly source: string })
  | { readonly ok: false; readonly code: 'keys/icv-mismatch' | 'decode/malformed' | 'keys/unsupported'; readonly message: string };

/** Algorithms the capture negotiated for the CHILD_SA owning an SPI. */
export interface ChildAlgorithms {
  readonly encr?: { id: number; keyLength?: number };
  readonly integ?: number;
  readonly esn?: boolean;
}

export function espKeys(set: Pick<EspSaKeySet, 'encr' | 'integ' | 'encrKey' | 'integKey' | 'esn'>, negotiated: ChildAlgorithms | undefined): EspKeys | string {
  const ref = set.encr ?? negotiated?.encr;
  if (!ref) return 'no ESP encryption algorithm known (the key source names none and the CHILD_SA was not seen)';
  // A table may give ESP names without key length: the key's size says it (less any salt).
  const encr: EncrAlgorithm | undefined = encrAlgorithm(ref.id, ref.keyLength) ?? guessByKey(ref.id, set.encrKey.length);
  if (!encr) return `ESP encryption transform ${ref.id} is not supported`;
  if (set.encrKey.length !== encr.keyBytes) return `the ESP key has ${set.encrKey.length} octets; ${encr.name} takes ${encr.keyBytes}`;
  const esn = set.esn ?? negotiated?.esn ?? false;
  if (set.integ?.kind === 'unchecked') return { encr, encrKey: set.encrKey, integrity: 'skip', icvBytes: set.integ.icvBytes, esn };
  if (set.integ?.kind === 'none' || (set.integ === undefined && encr.aead)) return { encr, encrKey: set.encrKey, integrity: 'check', esn };
  const id = set.integ?.kind === 'transform' ? set.integ.ref.id : negotiated?.integ;
  if (id === undefined) return 'no ESP integrity algorithm known';
  const integ = integAlgorithm(id);
  if (!integ) return `ESP integrity transform ${id} is not supported`;
  if (!set.integKey) return 'the key source has no ESP integrity key';
  return { encr, integ, encrKey: set.encrKey, integKey: set.integKey, integrity: 'check', esn };
}

function guessByKey(id: number, octets: number): EncrAlgorithm | undefined {
  for (const bits of [128, 192, 256]) {
    const a = encrAlgorithm(id, bits);
    if (a && a.keyBytes === octets) return a;
  }
  return undefined;
}

interface Bound {
  readonly decryptor: EspDecryptor;
  readonly source: string;
}

export class EspKeyring {
  private readonly bound = new Map<number, Bound | null>();
  private readonly floating: EspSaKeySet[];
  private readonly derived = new Map<number, { keys: EspKeys; source: string }>();
  private readonly negotiated = new Map<number, ChildAlgorithms>();

  constructor(private readonly store: KeyStore) {
    this.floating = store.esp.filter((k) => k.spi === undefined);
  }

  /** The CHILD_SA owning `spi` is known: its algorithms, and keys derived from SK_d if any. */
  child(spi: number, algorithms: ChildAlgorithms, derived?: { keys: EspKeys; source: string }): void {
    this.negotiated.set(spi, algorithms);
    if (derived) this.derived.set(spi, derived);
    // A decision made before the CHILD_SA was known (no keys) may now change.
    if (this.bound.get(spi) === null) this.bound.delete(spi);
  }

  /** Whether a key source names this SPI (so nothing needs deriving for it). */
  given(spi: number): boolean {
    return this.store.esp.some((k) => k.spi === spi);
  }

  /** Whether keys exist for the SPI; undefined outcome means none. */
  open(spi: number, src: string, dst: string, packet: Uint8Array): EspOutcome | undefined {
    let b = this.bound.get(spi);
    if (b === undefined) {
      b = this.bind(spi, src, dst, packet);
      this.bound.set(spi, b);
    }
    if (!b) return undefined;
    return this.run(b, packet);
  }

  private run(b: Bound, packet: Uint8Array): EspOutcome {
    const r = b.decryptor.open(packet);
    if (r.ok) return { ...r, source: b.source };
    return { ok: false, code: r.reason === 'icv-mismatch' ? 'keys/icv-mismatch' : 'decode/malformed', message: r.reason === 'icv-mismatch' ? `ESP ICV does not match with the keys from ${b.source}` : r.message };
  }

  private bind(spi: number, src: string, dst: string, packet: Uint8Array): Bound | null {
    const neg = this.negotiated.get(spi);
    const named = this.store.esp.find((k) => k.spi === spi && matchAddress(k.src, src) && matchAddress(k.dst, dst));
    if (named) {
      const keys = espKeys(named, neg);
      return typeof keys === 'string' ? null : { decryptor: new EspDecryptor(keys), source: named.source };
    }
    const d = this.derived.get(spi);
    if (d) return { decryptor: new EspDecryptor(d.keys), source: d.source };
    // Key sets without SPIs: the one whose ICV verifies on this packet.
    for (const set of this.floating) {
      if (!matchAddress(set.src, src) || !matchAddress(set.dst, dst)) continue;
      const keys = espKeys(set, neg);
      if (typeof keys === 'string' || keys.integrity === 'skip') continue;
      const decryptor = new EspDecryptor(keys);
      const r = decryptor.open(packet);
      if (r.ok && r.integrity === 'verified') {
        this.floating.splice(this.floating.indexOf(set), 1);
        return { decryptor, source: set.source };
      }
    }
    return null;
  }
}
