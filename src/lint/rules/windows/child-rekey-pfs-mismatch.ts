/** windows/child-rekey-pfs-mismatch: a CHILD_SA rekey refused because one side wants PFS and the other does not. */
import type { Rule, RuleHit } from '../../rule.js';
import { pairFrames, responseTo, windowsCode } from './common.js';

export const childRekeyPfsMismatch: Rule = {
  id: 'windows/child-rekey-pfs-mismatch',
  severity: 'error',
  title: 'CHILD_SA rekey refused: one side\'s ESP proposals carry a DH group (PFS), the other\'s do not',
  explanation: 'Windows rekeys CHILD_SAs without PFS (no KE group in its ESP proposals) unless the connection was configured with Set-VpnConnectionIPsecConfiguration -PfsGroup; a gateway whose esp_proposals require a group then refuses the client\'s rekey with NO_PROPOSAL_CHOSEN, or the client refuses the gateway\'s with NO_PROPOSAL_CHOSEN or N(12345) 13816 (trailofbits/algo#316; jawj/IKEv2-setup#72; strongswan/strongswan#2831).',
  fix: 'Gateway: ESP proposals without a DH group for Windows clients, e.g. swanctl.conf `esp_proposals = aes256-sha1, aes256-sha1-modp1024` (ipsec.conf `esp=aes256-sha1,aes256-sha1-modp1024`). Or on Windows: Set-VpnConnectionIPsecConfiguration -ConnectionName "VPN" -PfsGroup PFS2048 (with the other -… parameters) to match the gateway\'s group.',
  needsDecryption: true,
  check({ ikeSas }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      // Each side's ESP offers anywhere in the SA (IKE_AUTH, CREATE_CHILD_SA), by who sent them.
      const espOffers = (fromInitiator: boolean) => sa.messages
        .filter((m) => !m.response && m.fromInitiator === fromInitiator && m.inner !== null)
        .flatMap((m) => (m.facts.proposals ?? []).filter((p) => p.protocol === 'ESP' || p.protocol === 'AH'));
      for (const req of sa.messages) {
        if (req.response || req.retransmission || req.exchange !== 'CREATE_CHILD_SA' || req.inner === null) continue;
        if (!req.facts.notifies?.some((n) => n.name === 'REKEY_SA')) continue;
        const esp = (req.facts.proposals ?? []).filter((p) => p.protocol === 'ESP' || p.protocol === 'AH');
        if (!esp.length) continue;
        const res = responseTo(sa, req);
        const refused = res?.facts.notifies?.some((n) => n.name === 'NO_PROPOSAL_CHOSEN') || windowsCode(res).includes(13816);
        if (!refused) continue;
        const mine = esp.some((p) => p.dh.some((g) => g !== 'NONE'));
        const theirs = espOffers(!req.fromInitiator);
        const theirsPfs = theirs.some((p) => p.dh.some((g) => g !== 'NONE'));
        // A mismatch: the request wants PFS and the peer never offered a group, or the other way round.
        if (mine === theirsPfs && theirs.length) continue;
        if (!mine && !theirs.length) continue;
        const who = req.fromInitiator ? 'IKE initiator' : 'IKE responder';
        hits.push({
          ikeSa: sa.id,
          frames: pairFrames(req, res),
          detail: mine
            ? `The ${who}'s CHILD_SA rekey (MID ${req.mid}) offers ESP with ${esp[0]!.dh.join('/')} (PFS)${theirs.length ? ', the peer\'s ESP proposals carry no group' : ''}, and it was refused.`
            : `The ${who}'s CHILD_SA rekey (MID ${req.mid}) offers ESP without a DH group while the peer's ESP proposals carry ${theirs.flatMap((p) => p.dh)[0]}, and it was refused.`,
        });
      }
    }
    return hits;
  },
};
