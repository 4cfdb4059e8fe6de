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

/** IANA "IKEv2 Secure Password Methods" (RFC 6467), carried by N(SECURE_PASSWORD_METHODS). */
export const SecurePasswordMethod = Object.freeze({
  PACE: 1, // RFC 6631
  AUGPAKE: 2, // RFC 6628
  SECURE_PSK_AUTHENTICATION: 3, // RFC 6617
} as const);

export const securePasswordMethodName = namer(reverse(SecurePasswordMethod), 'GSPM', [
  { from: 1024, to: 65535, label: 'PRIVATE_USE' },
]);

/** IANA "IKEv2 Post-quantum Preshared Key ID Types" (RFC 8784 §5.1), first octet of N(PPK_IDENTITY). */
export const PpkIdType = Object.freeze({
  PPK_ID_OPAQUE: 1,
  PPK_ID_FIXED: 2,
} as const);

export const ppkIdTypeName = namer(reverse(PpkIdType), 'PPK_ID', [{ from: 128, to: 255, label: 'PRIVATE_USE' }]);
