/**
 * What the EAP method decoders read: the fields the EAP payload codec (../payloads/eap.ts)
 * splits off an EAP packet (RFC 3748 §4). Any object with these fields will do.
 */
import type { EapPayload } from '../payloads/eap.js';

export type EapMessage = Pick<EapPayload, 'code' | 'identifier' | 'eapType' | 'typeData'>;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** RFC 3748 uses UTF-8 (ISO 10646) for displayable text; invalid octets become U+FFFD. */
export function utf8Text(b: Uint8Array): string {
  return utf8.decode(b);
}
