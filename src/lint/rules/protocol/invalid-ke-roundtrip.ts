/**
 * protocol/invalid-ke-roundtrip: the responder answered with INVALID_KE_PAYLOAD and the
 * initiator retried with the group it asked for — one round trip lost (WINDOWS-INTEROP.md).
 */
import type { IkeSaRecord } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';

function check(sa: IkeSaRecord): RuleHit[] {
  const out: RuleHit[] = [];
  for (const res of sa.messages) {
    if (!res.response || res.retransmission) continue;
    const n = (res.facts.notifies ?? []).find((x) => x.name === 'INVALID_KE_PAYLOAD');
    if (!n) continue;
    const req = sa.messages.find((m) => !m.response && res.pairedFrame !== null && m.frames.includes(res.pairedFrame));
    const first = res.frames[0]!;
    // The retry: IKE_SA_INIT again with MID 0 (new content), or the next request of the same exchange.
    const retry = sa.messages.find((m) => !m.response && !m.retransmission && m.exchange === res.exchange && m.requester === res.requester && m.frames[0]! > first);
    const offered = req?.facts.ke;
    const wanted = n.group;
    const retried = retry?.facts.ke;
    out.push({
      ikeSa: sa.id, frames: [...(req ? [req.frames[0]!] : []), ...res.frames, ...(retry ? [retry.frames[0]!] : [])],
      ...(retry ? {} : { severity: 'warning' as const }),
      detail: `${res.exchange}${res.exchange === 'IKE_SA_INIT' ? '' : ` MID ${res.mid}`}: the ${res.requester} sent a KE for ${offered ?? 'a group the capture does not show'}, the ${res.requester === 'initiator' ? 'responder' : 'initiator'} answered N(INVALID_KE_PAYLOAD) asking for ${wanted ?? 'another group'}${retry ? `, and the retry in frame ${retry.frames[0]} ${retried ? `used ${retried}` : 'followed'}` : ', and no retry followed in the capture'}.`,
    });
  }
  return out;
}

export const invalidKeRoundtrip: Rule = {
  id: 'protocol/invalid-ke-roundtrip',
  severity: 'info',
  title: 'INVALID_KE_PAYLOAD round trip: the first KE group was not the responder\'s choice',
  explanation: 'The initiator guesses one group for its KE payload; if the responder selects a proposal with another group it answers N(INVALID_KE_PAYLOAD) naming it, and the initiator retries (RFC 7296 §1.2, §1.3, §3.10.1): one extra round trip and a wasted DH computation on each connection. strongSwan as responder prefers its own proposal order (`prefer_configured_proposals = yes`), so a client leading with a group it accepts but lists later pays the trip every time. With Windows as responder (a gateway-initiated rekey), the client falls back to group 2 (seed 004); Windows cannot answer INVALID_KE in a rekey at all (windows/rekey-dh-group). No retry in the capture: warning.',
  fix: 'Align the groups so the initiator\'s first KE group is the one the responder picks: put it first on the responder, swanctl.conf `proposals = aes128-sha256-ecp256-modp2048` (ipsec.conf `ike=aes128-sha256-ecp256-modp2048!`), or let the responder follow the client\'s order: strongswan.conf `charon.prefer_configured_proposals = no`. On the client lead with the gateway\'s group (swanctl.conf `proposals`, first group listed; Windows: NegotiateDH2048_AES256 = 1 for MODP_2048, or Set-VpnConnectionIPsecConfiguration -DHGroup Group14 / ECP256).',
  check({ ikeSas }) {
    return ikeSas.flatMap(check);
  },
};
