/**
 * The Windows 7 built-in IKEv2 client ("Agile VPN"), from ../../../../shared/WINDOWS-INTEROP.md
 * and the seeds it cites; where it differs from Windows 10 (windows-10.ts):
 *
 * - Vendor IDs: MS NT5 ISAKMPOAKLEY with version 00000007 (WINDOWS-INTEROP.md "How to
 *   recognise"), MS-Negotiation Discovery Capable, Microsoft Vid-Initial-Contact; not the
 *   unnamed fourth one seen on Windows 10/11.
 * - No N(IKEV2_FRAGMENTATION_SUPPORTED): Windows announces IKEv2 fragmentation only from
 *   Windows 10 1803 (seeds 000/001; WINDOWS-INTEROP.md windows/ikev2-fragmentation-unsupported).
 * - Proposals: "Windows 7 offers a smaller subset of these (notably, no aes256)" (seed 002), so
 *   the six-proposal default with AES-128 where Windows 10 has AES-256 — with which seed 002's
 *   gateway ends up on aes128-sha1 — all MODP_1024; ESP AES-128/SHA1 then 3DES/SHA1 (seed
 *   002: "Windows 7 doesn't support aes256"). Only MODP_1024 (WINDOWS-INTEROP.md
 *   windows/rekey-dh-group), so NegotiateDH2048_AES256 does not apply.
 * - IKE_AUTH, CP request, rekey interval and the two quirks as Windows 10: seeds 000/001
 *   describe them for "Windows 7 and newer" ("Windows 7 does not like a VPN gateway to take
 *   the initiative", seed 002).
 */
import type { ClientProfile } from './profile.js';
import { windows10, windowsAnswerCreateChildSa, windowsCpRequest, windowsVendorIds } from './windows-10.js';

export const windows7: ClientProfile = {
  name: 'windows-7',
  description: 'Windows 7 built-in IKEv2 client',
  sources: ['WINDOWS-INTEROP.md', 'seed 000', 'seed 001', 'seed 002'],
  ikeProposals: () => ['3des-sha1-modp1024', 'aes128-sha1-modp1024', '3des-sha256-modp1024', 'aes128-sha256-modp1024', '3des-sha384-modp1024', 'aes128-sha384-modp1024'],
  espProposals: () => ['aes128-sha1', '3des-sha1'],
  vendorIds: windowsVendorIds('00000007'),
  init: ['NAT_DETECTION_SOURCE_IP', 'NAT_DETECTION_DESTINATION_IP', 'VENDOR_IDS'],
  auth: windows10.auth,
  sendsIdr: false,
  cpRequest: windowsCpRequest,
  childRekeySeconds: windows10.childRekeySeconds!,
  answerCreateChildSa: windowsAnswerCreateChildSa,
};
