/**
 * windows/notify-12345: the Windows client's private status notify (strongSwan's
 * MS_NOTIFY_STATUS) carries a Windows error code saying why it refused.
 */
import type { Rule } from '../../rule.js';

const FIXES: Record<number, string> = {
  13801: 'The gateway certificate failed the client\'s checks: EKU serverAuth (and ikeIntermediate), the dialled name in the SAN, a trusted chain — see windows/cert-eku-san.',
  13806: 'The client has no usable machine certificate: install one issued by a CA the gateway trusts, or use EAP.',
  13843: 'A payload the client could not take: look at the message this notify answers.',
  13863: 'The client refused a gateway-initiated CHILD_SA rekey behind NAT: set the CHILD_SA\'s rekey_time = 0 (ipsec.conf rekey=no) and a life_time above the client\'s own rekey (about 58 min 46 s), so the client rekeys.',
  13868: 'No common proposal: add the Windows suites to the gateway\'s proposals (see windows/no-common-proposal).',
};

export const notify12345: Rule = {
  id: 'windows/notify-12345',
  severity: 'error',
  title: 'Windows sent its private status notify 12345 with an error code',
  explanation: 'Notify type 12345 is private to Microsoft (strongSwan names it MS_NOTIFY_STATUS); its 4-byte data is a Windows error, the client telling why it refused (WINDOWS-INTEROP.md; strongSwan notify_payload.h; golang/sys zerrors_windows.go).',
  fix: 'Depends on the code; see the detail: 13801 certificate checks, 13806 no machine certificate, 13863 CHILD_SA rekey behind NAT (rekey_time = 0 on the child), 13868 no common proposal.',
  check({ ikeSas }) {
    return ikeSas.flatMap((sa) => sa.messages.flatMap((m) => (m.facts.notifies ?? [])
      .filter((n) => n.type === 12345)
      .map((n) => {
        const e = n.windowsError;
        const what = e ? `error ${e.code}${e.name ? ` (${e.name})` : ''}` : 'no error code';
        return { ikeSa: sa.id, frames: [...m.frames], detail: `${m.exchange} MID ${m.mid}: N(12345) with ${what}.${e && FIXES[e.code] ? ` ${FIXES[e.code]}` : ''}` };
      })));
  },
};
