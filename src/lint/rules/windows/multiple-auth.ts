/** windows/multiple-auth: the gateway wants a second authentication round (RFC 4739). */
import type { Rule, RuleHit } from '../../rule.js';
import { fromGateway, gatewayRole } from './common.js';

export const multipleAuth: Rule = {
  id: 'windows/multiple-auth',
  severity: 'error',
  title: 'Gateway expects a second authentication round (RFC 4739), which Windows does not do',
  explanation: 'The Windows client "does not support multiple authentication rounds (RFC 4739)" (seed 000): it never sends N(ANOTHER_AUTH_FOLLOWS), so a gateway configured for two rounds (e.g. certificate then EAP) fails it after the first.',
  fix: 'Gateway: one authentication round for Windows clients: remove the `remote-2` section of the connection in swanctl.conf (ipsec.conf: drop `rightauth2`); use EAP-TLS or a machine certificate alone.',
  windowsOnly: true,
  needsDecryption: true,
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      const auth = sa.messages.filter((m) => m.exchange === 'IKE_AUTH' && m.inner !== null);
      const another = auth.filter((m) => fromGateway(m, gw) && m.facts.notifies?.some((n) => n.name === 'ANOTHER_AUTH_FOLLOWS'));
      for (const m of another) {
        hits.push({ ikeSa: sa.id, frames: [...m.frames], detail: `The gateway sent N(ANOTHER_AUTH_FOLLOWS) in IKE_AUTH MID ${m.mid}.` });
      }
      const announced = sa.messages.find((m) => fromGateway(m, gw) && m.facts.notifies?.some((n) => n.name === 'MULTIPLE_AUTH_SUPPORTED'));
      if (!announced) continue;
      const clientAnother = auth.some((m) => !fromGateway(m, gw) && m.facts.notifies?.some((n) => n.name === 'ANOTHER_AUTH_FOLLOWS'));
      const failed = auth.find((m) => fromGateway(m, gw) && m.response && m.facts.notifies?.some((n) => n.name === 'AUTHENTICATION_FAILED'));
      // The client finished its round (its AUTH was answered positively before) and then failed.
      const priorRound = failed && auth.some((m) => m.response && fromGateway(m, gw) && m.mid < failed.mid && (m.facts.eap?.some((e) => e.code === 'Success') || m.facts.auth));
      const clientAuth = failed && auth.find((m) => !m.response && !fromGateway(m, gw) && m.mid === failed.mid && m.facts.auth);
      if (failed && clientAuth && priorRound && !clientAnother) {
        hits.push({
          ikeSa: sa.id,
          frames: [...announced.frames, ...clientAuth.frames, ...failed.frames],
          detail: `The gateway announced N(MULTIPLE_AUTH_SUPPORTED) and answered the client's completed first round (IKE_AUTH MID ${failed.mid}, no N(ANOTHER_AUTH_FOLLOWS)) with AUTHENTICATION_FAILED: it expected a second round.`,
        });
      }
    }
    return hits;
  },
};
