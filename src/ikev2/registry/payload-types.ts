/**
 * IANA "IKEv2 Payload Types" (ikev2-parameters, registry 2). 1-32 are IKEv1's, 128-255 Private Use.
 * The notation column (SA, KE, IDi, ...) lives in notation.ts because Ni/Nr depends on direction.
 */
import { namer, reverse } from './names.js';

export const PayloadType = Object.freeze({
  NONE: 0, // "No Next Payload"
  SA: 33, // RFC 7296 §3.3
  KE: 34, // §3.4
  IDi: 35, // §3.5
  IDr: 36, // §3.5
  CERT: 37, // §3.6
  CERTREQ: 38, // §3.7
  AUTH: 39, // §3.8
  NONCE: 40, // §3.9 (Ni, Nr)
  N: 41, // §3.10 Notify
  D: 42, // §3.11 Delete
  V: 43, // §3.12 Vendor ID
  TSi: 44, // §3.13
  TSr: 45, // §3.13
  SK: 46, // §3.14 Encrypted and Authenticated
  CP: 47, // §3.15 Configuration
  EAP: 48, // §3.16
  GSPM: 49, // RFC 6467 Generic Secure Password Method
  IDg: 50, // G-IKEv2 Group Identification
  GSA: 51, // G-IKEv2 Group Security Association
  KD: 52, // G-IKEv2 Key Download
  SKF: 53, // RFC 7383 Encrypted and Authenticated Fragment
  PS: 54, // RFC 8019 Puzzle Solution
} as const);

export type PayloadTypeName = keyof typeof PayloadType;

export const payloadName = namer(reverse(PayloadType), 'PAYLOAD', [
  { from: 1, to: 32, label: 'IKEV1_PAYLOAD' },
  { from: 128, to: 255, label: 'PRIVATE_USE' },
]);
