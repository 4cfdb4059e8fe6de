/**
 * windows/cert-eku-san: the gateway certificate Windows will check — EKU serverAuth, the
 * dialled name in the SAN, a key type Windows takes (strongSwan docs
 * interop/windowsCertRequirements; WINDOWS-INTEROP.md).
 */
import type { CertFacts } from '../../../analysis/facts.js';
import type { Rule, RuleHit } from '../../rule.js';
import { fromGateway, gatewayRole } from './common.js';

/** Keys the Windows IKEv2 client rejects in the gateway's certificate. */
const REJECTED_KEYS = /^(Ed25519|Ed448|EC P-521)$/;

function problems(cert: CertFacts, dialled: string): string[] {
  const out: string[] = [];
  if (cert.eku && !cert.eku.includes('serverAuth')) out.push(`its EKU (${cert.eku.join(', ')}) lacks serverAuth (1.3.6.1.5.5.7.3.1)`);
  if (!cert.eku) out.push('it has no EKU extension, and Windows looks for serverAuth');
  const san = cert.san ?? [];
  if (!san.includes(dialled)) out.push(`its SAN (${san.join(', ') || 'none'}) does not hold ${dialled}, the address the client connected to; if clients dial a DNS name, that name must be there`);
  if (cert.key && REJECTED_KEYS.test(cert.key)) out.push(`its key is ${cert.key}, which Windows does not accept`);
  return out;
}

export const certEkuSan: Rule = {
  id: 'windows/cert-eku-san',
  severity: 'error',
  title: 'Gateway certificate fails the checks Windows makes',
  explanation: 'Windows accepts the gateway certificate only with EKU serverAuth (and, for some versions, ikeIntermediate), with the name the user dialled in its subjectAltName (a DNS name as dNSName; an IP address also as dNSName for older clients), and with an RSA or ECDSA P-256/P-384 key; otherwise the client fails with error 13801 (strongSwan docs interop/windowsCertRequirements; WINDOWS-INTEROP.md). The name a Windows client dialled is not in the capture (it sends no IDr), so the check uses the address it connected to.',
  fix: 'Reissue the gateway certificate, e.g. `pki --issue --cacert ca.crt --cakey ca.key --type rsa --in gw.key --dn "CN=vpn.example.net" --san vpn.example.net --san 198.51.100.1 --flag serverAuth --flag ikeIntermediate > gw.crt`, and load it in swanctl.conf `local { certs = gw.crt }` (ipsec.conf `leftcert=gw.crt`); use an RSA or ECDSA P-256/P-384 key.',
  windowsOnly: true,
  needsDecryption: true,
  check({ report, ikeSas }) {
    const hits: RuleHit[] = [];
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      const dialled = gw === 'responder' ? sa.responder.ip : sa.initiator.ip;
      for (const m of sa.messages) {
        if (m.exchange !== 'IKE_AUTH' || !fromGateway(m, gw)) continue;
        // The end-entity certificate is the first CERT (RFC 7296 §3.6).
        const cert = m.facts.certs?.[0];
        if (!cert?.subject) continue;
        const found = problems(cert, dialled);
        if (found.length) hits.push({ ikeSa: sa.id, frames: [...m.frames], detail: `The gateway's certificate "${cert.subject}": ${found.join('; ')}.` });
        break;
      }
    }
    return hits;
  },
};
