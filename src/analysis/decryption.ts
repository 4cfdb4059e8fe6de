/**
 * Everything the analysis decrypts with, in one place: the IKE keyring, the ESP keyring, and
 * the derivation that turns an IKE_SA's SK_d into its CHILD_SAs' ESP keys (RFC 7296 §2.17).
 */
import { encrAlgorithm, integAlgorithm } from '../crypto/algorithms.js';
import { childSaKeymat } from '../crypto/keymat.js';
import type { EspKeys } from '../crypto/types.js';
import { keyLength } from '../ikev2/payloads/sa.js';
import { TransformType } from '../ikev2/registry/transform-types.js';
import type { KeyStore } from '../keys/model.js';
import type { ChildKeying } from './child-sas.js';
import { EspKeyring, type ChildAlgorithms } from './esp-decryption.js';
import { IkeKeyring, type SaSecrets } from './ike-decryption.js';

export function childAlgorithms(c: ChildKeying): ChildAlgorithms {
  const find = (type: number) => c.proposal.transforms.find((t) => t.transformType === type);
  const e = find(TransformType.ENCR);
  return {
    encr: e && { id: e.transformId, keyLength: keyLength(e) },
    integ: find(TransformType.INTEG)?.transformId,
    esn: find(TransformType.SN)?.transformId === 1,
  };
}

export type Derivation =
  | { readonly ok: true; readonly initiatorToResponder: EspKeys; readonly responderToInitiator: EspKeys }
  | { readonly ok: false; readonly reason: string };

/** ESP keys of a CHILD_SA from its IKE_SA's SK_d and the creating exchange's nonces. */
export function deriveChildKeys(c: ChildKeying, s: SaSecrets): Derivation {
  if (c.pfs) return { ok: false, reason: 'the CHILD_SA was made with PFS (a KE payload): its keys need the Diffie-Hellman secret, which no capture shows; give its ESP keys instead' };
  if (!s.keySet.skD) return { ok: false, reason: `the key source ${s.keySet.source} has no SK_d` };
  if (!s.prf) return { ok: false, reason: 'the IKE_SA\'s PRF is not known' };
  if (!c.nonceI || !c.nonceR) return { ok: false, reason: 'the nonces of the exchange that made it were not seen' };
  const a = childAlgorithms(c);
  const encr = a.encr && encrAlgorithm(a.encr.id, a.encr.keyLength);
  if (!encr) return { ok: false, reason: 'its encryption transform is not supported' };
  const integ = a.integ !== undefined && a.integ !== 0 ? integAlgorithm(a.integ) : undefined;
  if (a.integ && !integ) return { ok: false, reason: 'its integrity transform is not supported' };
  const k = childSaKeymat(s.prf, s.keySet.skD, c.nonceI, c.nonceR, encr, integ);
  const side = (encrKey: Uint8Array, integKey?: Uint8Array): EspKeys => ({ encr, encrKey, integrity: 'check', esn: a.esn ?? false, ...(integ ? { integ, integKey } : {}) });
  return { ok: true, initiatorToResponder: side(k.encrI, k.integI), responderToInitiator: side(k.encrR, k.integR) };
}

export class Decryption {
  readonly ike: IkeKeyring;
  readonly esp: EspKeyring;
  constructor(readonly store: KeyStore) {
    this.ike = new IkeKeyring(store);
    this.esp = new EspKeyring(store);
  }

  /**
   * A CHILD_SA became known: tell the ESP keyring its algorithms and, where the IKE keys allow,
   * its derived keys. Initiator-to-responder traffic carries the responder's SPI (spiR).
   */
  child(c: ChildKeying, secrets: SaSecrets | undefined): Derivation | undefined {
    const a = childAlgorithms(c);
    // Keys given for both SPIs need no derivation (and a PFS CHILD_SA is then no problem).
    const d = secrets && !(this.esp.given(c.spiR) && this.esp.given(c.spiI)) ? deriveChildKeys(c, secrets) : undefined;
    const source = secrets ? `derived from SK_d of ${secrets.keySet.source}` : '';
    this.esp.child(c.spiR, a, d?.ok ? { keys: d.initiatorToResponder, source } : undefined);
    this.esp.child(c.spiI, a, d?.ok ? { keys: d.responderToInitiator, source } : undefined);
    return d;
  }
}
