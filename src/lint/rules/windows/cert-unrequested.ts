/** windows/cert-unrequested: certificates the client did not ask for inflate IKE_AUTH. */
import type { Rule, RuleHit } from '../../rule.js';
import { fromGateway, gatewayRole } from './common.js';

export const certUnrequested: Rule = {
  id: 'windows/cert-unrequested',
  severity: 'info',
  title: 'Gateway sends certificates no CERTREQ asked for',
  explanation: 'Certificates nobody requested (no CERTREQ, or a chain longer than needed with the root included) are harmless to Windows by themselves, but they inflate IKE_AUTH past the MTU, and IP-fragmented IKE_AUTH messages are dropped by middleboxes (see windows/ip-fragmented-auth). Seed 002: "The file … must only contain our public key, not the complete certificate chain"; "Don\'t include the root certificate."',
  fix: 'Send only the end-entity certificate and intermediates: swanctl.conf `certs = gateway.pem` (end entity only) with intermediates in /etc/swanctl/x509ca, no root (ipsec.conf `leftcert=` end entity only, intermediates in /etc/ipsec.d/cacerts); `send_cert = ifasked` where the clients do send CERTREQ.',
  needsDecryption: true,
  check({ ikeSas, report }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      const withCerts = sa.messages.filter((m) => m.exchange === 'IKE_AUTH' && m.inner !== null && fromGateway(m, gw) && m.facts.certs?.length && !m.retransmission);
      if (!withCerts.length) continue;
      const clientMsgs = sa.messages.filter((m) => (m.exchange === 'IKE_AUTH' || m.exchange === 'IKE_SA_INIT') && !fromGateway(m, gw));
      // A CERTREQ in an encrypted request we could not open may be there: say nothing then.
      if (clientMsgs.some((m) => m.exchange === 'IKE_AUTH' && m.inner === null)) continue;
      if (clientMsgs.some((m) => m.facts.certreqs?.length)) continue;
      for (const m of withCerts) {
        const certs = m.facts.certs!;
        const bytes = certs.reduce((n, c) => n + c.bytes, 0);
        const ipFragmented = m.frames.length > (m.facts.fragment?.total ?? 1);
        hits.push({
          ikeSa: sa.id,
          frames: [...m.frames],
          ...(ipFragmented ? { severity: 'warning' as const } : {}),
          detail: `The gateway sent ${certs.length} certificate${certs.length === 1 ? '' : 's'} (${bytes} octets) in IKE_AUTH MID ${m.mid} though the client sent no CERTREQ${ipFragmented ? `; the message took ${m.frames.length} frames` : ''}.`,
        });
      }
    }
    return hits;
  },
};
