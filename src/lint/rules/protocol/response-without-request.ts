/** protocol/response-without-request: a response whose request the capture never shows. */
import type { Rule } from '../../rule.js';

export const responseWithoutRequest: Rule = {
  id: 'protocol/response-without-request',
  severity: 'warning',
  title: 'A response answers no request seen in the capture',
  explanation: 'Every IKEv2 response answers the request with the same Message ID from the other side (RFC 7296 §2.1, §2.2); a peer MUST drop a response it did not ask for. A response with no request in the capture means the request was lost between the capture point and the sender, the capture point sees only one path (asymmetric routing, a load balancer, a second gateway address), or the responder answers with a wrong Message ID or role flags (I/R, RFC 7296 §3.1).',
  fix: 'Capture where both directions pass (on the gateway itself: `tcpdump -i any udp port 500 or udp port 4500`); if the request really never left, check routing of UDP 500/4500. If the Message ID or flags are wrong, it is the responder\'s bug: report it with this capture to its vendor (strongSwan: `charondebug="ike 2, net 2"` / swanctl.conf `charon.filelog` with `ike = 2, net = 2`).',
  check({ ikeSas }) {
    return ikeSas.flatMap((sa) => sa.messages
      // The capture may start in the middle of an exchange: the SA's first message is excused.
      .filter((m, i) => m.response && !m.retransmission && m.pairedFrame === null && i > 0)
      .map((m) => ({
        ikeSa: sa.id, frames: [...m.frames],
        detail: `${m.exchange} response MID ${m.mid} from the ${m.fromInitiator ? 'initiator' : 'responder'} (answering the ${m.requester}'s request) has no request with that Message ID before it.`,
      })));
  },
};
