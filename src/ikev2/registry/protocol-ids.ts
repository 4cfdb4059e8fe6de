/**
 * IANA "IKEv2 Security Protocol Identifiers" (RFC 7296 §3.3.1). 201-255 Private Use.
 * 0 is Reserved, but Notify and Delete use it to mean "no SPI / this IKE SA".
 */
import { namer, reverse } from './names.js';

export const ProtocolId = Object.freeze({
  NONE: 0,
  IKE: 1,
  AH: 2,
  ESP: 3,
  FC_ESP_HEADER: 4, // RFC 4595
  FC_CT_AUTHENTICATION: 5, // RFC 4595
  GIKE_UPDATE: 6, // G-IKEv2
} as const);

export const protocolIdName = namer(reverse(ProtocolId), 'PROTOCOL', [{ from: 201, to: 255, label: 'PRIVATE_USE' }]);
