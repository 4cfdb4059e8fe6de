/** windows/child-rekey-behind-nat: Windows behind NAT refuses a gateway-initiated CHILD_SA rekey. */
import type { Rule, RuleHit } from '../../rule.js';
import { clientBehindNat, gatewayRequests, gatewayRole, pairFrames, responseTo, windowsCode } from './common.js';

export const childRekeyBehindNat: Rule = {
  id: 'windows/child-rekey-behind-nat',
  severity: 'warning',
  title: 'Gateway-initiated CHILD_SA rekey with the client behind NAT',
  explanation: 'A Windows client behind NAT does not accept a CHILD_SA rekey the gateway starts and rejects it with Microsoft\'s private notify 12345 carrying ERROR_IPSEC_IKE_INVALID_SITUATION (13863) (seed 000, seed 001, "CHILD_SA rekeying"). The client rekeys by itself about every 58 minutes 46 seconds.',
  fix: 'Let the client rekey: on the gateway\'s child, swanctl.conf `rekey_time = 0` and `life_time` above the client\'s ≈ 58 min 46 s, e.g. `life_time = 65m` (ipsec.conf `rekey=no`, `lifetime=65m`). There is no Windows-side setting for the client\'s rekey time (seed 000).',
  windowsOnly: true,
  needsDecryption: true,
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      if (clientBehindNat(sa, gw) !== true) continue;
      for (const req of gatewayRequests(sa, gw)) {
        if (req.exchange !== 'CREATE_CHILD_SA' || req.inner === null) continue;
        if (!req.facts.notifies?.some((n) => n.name === 'REKEY_SA')) continue;
        if ((req.facts.proposals ?? []).some((p) => p.protocol === 'IKE')) continue;
        const res = responseTo(sa, req);
        const refused = windowsCode(res).includes(13863);
        const note = sa.nat.note ? ` (NAT detection: ${sa.nat.note})` : '';
        hits.push({
          ikeSa: sa.id,
          frames: pairFrames(req, res),
          severity: refused ? 'error' : 'warning',
          detail: refused
            ? `The gateway rekeyed a CHILD_SA (CREATE_CHILD_SA MID ${req.mid}) while the client is behind NAT${note}, and the client refused it with N(12345) 13863 ERROR_IPSEC_IKE_INVALID_SITUATION.`
            : `The gateway rekeys a CHILD_SA (CREATE_CHILD_SA MID ${req.mid}) while the client is behind NAT${note}; a Windows client would refuse it with N(12345) 13863.`,
        });
      }
    }
    return hits;
  },
};
