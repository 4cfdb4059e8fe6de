/** Helpers the protocol rules share: finding the request a response answers, by facts. */
import type { IkeSaRecord, MessageRecord } from '../../../analysis/model.js';
import type { MessageFacts } from '../../../analysis/facts.js';

/**
 * The request whose `key` fact a response answers: its paired request when that carries the
 * fact, else (IKE_AUTH with EAP, RFC 7296 §2.16: the SA and TS of the first request are
 * answered in the last response) the latest earlier request of the same exchange and requester
 * that does.
 */
export function requestFor(sa: IkeSaRecord, response: MessageRecord, key: keyof MessageFacts): MessageRecord | undefined {
  const paired = sa.messages.find((m) => !m.response && response.pairedFrame !== null && m.frames.includes(response.pairedFrame));
  if (paired && paired.facts[key] !== undefined) return paired;
  if (response.exchange !== 'IKE_AUTH') return undefined;
  const first = response.frames[0]!;
  return sa.messages.filter((m) => !m.response && !m.retransmission && m.exchange === response.exchange && m.requester === response.requester
    && m.frames[0]! < first && m.facts[key] !== undefined).at(-1);
}

/** Frame of the response that completed the request holding `frame`, if captured. */
export function responseFrame(sa: IkeSaRecord, frame: number): number | null {
  const req = sa.messages.find((m) => !m.response && m.frames.includes(frame));
  return req?.pairedFrame ?? null;
}

export const firstFrame = (m: MessageRecord): number => m.frames[0]!;
