/** windows/3des-preferred: Windows lists 3DES first, so a gateway that allows 3DES gets 3DES. */
import type { Rule, RuleHit } from '../../rule.js';

export const tripleDesPreferred: Rule = {
  id: 'windows/3des-preferred',
  severity: 'warning',
  title: 'Client offered 3DES first and the gateway accepted it',
  explanation: 'Windows lists its IKE proposals from the least secure up, 3DES before AES ("3des-sha1, aes256-sha1, 3des-sha256, …"), and the responder takes the first client proposal it accepts, so "if the server allows triple-DES at all, the connection will use it in preference to AES" (seed 002). 3DES has a 64-bit block (Sweet32) and RFC 8247 §2.2 says it SHOULD NOT be used.',
  fix: 'Gateway: remove 3des from `proposals` and order AES first, e.g. swanctl.conf `proposals = aes256-sha256-modp2048, aes256-sha1-modp1024` (ipsec.conf `ike=aes256-sha256-modp2048,aes256-sha1-modp1024!`). Windows: Set-VpnConnectionIPsecConfiguration -EncryptionMethod AES256 (with -CipherTransformConstants, -IntegrityCheckMethod, -DHGroup, -PfsGroup, -AuthenticationTransformConstants).',
  check({ ikeSas }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const req = sa.messages.find((m) => m.exchange === 'IKE_SA_INIT' && !m.response && m.facts.proposals?.length);
      const res = sa.messages.find((m) => m.exchange === 'IKE_SA_INIT' && m.response && m.facts.proposals?.length);
      if (!req || !res) continue;
      if (req.facts.proposals![0]!.encr[0] !== 'ENCR_3DES') continue;
      if (!res.facts.proposals![0]!.encr.includes('ENCR_3DES')) continue;
      const aes = req.facts.proposals!.some((p) => p.encr.some((e) => e.startsWith('ENCR_AES')));
      hits.push({
        ikeSa: sa.id,
        frames: [...req.frames, ...res.frames],
        detail: `The client's first IKE proposal is ENCR_3DES and the gateway chose it (proposal ${res.facts.proposals![0]!.number})${aes ? ', though the client also offered AES' : ''}.`,
      });
    }
    return hits;
  },
};
