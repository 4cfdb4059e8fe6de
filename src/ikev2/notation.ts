/**
 * Payload notation (DESIGN.md "Payload notation"): RFC 7296's own shorthand for the payloads in
 * a message — SA, KE, IDi, IDr, CERT, CERTREQ, AUTH, Ni/Nr, N(type), D, V, TSi, TSr, SK, CP,
 * EAP, SKF — as reports and tests print messages ("SA KE Ni N(NAT_DETECTION_SOURCE_IP)").
 */
import type { IkeHeader } from './header.js';
import { isRaw, type Payload } from './payload.js';
import { isKnownNotify, notifyName } from './registry/notify-types.js';
import { PayloadType } from './registry/payload-types.js';

export interface LabelOptions {
  /**
   * Whether the message was sent by the initiator of the exchange, i.e. is a request. RFC 7296
   * writes the nonce of a request Ni and that of a response Nr (§1.3: "HDR, SK {SA, Ni, ...}"
   * for every CREATE_CHILD_SA request, whichever peer sends it). For IKE_SA_INIT this is the
   * original initiator.
   */
  readonly fromInitiator: boolean;
}

const FIXED: Partial<Record<number, string>> = {
  [PayloadType.SA]: 'SA',
  [PayloadType.KE]: 'KE',
  [PayloadType.IDi]: 'IDi',
  [PayloadType.IDr]: 'IDr',
  [PayloadType.CERT]: 'CERT',
  [PayloadType.CERTREQ]: 'CERTREQ',
  [PayloadType.AUTH]: 'AUTH',
  [PayloadType.D]: 'D',
  [PayloadType.V]: 'V',
  [PayloadType.TSi]: 'TSi',
  [PayloadType.TSr]: 'TSr',
  [PayloadType.SK]: 'SK',
  [PayloadType.CP]: 'CP',
  [PayloadType.EAP]: 'EAP',
  [PayloadType.GSPM]: 'GSPM',
  [PayloadType.IDg]: 'IDg',
  [PayloadType.GSA]: 'GSA',
  [PayloadType.KD]: 'KD',
  [PayloadType.SKF]: 'SKF',
  [PayloadType.PS]: 'PS',
};

/**
 * One payload's label. Notifies are N(<IANA name>), or N(<number>) for an unnamed private or
 * unassigned type; the Windows status notify 12345 is N(MS_NOTIFY_STATUS).
 */
export function payloadLabel(p: Payload, opts: LabelOptions): string {
  if (p.type === PayloadType.NONCE) return opts.fromInitiator ? 'Ni' : 'Nr';
  if (p.type === PayloadType.N && !isRaw(p) && 'notifyType' in p) {
    const t = p.notifyType;
    return `N(${isKnownNotify(t) ? notifyName(t) : t})`;
  }
  return FIXED[p.type] ?? `PAYLOAD(${p.type})`;
}

export function labelPayloads(payloads: readonly Payload[], opts: LabelOptions): string[] {
  return payloads.map((p) => payloadLabel(p, opts));
}

/** The outer payloads of a message; requests (R flag clear) carry Ni, responses Nr. */
export function payloadLabels(message: {
  readonly header: Pick<IkeHeader, 'response'>;
  readonly payloads: readonly Payload[];
}): string[] {
  return labelPayloads(message.payloads, { fromInitiator: !message.header.response });
}
