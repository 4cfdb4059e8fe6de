/**
 * What the Windows rules share: which side of an IKE_SA is the gateway, the client's own offer
 * (from the IKE_SA_INIT that started the chain of rekeys), and pairing requests with responses.
 * Not a rule: the catalog is index.ts.
 */
import type { IkeSaRecord, MessageRecord, Report } from '../../../analysis/model.js';

export type Role = 'initiator' | 'responder';

/** The IKE_SA a rekey chain started from. */
export function rootOf(sa: IkeSaRecord, report: Report): IkeSaRecord {
  let cur = sa;
  for (let guard = 0; cur.rekeyedFrom && guard < 64; guard++) {
    const prev = report.ikeSas.find((s) => s.id === cur.rekeyedFrom);
    if (!prev) break;
    cur = prev;
  }
  return cur;
}

/**
 * The gateway's role in this IKE_SA: the client initiates the first IKE_SA (remote access);
 * after an IKE_SA rekey the new SA's initiator is whoever requested the rekey (RFC 7296 §2.18).
 */
export function gatewayRole(sa: IkeSaRecord, report: Report): Role {
  if (!sa.rekeyedFrom) return 'responder';
  const prev = report.ikeSas.find((s) => s.id === sa.rekeyedFrom);
  if (!prev) return 'responder';
  const prevGateway = gatewayRole(prev, report);
  const ev = prev.events.find((e) => e.kind === 'ike-rekeyed');
  if (!ev) return 'responder';
  // The requester of the rekey initiates the new IKE_SA.
  return ev.by === prevGateway ? 'initiator' : 'responder';
}

/** Whether a message was sent by the gateway. */
export const fromGateway = (m: MessageRecord, gw: Role): boolean => m.fromInitiator === (gw === 'initiator');

/** Original requests (retransmissions left out) the gateway started. */
export const gatewayRequests = (sa: IkeSaRecord, gw: Role): MessageRecord[] =>
  sa.messages.filter((m) => !m.response && !m.retransmission && m.requester === gw);

/** The response to a request: same exchange, MID and requester. */
export function responseTo(sa: IkeSaRecord, req: MessageRecord): MessageRecord | undefined {
  return sa.messages.find((m) => m.response && m.mid === req.mid && m.requester === req.requester && m.exchange === req.exchange);
}

/** The client's first IKE_SA_INIT request of the chain (its own offer). */
export function clientInit(sa: IkeSaRecord, report: Report): MessageRecord | undefined {
  return rootOf(sa, report).messages.find((m) => m.exchange === 'IKE_SA_INIT' && !m.response);
}

/** Frames of a request and its response. */
export const pairFrames = (req: MessageRecord, res: MessageRecord | undefined): number[] => [...req.frames, ...(res?.frames ?? [])];

/** Whether the client is behind a NAT by NAT detection (client = the role that is not the gateway). */
export function clientBehindNat(sa: IkeSaRecord, gw: Role): boolean | null {
  return gw === 'responder' ? sa.nat.initiatorBehindNat : sa.nat.responderBehindNat;
}

export const notifyNames = (m: MessageRecord | undefined): string[] => (m?.facts.notifies ?? []).map((n) => n.name);
export const windowsCode = (m: MessageRecord | undefined): number[] =>
  (m?.facts.notifies ?? []).filter((n) => n.type === 12345 && n.windowsError).map((n) => n.windowsError!.code);
