/** windows/dpd-vs-mobike: the gateway gives up on a roaming client sooner than Windows would come back. */
import type { Rule, RuleHit } from '../../rule.js';
import { fromGateway, gatewayRole } from './common.js';

/** Windows' default "Network outage time" for IKEv2 (seed 003). */
const OUTAGE_SECONDS = 30 * 60;

export const dpdVsMobike: Rule = {
  id: 'windows/dpd-vs-mobike',
  severity: 'warning',
  title: 'Gateway declares the client dead sooner than a roaming Windows client comes back',
  explanation: 'Windows keeps an IKEv2 connection "Dormant: waiting to reconnect" for its network outage time, 30 minutes by default, and then resumes it with MOBIKE from its new address (seed 003); a gateway whose dead peer detection deletes the IKE_SA sooner throws the roaming client away. Seed 002 sets `dpddelay=2400s` "so that MOBIKE … has a chance to work".',
  fix: 'Gateway: swanctl.conf `dpd_delay = 2400s` (longer than the client\'s 30-minute outage timer) and `dpd_action = clear` in the child (ipsec.conf `dpddelay=2400s`, `dpdaction=clear`); keep `mobike = yes`. Windows: the outage timer is the connection\'s "Network outage time" (Set-VpnConnection -IdleDisconnectSeconds does not change it).',
  windowsOnly: true,
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      // Liveness checks by the gateway that the client never answered.
      const unanswered = sa.messages.filter((m) => m.exchange === 'INFORMATIONAL' && !m.response && fromGateway(m, gw)
        && !sa.messages.some((r) => r.response && r.mid === m.mid && r.requester === m.requester && r.exchange === m.exchange)
        && (m.inner === null ? m.payloads.length <= 1 : m.inner.length === 0));
      if (!unanswered.length) continue;
      const lastFromClient = sa.messages.filter((m) => !fromGateway(m, gw)).at(-1);
      const heardAt = lastFromClient?.ts ?? 0;
      const gaveUp = unanswered.at(-1)!;
      // The gateway's delete after the silence, or else its last unanswered check.
      const del = sa.messages.find((m) => fromGateway(m, gw) && !m.response && m.ts >= unanswered[0]!.ts && m.facts.deletes?.some((d) => d.protocol === 'IKE'));
      const end = del ?? gaveUp;
      const silence = end.ts - heardAt;
      if (silence >= OUTAGE_SECONDS) continue;
      const moved = sa.events.some((e) => e.kind === 'address-move' || e.kind === 'mobike-update');
      hits.push({
        ikeSa: sa.id,
        frames: [...unanswered.flatMap((m) => m.frames), ...(del ? del.frames : [])],
        detail: `The gateway sent ${unanswered.length} unanswered liveness check${unanswered.length === 1 ? '' : 's'} and ${del ? 'deleted the IKE_SA' : 'gave up'} ${silence.toFixed(1)} s after it last heard from the client${moved ? ', after the client had moved address with MOBIKE' : ''}, well inside Windows' 30-minute outage timer.`,
      });
    }
    return hits;
  },
};
