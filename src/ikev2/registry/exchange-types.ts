/**
 * IANA "IKEv2 Exchange Types" (ikev2-parameters, registry 1), as of the 2025-05-23 update.
 * 0-33 Reserved (IKEv1 uses them), 240-255 Private Use.
 */
import { namer, reverse } from './names.js';

export const ExchangeType = Object.freeze({
  IKE_SA_INIT: 34, // RFC 7296
  IKE_AUTH: 35, // RFC 7296
  CREATE_CHILD_SA: 36, // RFC 7296
  INFORMATIONAL: 37, // RFC 7296
  IKE_SESSION_RESUME: 38, // RFC 5723
  GSA_AUTH: 39, // G-IKEv2 (draft-ietf-ipsecme-g-ikev2)
  GSA_REGISTRATION: 40, // G-IKEv2
  GSA_REKEY: 41, // G-IKEv2
  GSA_INBAND_REKEY: 42, // G-IKEv2
  IKE_INTERMEDIATE: 43, // RFC 9242
  IKE_FOLLOWUP_KE: 44, // RFC 9370
} as const);

export const exchangeName = namer(reverse(ExchangeType), 'EXCHANGE', [
  { from: 240, to: 255, label: 'PRIVATE_USE' },
]);
