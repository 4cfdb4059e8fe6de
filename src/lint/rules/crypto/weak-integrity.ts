/**
 * crypto/weak-integrity: a weak or truncated integrity algorithm (HMAC-MD5-96, HMAC-SHA1-96,
 * DES-MAC, …), an 8-octet AEAD ICV, or no integrity at all with a non-AEAD cipher.
 */
import type { Severity } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { isAead, isNullEncr, suites, where } from './suites.js';

const WEAK: Record<string, { severity: Severity; why: string }> = {
  AUTH_HMAC_MD5_96: { severity: 'warning', why: 'MUST NOT (RFC 8247 §2.2, RFC 8221 §6): MD5' },
  AUTH_HMAC_MD5_128: { severity: 'warning', why: 'MD5, not in RFC 8247 / 8221\'s lists' },
  AUTH_KPDK_MD5: { severity: 'warning', why: 'MUST NOT (RFC 8221 §6)' },
  AUTH_DES_MAC: { severity: 'warning', why: 'MUST NOT (RFC 8247 §2.2, RFC 8221 §6): a DES-based MAC' },
  AUTH_HMAC_SHA1_96: { severity: 'info', why: 'MUST- (RFC 8247 §2.2, RFC 8221 §6): a 96-bit ICV on SHA-1, sound today but on its way out; AUTH_HMAC_SHA2_256_128 is the MUST' },
  AUTH_HMAC_SHA1_160: { severity: 'info', why: 'SHA-1, not in RFC 8247 / 8221\'s lists' },
  AUTH_AES_XCBC_96: { severity: 'info', why: 'a 96-bit ICV: SHOULD only for IoT (RFC 8247 §2.2), MAY in ESP (RFC 8221 §6)' },
};

export const weakIntegrity: Rule = {
  id: 'crypto/weak-integrity',
  severity: 'warning',
  title: 'A weak, short or missing integrity protection was chosen',
  explanation: 'RFC 8247 §2.2 (IKEv2) and RFC 8221 §6 (ESP): AUTH_HMAC_SHA2_256_128 MUST, AUTH_HMAC_SHA2_512_256 SHOULD, AUTH_HMAC_SHA1_96 MUST- (96-bit ICV, on its way out), AUTH_HMAC_MD5_96 and AUTH_DES_MAC MUST NOT; a non-AEAD cipher without integrity (AUTH_NONE) lets anyone alter the traffic (RFC 8221 §3, §6: NONE only with AEAD); AEAD with an 8-octet ICV (AES-GCM-8, AES-CCM-8) is for constrained devices only (RFC 8247 §2.1). Suricata flags HMAC_MD5_96, HMAC_SHA1_96, DES_MAC, KPDK_MD5, AES_XCBC_96, HMAC_MD5_128, HMAC_SHA1_160 (weak_crypto_auth) and a non-AEAD cipher without integrity (weak_crypto_noauth).',
  fix: 'Use SHA-2 integrity or an AEAD: swanctl.conf `proposals = aes256-sha256-modp2048`, `children.<name>.esp_proposals = aes256gcm16, aes256-sha256` (ipsec.conf `ike=aes256-sha256-modp2048!`, `esp=aes256gcm16,aes256-sha256!`). Windows: Set-VpnConnectionIPsecConfiguration -AuthenticationTransformConstants SHA256128 -IntegrityCheckMethod SHA256 (or GCMAES256 for both cipher and integrity).',
  check({ ikeSas }) {
    const out: RuleHit[] = [];
    for (const s of suites(ikeSas)) {
      const { encr, integ } = s.proposal;
      const aead = isAead(encr);
      if (!aead && encr && !isNullEncr(encr) && (!integ || integ === 'NONE')) {
        out.push({ ikeSa: s.ikeSa, frames: s.frames, severity: 'error', detail: `${where(s)} uses ${encr} without any integrity algorithm: its traffic can be altered undetected (RFC 8221 §6).` });
        continue;
      }
      if (aead && encr && /_8(_|$)/.test(encr)) {
        out.push({ ikeSa: s.ikeSa, frames: s.frames, severity: 'info', detail: `${where(s)} uses ${encr}, an AEAD with an 8-octet ICV (RFC 8247 §2.1, RFC 8221 §5: for constrained devices).` });
        continue;
      }
      const weak = integ ? WEAK[integ] : undefined;
      if (weak) out.push({ ikeSa: s.ikeSa, frames: s.frames, severity: weak.severity, detail: `${where(s)} uses ${integ}: ${weak.why}.` });
    }
    return out;
  },
};
