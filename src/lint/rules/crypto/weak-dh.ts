/** crypto/weak-dh: a 768/1024/1536-bit MODP group was chosen. */
import type { Rule } from '../../rule.js';

const WEAK = new Set(['MODP_768', 'MODP_1024', 'MODP_1536']);

export const weakDh: Rule = {
  id: 'crypto/weak-dh',
  severity: 'warning',
  title: 'A weak Diffie-Hellman group was chosen',
  explanation: 'MODP groups under 2048 bits are within reach of precomputation (Logjam, weakdh.org); RFC 8247 §2.4 says MODP_1024 SHOULD NOT be used. Windows offers MODP_1024 by default, which is why gateways allow it (seed 002).',
  fix: 'Gateway: drop modp1024 from `proposals` (swanctl.conf; ipsec.conf `ike=`). Windows clients: registry HKLM\\SYSTEM\\CurrentControlSet\\Services\\Rasman\\Parameters NegotiateDH2048_AES256 = 1 (or 2), or Set-VpnConnectionIPsecConfiguration -DHGroup Group14 (or ECP256).',
  check({ ikeSas }) {
    return ikeSas.flatMap((sa) => {
      const dh = sa.proposal?.dh;
      if (!dh || !WEAK.has(dh)) return [];
      const frame = sa.messages.find((m) => m.exchange === 'IKE_SA_INIT' && m.response && m.facts.proposals)?.frames ?? sa.messages[0]?.frames ?? [];
      return [{ ikeSa: sa.id, frames: [...frame], detail: `The IKE_SA uses ${dh}.` }];
    });
  },
};
