/**
 * IANA "Transform Type Values" and "IKEv2 Transform Attribute Types".
 * RFC 9370 renamed type 4 "Key Exchange Method (KE)" (was "Diffie-Hellman Group (D-H)") and
 * added ADDKE1-7; type 5 is now "Sequence Numbers (SN)" (was "Extended Sequence Numbers").
 */
import { namer, reverse } from './names.js';

export const TransformType = Object.freeze({
  ENCR: 1, // Encryption Algorithm, RFC 7296
  PRF: 2, // Pseudorandom Function, RFC 7296
  INTEG: 3, // Integrity Algorithm, RFC 7296
  KE: 4, // Key Exchange Method (D-H group), RFC 7296 / RFC 9370
  SN: 5, // Sequence Numbers (ESN), RFC 7296
  ADDKE1: 6, // RFC 9370
  ADDKE2: 7,
  ADDKE3: 8,
  ADDKE4: 9,
  ADDKE5: 10,
  ADDKE6: 11,
  ADDKE7: 12,
  KWA: 13, // Key Wrap Algorithm, G-IKEv2
  GCAUTH: 14, // Group Controller Authentication Method, G-IKEv2
} as const);

export const transformTypeName = namer(reverse(TransformType), 'TRANSFORM_TYPE', [
  { from: 241, to: 255, label: 'PRIVATE_USE' },
]);

/** RFC 7296 §3.3.5; the only attribute IANA lists for IKEv2 transforms. */
export const TransformAttributeType = Object.freeze({
  KEY_LENGTH: 14,
} as const);

export const transformAttributeName = namer(reverse(TransformAttributeType), 'ATTRIBUTE', [
  { from: 16384, to: 32767, label: 'PRIVATE_USE' },
]);
