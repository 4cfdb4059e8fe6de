/** windows/no-common-proposal: the gateway found nothing acceptable in the Windows client's offer. */
import type { ProposalFacts } from '../../../analysis/facts.js';
import type { Rule, RuleHit } from '../../rule.js';
import { responseTo, windowsCode } from './common.js';

const suite = (p: ProposalFacts): string =>
  [p.encr.join('/'), p.integ.join('/'), p.prf.join('/'), p.dh.filter((g) => g !== 'NONE').join('/')].filter(Boolean).join(' + ');

export const noCommonProposal: Rule = {
  id: 'windows/no-common-proposal',
  severity: 'error',
  title: 'No proposal in common with the Windows client (policy match error 13868)',
  explanation: 'The responder answered N(NO_PROPOSAL_CHOSEN) (or Windows its N(12345) 13868, ERROR_IPSEC_IKE_POLICY_MATCH) to the proposals Windows sent; Windows shows "policy match error". By default Windows offers only 3DES and AES-CBC with SHA1/SHA2-256/SHA2-384 and MODP_1024 in IKE (seed 002; trailofbits/algo#1063), so a gateway restricted to modern suites refuses it.',
  fix: 'Gateway: add a suite Windows offers (listed in the detail), e.g. swanctl.conf `proposals = aes256-sha256-modp2048, aes256-sha1-modp1024` and `esp_proposals = aes256-sha1, aes128-sha1` (ipsec.conf `ike=…!`, `esp=…!`); or on Windows raise the client\'s offer: registry HKLM\\SYSTEM\\CurrentControlSet\\Services\\Rasman\\Parameters NegotiateDH2048_AES256 = 1, or Set-VpnConnectionIPsecConfiguration with the gateway\'s suite (e.g. -EncryptionMethod GCMAES256 -DHGroup ECP384 -CipherTransformConstants GCMAES256 -IntegrityCheckMethod SHA384 -PfsGroup None -AuthenticationTransformConstants GCMAES256).',
  windowsOnly: true,
  check({ ikeSas }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      for (const req of sa.messages) {
        if (req.response || req.retransmission) continue;
        const offered = req.facts.proposals ?? [];
        if (!offered.length) continue;
        // The refusal comes in the response: IKE_SA_INIT / CREATE_CHILD_SA, or the last IKE_AUTH response for the CHILD_SA.
        const res = req.exchange === 'IKE_AUTH'
          ? sa.messages.filter((m) => m.exchange === 'IKE_AUTH' && m.response && m.requester === req.requester).at(-1)
          : responseTo(sa, req);
        const npc = res?.facts.notifies?.some((n) => n.name === 'NO_PROPOSAL_CHOSEN');
        const ms = windowsCode(res).includes(13868);
        if (!res || !(npc || ms)) continue;
        const what = offered[0]!.protocol === 'IKE' ? 'IKE' : offered[0]!.protocol;
        hits.push({
          ikeSa: sa.id,
          frames: [...req.frames, ...res.frames],
          detail: `${req.exchange} MID ${req.mid}: ${npc ? 'N(NO_PROPOSAL_CHOSEN)' : 'N(12345) 13868'} for the ${offered.length} ${what} proposal${offered.length === 1 ? '' : 's'} offered: ${offered.map((p) => `#${p.number} ${suite(p)}`).join('; ')}.`,
        });
      }
    }
    return hits;
  },
};
