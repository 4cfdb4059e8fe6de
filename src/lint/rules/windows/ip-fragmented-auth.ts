/** windows/ip-fragmented-auth: IKE_AUTH messages that travelled as IP fragments. */
import type { Rule, RuleHit } from '../../rule.js';

export const ipFragmentedAuth: Rule = {
  id: 'windows/ip-fragmented-auth',
  severity: 'warning',
  title: 'IKE_AUTH message arrived as IP fragments (no IKEv2 fragmentation)',
  explanation: 'An IKE_AUTH message larger than the path MTU went as one UDP datagram split into IP fragments; middleboxes and NATs often drop IP fragments, and the Windows client then shows error 809 (the gateway never answered). Seed 002 ("fragmentation=yes … relying on IP fragmentation … often doesn\'t work, and doesn\'t exist at all in IPv6"); trailofbits/algo#305.',
  fix: 'Gateway: swanctl.conf `fragmentation = yes` (ipsec.conf `fragmentation=yes`; Windows 10 1803 and later do IKEv2 fragmentation, RFC 7383); make IKE_AUTH smaller: an ECDSA certificate, a shorter chain without the root.',
  check({ ikeSas }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      for (const m of sa.messages) {
        if (m.exchange !== 'IKE_AUTH') continue;
        // IKEv2 fragments are one frame each; more frames than fragments means IP fragmentation.
        const parts = m.facts.fragment?.total ?? 1;
        if (m.frames.length <= parts) continue;
        hits.push({
          ikeSa: sa.id,
          frames: [...m.frames],
          detail: `IKE_AUTH ${m.response ? 'response' : 'request'} MID ${m.mid} from the ${m.fromInitiator ? 'initiator' : 'responder'} took ${m.frames.length} IP fragments (frames ${m.frames.join(', ')})${m.facts.fragment ? ` for ${parts} IKEv2 fragment${parts === 1 ? '' : 's'}` : ', without IKEv2 fragmentation'}.`,
        });
      }
    }
    return hits;
  },
};
