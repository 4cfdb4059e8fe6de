/**
 * strongSwan 5.9 as a road-warrior client (swanctl, default settings), as the lab's client
 * charon sends it: captures/eap-mschapv2-ping.pcap and captures/production-windows.pcap
 * (IKE_SA_INIT request: SA KE Ni N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP)
 * N(IKEV2_FRAGMENTATION_SUPPORTED) N(SIGNATURE_HASH_ALGORITHMS) N(REDIRECT_SUPPORTED); IKE_AUTH
 * request: IDi N(INITIAL_CONTACT) [IDr] [AUTH] CP SA TSi TSr N(MOBIKE_SUPPORTED)
 * N(NO_ADDITIONAL_ADDRESSES) N(MULTIPLE_AUTH_SUPPORTED) N(EAP_ONLY_AUTHENTICATION)
 * N(IKEV2_MESSAGE_ID_SYNC_SUPPORTED)). It sends no Vendor ID by default (send_vendor_id = no).
 * Proposals: a subset of its default proposal that the endpoint implements, MODP_2048 first
 * here so the lab gateways' first proposals match without an INVALID_KE_PAYLOAD round.
 */
import { CpAttributeType } from '../../ikev2/registry/index.js';
import type { ClientProfile } from './profile.js';

export const strongswan: ClientProfile = {
  name: 'strongswan',
  description: 'strongSwan 5.9 road-warrior client (swanctl defaults)',
  sources: ['captures/eap-mschapv2-ping.pcap (client charon 5.9.8)', 'captures/production-windows.pcap'],
  ikeProposals: () => ['aes256-aes128-sha256-sha1-modp2048-ecp256-curve25519-modp3072'],
  espProposals: () => ['aes256-aes128-sha256-sha1'],
  vendorIds: [],
  init: ['NAT_DETECTION_SOURCE_IP', 'NAT_DETECTION_DESTINATION_IP', 'IKEV2_FRAGMENTATION_SUPPORTED', 'SIGNATURE_HASH_ALGORITHMS', 'REDIRECT_SUPPORTED'],
  auth: ['IDi', 'INITIAL_CONTACT', 'IDr', 'AUTH', 'CP', 'SA', 'TSi', 'TSr', 'MOBIKE_SUPPORTED', 'NO_ADDITIONAL_ADDRESSES', 'MULTIPLE_AUTH_SUPPORTED', 'EAP_ONLY_AUTHENTICATION', 'IKEV2_MESSAGE_ID_SYNC_SUPPORTED'],
  sendsIdr: true,
  cpRequest: (v6) => [
    CpAttributeType.INTERNAL_IP4_ADDRESS, CpAttributeType.INTERNAL_IP4_DNS,
    ...(v6 ? [CpAttributeType.INTERNAL_IP6_ADDRESS, CpAttributeType.INTERNAL_IP6_DNS] : []),
  ],
};
