/** windows/redirect: IKE redirect (RFC 5685) aimed at a client that does not support it. */
import type { Rule, RuleHit } from '../../rule.js';
import { fromGateway, gatewayRole } from './common.js';

export const redirect: Rule = {
  id: 'windows/redirect',
  severity: 'error',
  title: 'Gateway redirects the client (RFC 5685), which Windows does not support',
  explanation: '"Windows does not currently support IKE redirection (RFC 5685)" (seed 001): a Windows client ignores N(REDIRECT) and stays on, or loses, the gateway that redirected it; it never sends N(REDIRECT_SUPPORTED), so RFC 5685 §3 forbids a redirect in IKE_SA_INIT too.',
  fix: 'None on Windows: do not redirect Windows clients. strongSwan: leave the redirect plugin\'s rules (`charon.plugins.redirect` / `swanctl --redirect`) off for the Windows connections; balance with DNS instead.',
  windowsOnly: true,
  needsDecryption: true,
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      for (const m of sa.messages) {
        if (!fromGateway(m, gw) || m.retransmission) continue;
        const n = m.facts.notifies?.find((x) => x.name === 'REDIRECT' || (x.name === 'REDIRECT_SUPPORTED'));
        if (!n) continue;
        hits.push({ ikeSa: sa.id, frames: [...m.frames], detail: `The gateway sent N(${n.name}) in ${m.exchange} MID ${m.mid}.` });
      }
    }
    return hits;
  },
};
