/**
 * The Windows 10 "Agile VPN" client (1803 and later), from ../../../../shared/WINDOWS-INTEROP.md
 * and the seeds it cites:
 *
 * - IKE_SA_INIT: SA KE Ni N(IKEV2_FRAGMENTATION_SUPPORTED) N(NAT_DETECTION_SOURCE_IP)
 *   N(NAT_DETECTION_DESTINATION_IP) V V V V — the four Vendor IDs in that order
 *   (WINDOWS-INTEROP.md "How to recognise"; FRAGMENTATION_SUPPORTED from 1803, seed 001).
 * - Proposals: the six-proposal default, 3DES before AES, all MODP_1024 (seed 002):
 *   3DES/SHA1, AES256/SHA1, 3DES/SHA256, AES256/SHA256, 3DES/SHA384, AES256/SHA384.
 *   NegotiateDH2048_AES256 (seed 001): 1 adds AES-256 with MODP_2048 (first), 2 offers only that.
 *   ESP: AES-256/SHA1 then 3DES/SHA1 (fixtures/clients/production-windows, seed 002).
 * - IKE_AUTH: IDi (its address with EAP), AUTH unless EAP, N(MOBIKE_SUPPORTED),
 *   CP(CFG_REQUEST) with INTERNAL_IP4_ADDRESS, INTERNAL_IP4_DNS, INTERNAL_IP4_NBNS, 23456,
 *   INTERNAL_IP6_ADDRESS, INTERNAL_IP6_DNS, 23457, then SA TSi TSr. No IDr (seed 001).
 *   (CERTREQ with its trusted CAs' hashes is not sent: the endpoint has no Windows store.)
 * - Rekeys by itself every 58 min 46 s (seed 000).
 * - Quirks: behind NAT it refuses a gateway-initiated CHILD_SA rekey with the private notify
 *   12345 carrying ERROR_IPSEC_IKE_INVALID_SITUATION, 13863 (seed 000, seed 001: "a client
 *   behind NAT does not accept a rekeying attempt and rejects it with a Microsoft specific
 *   notify 12345, containing an error code ERROR_IPSEC_IKE_INVALID_SITUATION"); it cannot take
 *   an IKE_SA rekey whose KE group is not the negotiated one and does not answer
 *   INVALID_KE_PAYLOAD (seed 000, seed 001 "Rekeying behavior"; WINDOWS-INTEROP.md
 *   windows/rekey-dh-group) — it refuses with NO_PROPOSAL_CHOSEN and the rekey fails.
 */
import { makeNotify } from '../../ikev2/payloads/notify.js';
import { CpAttributeType, NotifyType } from '../../ikev2/registry/index.js';
import type { Payload } from '../../ikev2/payload.js';
import type { ClientProfile, GatewayCreateChildSa, ProfileOptions } from './profile.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

/** ERROR_IPSEC_IKE_INVALID_SITUATION, in N(12345)'s four-octet data (WINDOWS-INTEROP.md). */
export const ERROR_IPSEC_IKE_INVALID_SITUATION = 13863;

/** The six-proposal default, 3DES before AES, all MODP_1024 (seed 002). */
export const SIX = ['3des-sha1-modp1024', 'aes256-sha1-modp1024', '3des-sha256-modp1024', 'aes256-sha256-modp1024', '3des-sha384-modp1024', 'aes256-sha384-modp1024'];

/** NT5 with its version word, then the three Vendor IDs every Windows since 7 sends (WINDOWS-INTEROP.md). */
export const windowsVendorIds = (nt5Version: string, extra: readonly Uint8Array[] = []): Uint8Array[] => [
  hex(`1e2b516905991c7d7c96fcbfb587e461${nt5Version}`), // MS NT5 ISAKMPOAKLEY
  hex('fb1de3cdf341b7ea16b7e5be0855f120'), // MS-Negotiation Discovery Capable
  hex('26244d38eddb61b3172a36e3d0cfb819'), // Microsoft Vid-Initial-Contact
  ...extra,
];

/** Windows 8 and later: version 9, and the unnamed fourth Vendor ID seen on Windows 10/11. */
const WINDOWS_8_VIDS = windowsVendorIds('00000009', [hex('01528bbbc00696121849ab9a1c5b2a5100000002')]);

/** CP(CFG_REQUEST) of every Windows client, Microsoft's 23456/23457 included (seed 001). */
export const windowsCpRequest = (): number[] => [
  CpAttributeType.INTERNAL_IP4_ADDRESS, CpAttributeType.INTERNAL_IP4_DNS, CpAttributeType.INTERNAL_IP4_NBNS,
  CpAttributeType.INTERNAL_IP4_SERVER, CpAttributeType.INTERNAL_IP6_ADDRESS, CpAttributeType.INTERNAL_IP6_DNS,
  CpAttributeType.INTERNAL_IP6_SERVER,
];

/** The two quirks above, shared by every Windows profile (seeds 000/001 say it of Windows 7 on). */
export function windowsAnswerCreateChildSa(r: GatewayCreateChildSa): Payload[] | undefined {
  if (r.kind === 'child-rekey' && r.behindNat) {
    const code = new Uint8Array(4);
    new DataView(code.buffer).setUint32(0, ERROR_IPSEC_IKE_INVALID_SITUATION);
    return [makeNotify(NotifyType.MS_NOTIFY_STATUS, code)];
  }
  if (r.kind === 'ike-rekey' && r.keGroup !== r.negotiatedGroup) return [makeNotify(NotifyType.NO_PROPOSAL_CHOSEN)];
  return undefined;
}

export const windows10: ClientProfile = {
  name: 'windows-10',
  description: 'Windows 10 (1803+) built-in IKEv2 client',
  sources: ['WINDOWS-INTEROP.md', 'seed 000', 'seed 001', 'seed 002'],
  ikeProposals: (o: ProfileOptions) =>
    o.negotiateDh2048Aes256 === 2 ? ['aes256-sha256-modp2048', 'aes256-sha1-modp2048']
      : o.negotiateDh2048Aes256 === 1 ? ['aes256-sha256-modp2048', 'aes256-sha1-modp2048', ...SIX]
        : SIX,
  espProposals: () => ['aes256-sha1', '3des-sha1'],
  vendorIds: WINDOWS_8_VIDS,
  init: ['IKEV2_FRAGMENTATION_SUPPORTED', 'NAT_DETECTION_SOURCE_IP', 'NAT_DETECTION_DESTINATION_IP', 'VENDOR_IDS'],
  auth: ['IDi', 'AUTH', 'MOBIKE_SUPPORTED', 'CP', 'SA', 'TSi', 'TSr'],
  sendsIdr: false,
  cpRequest: windowsCpRequest,
  childRekeySeconds: 58 * 60 + 46,
  answerCreateChildSa: windowsAnswerCreateChildSa,
};
