/** windows/split-routing: narrow traffic selectors do not make routes on Windows. */
import type { Rule, RuleHit } from '../../rule.js';
import { fromGateway, gatewayRole } from './common.js';

const FULL4 = new Set(['0.0.0.0/0']);

export const splitRouting: Rule = {
  id: 'windows/split-routing',
  severity: 'warning',
  title: 'Narrow traffic selectors offered to a Windows client, which does not route by them',
  explanation: 'Windows ignores the traffic selectors for its routes: it routes everything through the tunnel ("Use default gateway on remote network") or, when that is off (the default for new connections since Windows 10), only the routes it learns from DHCPINFORM option 249 through the tunnel (seed 000, seed 001 "Split routing on Windows 10"; seed 002 "Windows (at least 7 and 10) ignores the offered routes"). Whether a DHCP answer went through the tunnel is not visible to this rule (the model has no inner-packet protocols).',
  fix: 'Gateway: answer the client\'s DHCPINFORM with option 249: strongSwan\'s dhcp plugin with a DHCP server, or dnsmasq (seed 000): `dhcp-vendorclass=set:msipsec,MSFT 5.0`, `dhcp-range=tag:msipsec,192.0.2.0,static`, `dhcp-option=tag:msipsec,249,10.0.0.0/8,0.0.0.0`. Windows: Add-VpnConnectionRoute -ConnectionName "VPN" -DestinationPrefix 10.0.0.0/8 per subnet, or Set-VpnConnection -SplitTunneling $false.',
  windowsOnly: true,
  needsDecryption: true,
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      if (gw !== 'responder') continue;
      const res = sa.messages.filter((m) => m.exchange === 'IKE_AUTH' && m.response && fromGateway(m, gw) && m.facts.tsr).at(-1);
      if (!res) continue;
      const v4 = res.facts.tsr!.filter((t) => !t.includes(':'));
      if (!v4.length || v4.some((t) => FULL4.has(t))) continue;
      hits.push({ ikeSa: sa.id, frames: [...res.frames], detail: `The gateway's TSr is ${res.facts.tsr!.join(', ')}, narrower than 0.0.0.0/0; Windows will not add routes for it.` });
    }
    return hits;
  },
};
