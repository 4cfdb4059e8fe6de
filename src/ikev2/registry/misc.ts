/**
 * Small IKEv2 registries used when decoding notify data: "IKEv2 Notification IPCOMP Transform IDs"
 * (RFC 7296 §3.10.1, IPCOMP_SUPPORTED) and "IKEv2 Gateway Identity Types" (RFC 5685, REDIRECT).
 */
import { namer, reverse } from './names.js';

export const IpcompId = Object.freeze({
  IPCOMP_OUI: 1,
  IPCOMP_DEFLATE: 2,
  IPCOMP_LZS: 3,
  IPCOMP_LZJH: 4,
} as const);

export const ipcompName = namer(reverse(IpcompId), 'IPCOMP', [{ from: 241, to: 255, label: 'PRIVATE_USE' }]);

export const GatewayIdType = Object.freeze({
  IPV4: 1,
  IPV6: 2,
  FQDN: 3,
} as const);

export const gatewayIdTypeName = namer(reverse(GatewayIdType), 'GW_ID', [
  { from: 241, to: 255, label: 'PRIVATE_USE' },
]);
