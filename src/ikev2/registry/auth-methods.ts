/** IANA "IKEv2 Authentication Method" (RFC 7296 §3.8). 201-255 Private Use. */
import { namer, reverse } from './names.js';

export const AuthMethod = Object.freeze({
  RSA_DIGITAL_SIGNATURE: 1, // RFC 7296
  SHARED_KEY_MIC: 2, // RFC 7296 "Shared Key Message Integrity Code"
  DSS_DIGITAL_SIGNATURE: 3, // RFC 7296
  ECDSA_SHA2_256_P256: 9, // RFC 4754
  ECDSA_SHA2_384_P384: 10, // RFC 4754
  ECDSA_SHA2_512_P521: 11, // RFC 4754
  GSPAM: 12, // RFC 6467 Generic Secure Password Authentication Method
  NULL_AUTH: 13, // RFC 7619
  DIGITAL_SIGNATURE: 14, // RFC 7427
} as const);

export const authMethodName = namer(reverse(AuthMethod), 'AUTH_METHOD', [
  { from: 201, to: 255, label: 'PRIVATE_USE' },
]);
