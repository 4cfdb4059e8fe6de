/**
 * IANA "Transform Type 13 - Key Wrap Algorithm Transform IDs" and "Transform Type 14 - Group
 * Controller Authentication Method Transform IDs", both from G-IKEv2 (draft-ietf-ipsecme-g-ikev2).
 */
import { namer, reverse } from './names.js';

export const KeyWrapId = Object.freeze({
  KW_5649_128: 1,
  KW_5649_192: 2,
  KW_5649_256: 3,
  KW_ARX: 4,
} as const);

export const keyWrapName = namer(reverse(KeyWrapId), 'KWA');

export const GcAuthId = Object.freeze({
  IMPLICIT: 1,
  DIGITAL_SIGNATURE: 2,
} as const);

export const gcAuthName = namer(reverse(GcAuthId), 'GCAUTH');
