/**
 * protocol/proposal-not-offered: the responder's SA payload is not one of the proposals the
 * initiator offered (IKE_SA_INIT in clear; IKE_AUTH and CREATE_CHILD_SA once decrypted).
 */
import type { ProposalFacts } from '../../../analysis/facts.js';
import type { IkeSaRecord } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { requestFor } from './exchanges.js';

const TYPES = ['encr', 'integ', 'prf', 'dh', 'esn'] as const;

/** What is wrong with `chosen` as an answer to `offered`, or nothing. */
function misfit(chosen: ProposalFacts, offered: ProposalFacts): string | undefined {
  if (chosen.protocol !== offered.protocol) return `protocol ${chosen.protocol} where ${offered.protocol} was offered`;
  for (const t of TYPES) {
    const c = chosen[t];
    if (c.length > 1) return `${c.length} ${t} transforms (${c.join(', ')}) where one must be chosen`;
    if (c[0] !== undefined && !offered[t].includes(c[0])) return `${c[0]}, which was not offered (offered ${t}: ${offered[t].join(', ') || 'none'})`;
  }
  return undefined;
}

const suite = (p: ProposalFacts) => TYPES.flatMap((t) => p[t]).join('/');

function check(sa: IkeSaRecord): RuleHit[] {
  const out: RuleHit[] = [];
  for (const res of sa.messages) {
    if (!res.response || res.retransmission || !res.facts.proposals?.length) continue;
    const req = requestFor(sa, res, 'proposals');
    if (!req?.facts.proposals?.length) continue;
    const frames = [req.frames[0]!, ...res.frames];
    const answered = res.facts.proposals;
    const what = `${res.exchange} MID ${res.mid}`;
    if (answered.length > 1) {
      out.push({ ikeSa: sa.id, frames, detail: `${what}: the response carries ${answered.length} proposals; a responder MUST return exactly one (RFC 7296 §2.7; Suricata's ike event multiple_server_proposal).` });
      continue;
    }
    const chosen = answered[0]!;
    const sameNumber = req.facts.proposals.find((o) => o.number === chosen.number);
    const wrong = sameNumber ? misfit(chosen, sameNumber) : `proposal number ${chosen.number}, which was not offered`;
    if (!wrong) continue;
    const elsewhere = req.facts.proposals.find((o) => o !== sameNumber && !misfit(chosen, o));
    out.push(elsewhere
      ? { ikeSa: sa.id, frames, severity: 'warning', detail: `${what}: the chosen suite ${suite(chosen)} is offered proposal ${elsewhere.number}, but the response numbers it ${chosen.number} (RFC 7296 §3.3.1: the responder MUST return the number of the proposal it accepted).` }
      : { ikeSa: sa.id, frames, detail: `${what}: the responder chose ${suite(chosen)} — ${wrong}. The initiator must reject it (RFC 7296 §2.7).` });
  }
  return out;
}

export const proposalNotOffered: Rule = {
  id: 'protocol/proposal-not-offered',
  severity: 'error',
  title: 'The chosen proposal is not among those offered',
  explanation: 'The responder must pick one of the initiator\'s proposals and, from it, one transform of each type, and return it under the proposal\'s own number (RFC 7296 §2.7, §3.3.1, §3.3.6); an initiator that checks (strongSwan does: "invalid proposal selected") tears the exchange down. For CHILD_SAs this needs the decrypted IKE_AUTH / CREATE_CHILD_SA.',
  fix: 'The responder is at fault: report it with this capture. Until fixed, make both sides\' lists equal so the only valid answer is the one it gives, e.g. swanctl.conf `proposals = aes256-sha256-modp2048` and `esp_proposals = aes256-sha256` on both (ipsec.conf `ike=aes256-sha256-modp2048!`, `esp=aes256-sha256!`).',
  needsDecryption: true,
  check({ ikeSas }) {
    return ikeSas.flatMap(check);
  },
};
