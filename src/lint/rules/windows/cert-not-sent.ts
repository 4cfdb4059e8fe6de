/** windows/cert-not-sent: the gateway signs its AUTH but sends no certificate. */
import type { Rule, RuleHit } from '../../rule.js';
import { fromGateway, gatewayRole } from './common.js';

const NOT_SIGNATURES = new Set(['SHARED_KEY_MIC', 'NULL_AUTHENTICATION']);

export const certNotSent: Rule = {
  id: 'windows/cert-not-sent',
  severity: 'error',
  title: 'Gateway authenticates with a signature but sends no certificate',
  explanation: 'The gateway signed its AUTH payload yet sent no CERT, because the client\'s CERTREQ was missing or named no CA the gateway knows; the Windows client then fails with 13801 or 13806. Seed 002 (leftsendcert=always): "I\'ve observed a case where a client fails to ask the server for a certificate and then gets upset that the server provided no certificate."',
  fix: 'Gateway: swanctl.conf `send_cert = always` in the local auth section (ipsec.conf `leftsendcert=always`).',
  windowsOnly: true,
  needsDecryption: true,
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      const auths = sa.messages.filter((m) => m.exchange === 'IKE_AUTH' && m.inner !== null && fromGateway(m, gw));
      const signed = auths.find((m) => m.facts.auth && !NOT_SIGNATURES.has(m.facts.auth));
      if (!signed || auths.some((m) => m.facts.certs?.length)) continue;
      const reqs = sa.messages.filter((m) => (m.exchange === 'IKE_AUTH' || m.exchange === 'IKE_SA_INIT') && !fromGateway(m, gw)).flatMap((m) => m.facts.certreqs ?? []);
      const cas = reqs.reduce((n, c) => n + c.authorities, 0);
      hits.push({
        ikeSa: sa.id,
        frames: [...signed.frames],
        detail: `The gateway's IKE_AUTH response authenticates with ${signed.facts.auth} and carries no CERT; the client ${reqs.length ? `sent CERTREQ naming ${cas} CA${cas === 1 ? '' : 's'}, none of which the gateway matched` : 'sent no CERTREQ'}.`,
      });
    }
    return hits;
  },
};
