/** windows/ipv6-route: Windows adds no IPv6 route for an assigned INTERNAL_IP6_ADDRESS. */
import type { Rule, RuleHit } from '../../rule.js';
import { fromGateway, gatewayRole } from './common.js';

export const ipv6Route: Rule = {
  id: 'windows/ipv6-route',
  severity: 'warning',
  title: 'IPv6 address assigned to a Windows client, which adds no IPv6 default route',
  explanation: '"Windows doesn\'t add an IPv6 route by default" (seed 000); "most versions … will not set up an IPv6 default route (even if that option is explicitly selected)" (seed 002): the client gets INTERNAL_IP6_ADDRESS but sends no IPv6 through the tunnel.',
  fix: 'Windows: Add-VpnConnectionRoute -ConnectionName "VPN" -DestinationPrefix 2000::/3 (seed 001; or the two routes ::/1 and 8000::/1, seed 002; or netsh interface ipv6 add route ::/0 interface="VPN"). The gateway has no setting for it; to stop assigning IPv6, drop the IPv6 pool from swanctl.conf `pools` (ipsec.conf `rightsourceip`).',
  windowsOnly: true,
  needsDecryption: true,
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      for (const m of sa.messages) {
        if (!fromGateway(m, gw) || m.retransmission || m.facts.cp?.type !== 'CFG_REPLY') continue;
        if (!m.facts.cp.attributes.includes('INTERNAL_IP6_ADDRESS')) continue;
        hits.push({ ikeSa: sa.id, frames: [...m.frames], detail: `The gateway's CP(CFG_REPLY) in ${m.exchange} MID ${m.mid} assigns an INTERNAL_IP6_ADDRESS.` });
      }
    }
    return hits;
  },
};
