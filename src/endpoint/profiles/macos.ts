/**
 * Apple's built-in IKEv2 client (macOS and iOS), from public gateway logs of it:
 *
 * - IKE_SA_INIT: no Vendor ID, REDIRECT_SUPPORTED first: "IKE_SA_INIT request 0 [ SA KE No
 *   N(REDIR_SUP) N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) ]" (an iOS client in strongSwan's log,
 *   strongX509/docker#7; src/analysis/fingerprint.ts recognises it by that order).
 * - Proposals when configured from the UI: AES-256-GCM/PRF-SHA256 with ECP_256 then MODP_2048,
 *   then AES-256-CBC/SHA2-256 with the same two groups ("received proposals:
 *   IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/ECP_256, IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/MODP_2048,
 *   IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256,
 *   IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", strongswan/strongswan#2861;
 *   the same four from macOS 14 in libreswan/libreswan#1450); ESP AES-256-GCM then
 *   AES-256-CBC/SHA2-256 (libreswan/libreswan#1450).
 * - IKE_AUTH: "[ IDi N(INIT_CONTACT) IDr CPRQ(ADDR MASK DHCP DNS ADDR6 DHCP6 DNS6 DOMAIN)
 *   N(ESP_TFC_PAD_N) N(NON_FIRST_FRAG) SA TSi TSr N(MOBIKE_SUP) N(EAP_ONLY) ]"
 *   (strongswan/strongswan#2861): it sends IDr (the "Remote ID" of its settings).
 */
import { CpAttributeType } from '../../ikev2/registry/index.js';
import type { ClientProfile } from './profile.js';

export const macos: ClientProfile = {
  name: 'macos',
  description: 'macOS / iOS built-in IKEv2 client',
  sources: ['strongX509/docker#7', 'strongswan/strongswan#2861', 'libreswan/libreswan#1450'],
  ikeProposals: () => ['aes256gcm16-prfsha256-ecp256', 'aes256gcm16-prfsha256-modp2048', 'aes256-sha256-ecp256', 'aes256-sha256-modp2048'],
  espProposals: () => ['aes256gcm16', 'aes256-sha256'],
  vendorIds: [],
  init: ['REDIRECT_SUPPORTED', 'NAT_DETECTION_SOURCE_IP', 'NAT_DETECTION_DESTINATION_IP', 'IKEV2_FRAGMENTATION_SUPPORTED'],
  auth: ['IDi', 'INITIAL_CONTACT', 'IDr', 'AUTH', 'CP', 'ESP_TFC_PADDING_NOT_SUPPORTED', 'NON_FIRST_FRAGMENTS_ALSO', 'SA', 'TSi', 'TSr', 'MOBIKE_SUPPORTED', 'EAP_ONLY_AUTHENTICATION'],
  sendsIdr: true,
  cpRequest: () => [
    CpAttributeType.INTERNAL_IP4_ADDRESS, CpAttributeType.INTERNAL_IP4_NETMASK, CpAttributeType.INTERNAL_IP4_DHCP, CpAttributeType.INTERNAL_IP4_DNS,
    CpAttributeType.INTERNAL_IP6_ADDRESS, CpAttributeType.INTERNAL_IP6_DHCP, CpAttributeType.INTERNAL_IP6_DNS, CpAttributeType.INTERNAL_DNS_DOMAIN,
  ],
};
