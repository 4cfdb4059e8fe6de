/** protocol/cookie-roundtrip: the responder asked for a COOKIE before IKE_SA_INIT. */
import type { Rule } from '../../rule.js';

export const cookieRoundtrip: Rule = {
  id: 'protocol/cookie-roundtrip',
  severity: 'info',
  title: 'COOKIE round trip: the responder asked for a cookie before setting up state',
  explanation: 'A responder that sees many half-open IKE_SAs answers IKE_SA_INIT with only N(COOKIE) and the initiator repeats its request with that cookie first (RFC 7296 §2.6): one extra round trip, normal under load or attack, suspicious on a quiet gateway (its threshold too low) and fatal for a client that does not retry with the cookie.',
  fix: 'If the gateway is not under attack, raise its threshold: strongswan.conf `charon.cookie_threshold = 30` (half-open IKE_SAs before cookies are required; `charon.block_threshold`, `charon.init_limit_half_open` likewise). If the client never retried, it does not implement cookies: report it.',
  check({ ikeSas }) {
    return ikeSas.flatMap((sa) => sa.events.filter((e) => e.kind === 'cookie').map((e) => {
      const res = sa.messages.find((m) => m.frames.includes(e.frame));
      const req = res?.pairedFrame ?? null;
      const retry = sa.messages.find((m) => !m.response && !m.retransmission && m.exchange === 'IKE_SA_INIT' && m.frames[0]! > e.frame
        && (m.facts.notifies ?? []).some((n) => n.name === 'COOKIE'));
      return {
        ikeSa: sa.id, frames: [...(req !== null ? [req] : []), e.frame, ...(retry ? [retry.frames[0]!] : [])],
        ...(retry ? {} : { severity: 'warning' as const }),
        detail: `IKE_SA_INIT was answered with N(COOKIE) in frame ${e.frame}${retry ? `; the initiator retried with the cookie in frame ${retry.frames[0]}` : '; no retry with the cookie followed in the capture'}.`,
      };
    }));
  },
};
