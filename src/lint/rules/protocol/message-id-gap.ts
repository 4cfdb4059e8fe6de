/** protocol/message-id-gap: a requester's Message IDs skip numbers. */
import type { IkeSaRecord } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';

function gaps(sa: IkeSaRecord, requester: 'initiator' | 'responder'): RuleHit[] {
  const requests = sa.messages.filter((m) => !m.response && !m.retransmission && m.requester === requester);
  if (!requests.length) return [];
  // Each side numbers its own requests from 0 (RFC 7296 §2.2); an SA seen from its start
  // (IKE_SA_INIT, or made by a rekey in this capture) must start there.
  const fromStart = sa.rekeyedFrom !== null || sa.messages.some((m) => m.exchange === 'IKE_SA_INIT' && !m.response);
  const byMid = new Map<number, number>();
  for (const m of requests) if (!byMid.has(m.mid)) byMid.set(m.mid, m.frames[0]!);
  const mids = [...byMid.keys()].sort((a, b) => a - b);
  const out: RuleHit[] = [];
  let prev = fromStart ? -1 : mids[0]! - 1;
  let prevFrame: number | undefined;
  for (const mid of mids) {
    if (mid > prev + 1) {
      const skipped = mid - prev - 1;
      const frames = [...(prevFrame !== undefined ? [prevFrame] : []), byMid.get(mid)!];
      out.push({
        ikeSa: sa.id, frames,
        detail: `The ${requester}'s requests go from ${prev < 0 ? 'the start' : `MID ${prev}`} to MID ${mid}: ${skipped} Message ID${skipped > 1 ? 's' : ''} (${prev + 1}${skipped > 1 ? `–${mid - 1}` : ''}) never seen.`,
      });
    }
    prev = mid;
    prevFrame = byMid.get(mid);
  }
  return out;
}

export const messageIdGap: Rule = {
  id: 'protocol/message-id-gap',
  severity: 'warning',
  title: 'Message IDs of one requester skip numbers',
  explanation: 'Each side numbers its requests 0, 1, 2, … and the peer only accepts the next ones inside its window (RFC 7296 §2.2, §2.3); a skipped Message ID is a request the capture missed (loss before the capture point, a second path) or a sender that jumped its counter, after which the peer drops its requests until RFC 6311 Message ID synchronization (IKEV2_MESSAGE_ID_SYNC, after a failover) realigns them.',
  fix: 'Capture on both sides to see whether the missing request was sent. If the sender jumped its counter, it is its bug (report it); on an HA pair make sure both gateways support RFC 6311 (strongSwan: the `ha` plugin and N(IKEV2_MESSAGE_ID_SYNC_SUPPORTED), which 5.x sends by default).',
  check({ ikeSas }) {
    return ikeSas.flatMap((sa) => [...gaps(sa, 'initiator'), ...gaps(sa, 'responder')]);
  },
};
