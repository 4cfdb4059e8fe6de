/**
 * The EAP conversation inside IKE_AUTH (RFC 7296 §2.16), summed up: the identity the client
 * gave, the methods the server proposed and the client refused (Nak), the method that ran,
 * and how it ended. The identity is sensitive: reports redact it on request.
 */
import { eapIdentity, eapNakTypes, type EapPayload } from '../ikev2/payloads/eap.js';
import { EapCode, EapType, eapTypeName } from '../ikev2/registry/eap.js';

export interface EapSummary {
  identity: string | null;
  /** Methods the server asked for, in order (Identity not counted). */
  offered: string[];
  /** Methods the client refused with a Nak, and what it asked for instead. */
  nak: { refused: string; wanted: string[] } | null;
  method: string | null;
  outcome: 'success' | 'failure' | 'incomplete';
  frames: number[];
}

export class EapTracker {
  private summary: EapSummary | undefined;

  add(p: EapPayload, frame: number): void {
    const s = (this.summary ??= { identity: null, offered: [], nak: null, method: null, outcome: 'incomplete', frames: [] });
    if (s.frames.at(-1) !== frame) s.frames.push(frame);
    const identity = eapIdentity(p);
    if (identity !== undefined) s.identity = identity;
    if (p.code === EapCode.SUCCESS) s.outcome = 'success';
    else if (p.code === EapCode.FAILURE) s.outcome = 'failure';
    else if (p.code === EapCode.REQUEST && p.eapType !== undefined && p.eapType !== EapType.IDENTITY && p.eapType !== EapType.NOTIFICATION) {
      const name = eapTypeName(p.eapType);
      if (s.offered.at(-1) !== name) s.offered.push(name);
      s.method = name;
    }
    const nak = eapNakTypes(p);
    if (nak) s.nak = { refused: s.offered.at(-1) ?? 'unknown', wanted: nak.map(eapTypeName) };
  }

  get result(): EapSummary | null { return this.summary ?? null; }
}
