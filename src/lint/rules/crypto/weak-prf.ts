/** crypto/weak-prf: the IKE_SA's PRF is HMAC-MD5, HMAC-Tiger or HMAC-SHA1. */
import type { Severity } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { suites } from './suites.js';

const WEAK: Record<string, { severity: Severity; why: string }> = {
  PRF_HMAC_MD5: { severity: 'error', why: 'MUST NOT (RFC 8247 §2.3): MD5 is broken' },
  PRF_HMAC_TIGER: { severity: 'error', why: 'MUST NOT (RFC 8247 §2.3)' },
  PRF_HMAC_SHA1: { severity: 'info', why: 'MUST- (RFC 8247 §2.3): still sound in HMAC but on its way out; PRF_HMAC_SHA2_256 is the MUST' },
};

export const weakPrf: Rule = {
  id: 'crypto/weak-prf',
  severity: 'warning',
  title: 'A weak pseudo-random function was chosen for the IKE_SA',
  explanation: 'The PRF derives every IKE and CHILD_SA key (RFC 7296 §2.13, §2.14, §2.17). RFC 8247 §2.3: PRF_HMAC_SHA2_256 MUST, PRF_HMAC_SHA2_512 and PRF_AES128_XCBC SHOULD, PRF_HMAC_SHA1 MUST- (to be deprecated), PRF_HMAC_MD5 MUST NOT. Suricata flags PRF_HMAC_MD5 and PRF_HMAC_SHA1 (ike event weak_crypto_prf). Windows\' default IKE proposals pair SHA1 with 3DES and AES (seed 002).',
  fix: 'Use a SHA-2 PRF: swanctl.conf `proposals = aes256-sha256-prfsha256-modp2048` (ipsec.conf `ike=aes256-sha256-prfsha256-modp2048!`; with AEAD name it explicitly: `aes256gcm16-prfsha384-ecp384`). Windows: Set-VpnConnectionIPsecConfiguration -IntegrityCheckMethod SHA256 (the PRF follows it).',
  check({ ikeSas }) {
    const out: RuleHit[] = [];
    for (const s of suites(ikeSas)) {
      const prf = s.proposal.prf;
      const weak = prf ? WEAK[prf] : undefined;
      if (s.kind !== 'IKE' || !prf || !weak) continue;
      out.push({ ikeSa: s.ikeSa, frames: s.frames, severity: weak.severity, detail: `The IKE_SA uses ${prf}: ${weak.why}.` });
    }
    return out;
  },
};
