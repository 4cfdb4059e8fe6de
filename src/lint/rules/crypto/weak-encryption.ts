/** crypto/weak-encryption: a cipher RFC 8247/8221 say not to use (DES, 3DES, NULL, …) was chosen. */
import type { Severity } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { isNullEncr, suites, where } from './suites.js';

/** Name prefix → severity and why, for IKE (RFC 8247 §2.1) and ESP (RFC 8221 §5). */
const WEAK: Array<{ match: RegExp; severity: Severity; why: (kind: 'IKE' | 'ESP') => string }> = [
  { match: /^ENCR_DES(_IV64|_IV32)?(_|$)/, severity: 'error', why: () => 'single DES (56-bit key) is broken: MUST NOT (RFC 8247 §2.1, RFC 8221 §5)' },
  { match: /^ENCR_(RC5|IDEA|CAST|BLOWFISH|3IDEA)(_|$)/, severity: 'error', why: () => 'a legacy 64-bit-block cipher: MUST NOT for ESP (RFC 8221 §5), not in RFC 8247\'s list for IKE' },
  { match: /^ENCR_3DES(_|$)/, severity: 'warning', why: (k) => `3DES has a 64-bit block (Sweet32, birthday bound after ~32 GB) and 112-bit strength: ${k === 'IKE' ? 'MAY in IKE, kept only for old peers (RFC 8247 §2.1)' : 'SHOULD NOT in ESP (RFC 8221 §5)'}` },
  { match: /^ENCR_NULL(_\d+)?$/, severity: 'warning', why: (k) => (k === 'IKE' ? 'ENCR_NULL is not allowed for IKE at all (RFC 7296 §3.3.2): IKE traffic, EAP credentials included, in the clear' : 'ENCR_NULL gives integrity only: the traffic is readable on the wire (RFC 8221 §5: MAY, only where confidentiality is not needed)') },
];

export const weakEncryption: Rule = {
  id: 'crypto/weak-encryption',
  severity: 'warning',
  title: 'A weak or no encryption algorithm was chosen',
  explanation: 'RFC 8247 §2.1 (IKEv2) and RFC 8221 §5 (ESP) grade the ciphers: AES-CBC and AES-GCM MUST, ChaCha20-Poly1305 SHOULD; 3DES only MAY in IKE and SHOULD NOT in ESP; DES, the IV64/IV32 variants, Blowfish, 3IDEA MUST NOT; ENCR_NULL is forbidden in IKE. Suricata flags the same list (ike event weak_crypto_enc: DES_IV64, DES, 3DES, RC5, IDEA, CAST, BLOWFISH, 3IDEA, DES_IV32, NULL). Windows offers 3DES first in IKE by default (seed 002, windows/3des-preferred).',
  fix: 'Remove the weak cipher from the gateway and order AES first: swanctl.conf `proposals = aes256-sha256-modp2048` and `children.<name>.esp_proposals = aes256gcm16, aes256-sha256` (ipsec.conf `ike=aes256-sha256-modp2048!`, `esp=aes256gcm16,aes256-sha256!`). Windows clients keep working with AES-256-CBC/SHA1 by default; for more, registry HKLM\\SYSTEM\\CurrentControlSet\\Services\\Rasman\\Parameters NegotiateDH2048_AES256 = 2 (AES-256 and MODP_2048 only), or Set-VpnConnectionIPsecConfiguration -CipherTransformConstants GCMAES256 -EncryptionMethod GCMAES256 (or AES256).',
  check({ ikeSas }) {
    const out: RuleHit[] = [];
    for (const s of suites(ikeSas)) {
      const encr = s.proposal.encr;
      if (!encr) continue;
      const weak = WEAK.find((w) => w.match.test(encr));
      if (!weak) continue;
      const severity: Severity = isNullEncr(encr) && s.kind === 'IKE' ? 'error' : weak.severity;
      out.push({ ikeSa: s.ikeSa, frames: s.frames, severity, detail: `${where(s)} uses ${encr}: ${weak.why(s.kind)}.` });
    }
    return out;
  },
};
