/**
 * EAP Identity, RFC 3748 §5.1. The Request "MAY contain a displayable message"; a NUL
 * character may end that message and be followed by options (RFC 4284 carries network
 * selection hints there). The Response carries the peer's identity: "The Identity Response
 * field MUST NOT be null terminated", so a NUL in a Response is kept apart and flagged.
 *
 * Identities are sensitive (DESIGN.md "Secrets"); they are decoded here and pseudonymized by
 * the report's redaction, not by the decoder.
 */
import { ok, type Decoded } from '../../problem.js';
import { EapCode } from '../registry/eap.js';
import { utf8Text } from './message.js';

export interface EapIdentity {
  readonly kind: 'identity';
  /** Response: the identity; Request: the displayable message ("" when none). */
  readonly identity: string;
  /** Whatever follows a NUL octet: Request options, or what a non-conforming peer appended. */
  readonly afterNul?: string;
  /** A Response whose identity is NUL-terminated (RFC 3748 §5.1 says it MUST NOT be). */
  readonly nulTerminated?: true;
}

export function decodeIdentity(code: number, typeData: Uint8Array): Decoded<EapIdentity> {
  const nul = typeData.indexOf(0);
  if (nul < 0) return ok({ kind: 'identity', identity: utf8Text(typeData) });
  const rest = typeData.subarray(nul + 1);
  return ok({
    kind: 'identity',
    identity: utf8Text(typeData.subarray(0, nul)),
    ...(rest.length ? { afterNul: utf8Text(rest) } : {}),
    ...(code === EapCode.RESPONSE ? { nulTerminated: true as const } : {}),
  });
}
