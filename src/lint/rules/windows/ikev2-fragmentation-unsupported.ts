/** windows/ikev2-fragmentation-unsupported: SKF sent to a client that cannot reassemble it. */
import type { Rule, RuleHit } from '../../rule.js';
import { clientInit, fromGateway, gatewayRole, rootOf } from './common.js';

const NO_IKEV2_FRAGMENTS = /^Windows (7|8 to 10 before 1803)/;

export const ikev2FragmentationUnsupported: Rule = {
  id: 'windows/ikev2-fragmentation-unsupported',
  severity: 'error',
  title: 'Gateway sends IKEv2 fragments (SKF) to a client that did not negotiate them',
  explanation: 'Windows 7, 8.1 and Windows 10 before 1803 know only the proprietary IKEv1 fragmentation, not IKEv2 fragmentation (RFC 7383); they do not send N(IKEV2_FRAGMENTATION_SUPPORTED) and cannot reassemble SKF payloads (seed 000: "Windows clients support IKEv1 fragmentation, but not IKEv2 fragmentation"; seed 001: "supported since the v1803 release of Windows 10"). RFC 7383 §2.3 lets a peer send SKF only after both announced support.',
  fix: 'Keep IKE_AUTH under the MTU for these clients: an ECDSA certificate (swanctl.conf `certs` with an EC key, ipsec.conf `leftcert`), a short chain without the root; strongSwan sends SKF only when negotiated (swanctl.conf `fragmentation = yes`, ipsec.conf `fragmentation=yes`); update clients to Windows 10 1803 or later.',
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      const skf = sa.messages.filter((m) => m.facts.fragment && fromGateway(m, gw) && !m.retransmission);
      if (!skf.length) continue;
      const init = clientInit(sa, report);
      const announced = init?.facts.notifies?.some((n) => n.name === 'IKEV2_FRAGMENTATION_SUPPORTED') ?? false;
      const version = rootOf(sa, report).client.version ?? '';
      const oldWindows = NO_IKEV2_FRAGMENTS.test(version);
      if (announced && !oldWindows) continue;
      const m = skf[0]!;
      hits.push({
        ikeSa: sa.id,
        frames: skf.flatMap((x) => x.frames),
        detail: `The gateway sent ${m.exchange} MID ${m.mid} as ${m.facts.fragment!.total} IKEv2 fragments (SKF)${announced ? '' : ' although the client\'s IKE_SA_INIT had no N(IKEV2_FRAGMENTATION_SUPPORTED)'}${oldWindows ? `; the client is ${version}, which does not do IKEv2 fragmentation` : ''}.`,
      });
    }
    return hits;
  },
};
