/** protocol/unanswered-request: a request the capture never shows answered. */
import type { Rule } from '../../rule.js';

export const unansweredRequest: Rule = {
  id: 'protocol/unanswered-request',
  severity: 'warning',
  title: 'A request was never answered',
  explanation: 'Every IKEv2 request expects a response (RFC 7296 §2.1); the requester retransmits and then gives the SA up. An unanswered IKE_SA_INIT or IKE_AUTH is what Windows reports as error 809 (often IP fragments dropped on the way; see windows/ip-fragmented-auth).',
  fix: 'Find where the message is lost: capture on both sides; check that UDP 500/4500 and IP fragments pass; for large IKE_AUTH messages enable IKEv2 fragmentation (`fragmentation = yes`).',
  check({ ikeSas }) {
    return ikeSas.flatMap((sa) => {
      const unanswered = sa.messages.filter((m) => !m.response && !m.retransmission && m.pairedFrame === null);
      // The capture may simply end before the answer: the last message gets the benefit of the doubt.
      const last = sa.messages.at(-1);
      return unanswered.filter((m) => m !== last || sa.messages.length === 1)
        .map((m) => ({ ikeSa: sa.id, frames: [...m.frames], detail: `${m.exchange} request MID ${m.mid} from the ${m.requester} got no response in the capture.` }));
    });
  },
};
