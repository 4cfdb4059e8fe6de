/**
 * IANA "Transform Type 5 - Sequence Numbers Transform IDs" (was "Extended Sequence Numbers").
 * IANA's text: 0 "32-bit Sequential Numbers" (No ESN), 1 "Partially Transmitted 64-bit
 * Sequential Numbers" (ESN), 2 "32-bit Unspecified Numbers" (G-IKEv2 / RFC 9827 usage).
 */
import { namer, reverse } from './names.js';

export const SequenceNumbers = Object.freeze({
  NO_ESN: 0,
  ESN: 1,
  UNSPECIFIED_32BIT: 2,
} as const);

export const sequenceNumbersName = namer(reverse(SequenceNumbers), 'SN');
/** Alias under the RFC 7296 name of the registry. */
export const esnName = sequenceNumbersName;
