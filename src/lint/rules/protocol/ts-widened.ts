/**
 * protocol/ts-widened: the responder's traffic selectors are wider than the initiator's —
 * it must narrow them (a subset) or refuse, never widen (RFC 7296 §2.9).
 */
import type { IkeSaRecord } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { requestFor } from './exchanges.js';
import { readSelector, within, type Selector } from '../../../ikev2/selector-text.js';

const parsed = (list: readonly string[]) => list.map((t) => readSelector(t)).flatMap((s): Selector[] => (s.ok ? [s.value] : []));

function check(sa: IkeSaRecord): RuleHit[] {
  const out: RuleHit[] = [];
  for (const res of sa.messages) {
    if (!res.response || res.retransmission || (!res.facts.tsi && !res.facts.tsr)) continue;
    const req = requestFor(sa, res, 'tsi') ?? requestFor(sa, res, 'tsr');
    if (!req) continue;
    const wider: string[] = [];
    for (const key of ['tsi', 'tsr'] as const) {
      const asked = parsed(req.facts[key] ?? []);
      if (!asked.length) continue;
      for (const s of parsed(res.facts[key] ?? [])) {
        if (!asked.some((a) => within(s, a))) wider.push(`${key === 'tsi' ? 'TSi' : 'TSr'} ${s.text} (asked: ${asked.map((a) => a.text).join(', ')})`);
      }
    }
    if (wider.length) {
      out.push({
        ikeSa: sa.id, frames: [req.frames[0]!, ...res.frames],
        detail: `${res.exchange} MID ${res.mid}: the ${res.fromInitiator ? 'initiator' : 'responder'} answered with ${wider.join('; ')}, which is not inside what the ${res.requester} proposed.`,
      });
    }
  }
  return out;
}

export const tsWidened: Rule = {
  id: 'protocol/ts-widened',
  severity: 'error',
  title: 'The responder widened the traffic selectors instead of narrowing them',
  explanation: 'RFC 7296 §2.9: the responder may narrow the proposed traffic selectors to a subset, or refuse them (TS_UNACCEPTABLE), but the selectors it returns MUST be a subset of those proposed; an initiator rejects wider ones (strongSwan: "traffic selectors unacceptable"), or, if it installs them, sends traffic into the tunnel its policy never allowed. Needs the decrypted IKE_AUTH / CREATE_CHILD_SA.',
  fix: 'Make the responder\'s selectors cover no more than the initiator asks for: swanctl.conf `local_ts`/`remote_ts` on the responder equal to or narrower than the initiator\'s (ipsec.conf `leftsubnet`/`rightsubnet`); for road warriors use `remote_ts = dynamic` with a virtual IP pool (`pools`, ipsec.conf `rightsourceip`).',
  needsDecryption: true,
  check({ ikeSas }) {
    return ikeSas.flatMap(check);
  },
};
