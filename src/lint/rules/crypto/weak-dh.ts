/**
 * crypto/weak-dh: a 768/1024/1536-bit MODP group (or an RFC 5114 group with a small subgroup)
 * was chosen for the IKE_SA, its rekey, or a CHILD_SA's PFS exchange.
 */
import type { Rule } from '../../rule.js';
import { suites, where } from './suites.js';

const WEAK = new Set(['MODP_768', 'MODP_1024', 'MODP_1536']);
/** RFC 5114 groups 22–24: SHOULD NOT (RFC 8247 §2.4), their subgroups are small or untrusted. */
const RFC5114 = new Set(['MODP_1024_160', 'MODP_2048_224', 'MODP_2048_256']);

export const weakDh: Rule = {
  id: 'crypto/weak-dh',
  severity: 'warning',
  title: 'A weak Diffie-Hellman group was chosen',
  explanation: 'MODP groups under 2048 bits are within reach of precomputation (Logjam, weakdh.org); RFC 8247 §2.4 says MODP_768 MUST NOT and MODP_1024 SHOULD NOT be used, MODP_1536 and the RFC 5114 groups 22–24 SHOULD NOT. Suricata flags the same groups (ike event weak_crypto_dh). Windows offers MODP_1024 by default, which is why gateways allow it (seed 002).',
  fix: 'Gateway: drop modp1024 from `proposals` and `esp_proposals` (swanctl.conf; ipsec.conf `ike=`/`esp=`), e.g. `proposals = aes256-sha256-modp2048`. Windows clients: registry HKLM\\SYSTEM\\CurrentControlSet\\Services\\Rasman\\Parameters NegotiateDH2048_AES256 = 1 (or 2), or Set-VpnConnectionIPsecConfiguration -DHGroup Group14 (or ECP256) -PfsGroup PFS2048.',
  check({ ikeSas }) {
    return suites(ikeSas).flatMap((s) => {
      const dh = s.proposal.dh;
      if (!dh || (!WEAK.has(dh) && !RFC5114.has(dh))) return [];
      return [{ ikeSa: s.ikeSa, frames: s.frames, ...(dh === 'MODP_768' ? { severity: 'error' as const } : {}), detail: `${where(s)} uses ${dh}${s.kind === 'ESP' ? ' for PFS' : ''}.` }];
    });
  },
};
