/** protocol/retransmission-storm: one request sent again and again. */
import type { IkeSaRecord } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';

/** Retransmissions of one request that make a storm (3 transmissions in all). */
export const STORM = 2;

function check(sa: IkeSaRecord): RuleHit[] {
  const out: RuleHit[] = [];
  for (const m of sa.messages) {
    if (m.response || m.retransmission) continue;
    const again = sa.messages.filter((x) => x.retransmission && !x.response && x.requester === m.requester && x.mid === m.mid && x.exchange === m.exchange && x.frames[0]! > m.frames[0]!);
    if (again.length < STORM) continue;
    const answered = m.pairedFrame !== null;
    const span = again.at(-1)!.ts - m.ts;
    out.push({
      ikeSa: sa.id, frames: [...m.frames, ...again.flatMap((x) => x.frames), ...(answered ? [m.pairedFrame!] : [])],
      severity: answered ? 'info' : 'warning',
      detail: `${m.exchange} request MID ${m.mid} from the ${m.requester} was sent ${again.length + 1} times over ${span.toFixed(1)} s${answered ? `, answered in frame ${m.pairedFrame}` : ' and never answered'}.`,
    });
  }
  return out;
}

export const retransmissionStorm: Rule = {
  id: 'protocol/retransmission-storm',
  severity: 'warning',
  title: 'A request was retransmitted many times',
  explanation: 'A requester retransmits until it gets the response (RFC 7296 §2.1, §2.4); several retransmissions of one request mean the request or its response is being lost (often the large IKE_AUTH messages as IP fragments, see windows/ip-fragmented-auth), or the responder is too slow (a RADIUS back end, CRL fetching during authentication). Windows gives up after about 5 tries with error 809. Answered after all: info; never answered: warning (see also protocol/unanswered-request).',
  fix: 'Find which direction loses the packets (capture on both sides). For fragmented IKE_AUTH enable IKEv2 fragmentation: swanctl.conf `connections.<name>.fragmentation = yes` (ipsec.conf `fragmentation=yes`); for a slow back end raise its timeout or cache CRLs. strongSwan\'s own schedule is `charon.retransmit_timeout = 4.0`, `retransmit_base = 1.8`, `retransmit_tries = 5` (strongswan.conf).',
  check({ ikeSas }) {
    return ikeSas.flatMap(check);
  },
};
