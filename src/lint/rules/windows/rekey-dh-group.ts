/**
 * windows/rekey-dh-group: a gateway-initiated IKE_SA rekey must lead with the group the Windows
 * client can take, since the client cannot answer INVALID_KE_PAYLOAD in a rekey.
 */
import type { Rule, RuleHit } from '../../rule.js';
import { clientInit, gatewayRequests, gatewayRole, pairFrames, responseTo, rootOf } from './common.js';

export const rekeyDhGroup: Rule = {
  id: 'windows/rekey-dh-group',
  severity: 'error',
  title: 'Gateway-initiated IKE_SA rekey leads with a DH group the Windows client cannot take',
  explanation: 'The Windows client supports IKE_SA rekeying but cannot handle an unsupported Diffie-Hellman group there: if the gateway initiates the rekey it must use the client\'s group in the first attempt, otherwise the rekey fails and the IKE_SA dies (seed 000 and seed 001, strongSwan wiki "Windows 7 and newer", "Rekeying behavior": "it must use modp1024 as the DH group in the first attempt"). Windows 7 takes only MODP_1024; Windows 8 and later take the group they led with in IKE_SA_INIT (MODP_1024 unless the NegotiateDH2048_AES256 registry value or Set-VpnConnectionIPsecConfiguration changed it). Sources disagree for Windows 10/11: the strongSwan wiki (seeds 000/001) says MODP_1024, strongSwan\'s current docs ("Rekeying behavior") say MODP_2048; this rule expects the group the client itself proposed first.',
  fix: 'Gateway: put the client\'s group first in the IKE proposal, e.g. swanctl.conf `proposals = aes256-sha1-modp1024, default` (ipsec.conf `ike=aes256-sha1-modp1024,...`); strongSwan 5.x with the default `charon.prefer_previous_dh_group = yes` already leads a rekey with the current IKE_SA\'s group. Or let the client rekey: swanctl.conf `rekey_time = 0` with `over_time`/`reauth_time` as the hard limit (ipsec.conf `rekey=no`). Windows: registry HKLM\\SYSTEM\\CurrentControlSet\\Services\\Rasman\\Parameters NegotiateDH2048_AES256 = 1 or Set-VpnConnectionIPsecConfiguration -DHGroup to match the gateway.',
  windowsOnly: true,
  needsDecryption: true,
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      const init = clientInit(sa, report);
      const led = init?.facts.proposals?.[0]?.dh[0];
      const win7 = rootOf(sa, report).client.version === 'Windows 7';
      const expected = win7 ? 'MODP_1024' : led ?? 'MODP_1024';
      for (const req of gatewayRequests(sa, gw)) {
        if (req.exchange !== 'CREATE_CHILD_SA' || req.inner === null) continue;
        const ike = (req.facts.proposals ?? []).filter((p) => p.protocol === 'IKE');
        if (!ike.length) continue; // a CHILD_SA, not the IKE_SA
        const first = ike[0]!.dh[0];
        const ke = req.facts.ke;
        if ((ke ?? first) === expected && first === expected) continue;
        const res = responseTo(sa, req);
        const invalidKe = res?.facts.notifies?.find((n) => n.name === 'INVALID_KE_PAYLOAD');
        hits.push({
          ikeSa: sa.id,
          frames: pairFrames(req, res),
          detail: `The gateway's IKE_SA rekey (CREATE_CHILD_SA MID ${req.mid}) leads with ${first ?? 'no group'}${ke ? ` and a ${ke} KE` : ''}, but the client ${win7 ? 'is Windows 7 (MODP_1024 only)' : `led with ${expected} in IKE_SA_INIT`}.${invalidKe ? ` This client answered INVALID_KE_PAYLOAD${invalidKe.group ? ` asking for ${invalidKe.group}` : ''}; Windows cannot, and the rekey fails.` : ''}`,
        });
      }
    }
    return hits;
  },
};
