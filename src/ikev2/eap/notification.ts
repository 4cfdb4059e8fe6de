/**
 * EAP Notification, RFC 3748 §5.2: the Request's Type-Data is "a displayable message"
 * (UTF-8, not NUL-terminated; its length is at least one octet); "The Response MUST be sent ...
 * with a zero-length Type-Data" — a Response that carries data is flagged, not rejected.
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { EapCode } from '../registry/eap.js';
import { utf8Text } from './message.js';

export interface EapNotification {
  readonly kind: 'notification';
  /** The message of a Request; "" for a Response. */
  readonly text: string;
  /** Octets a Response carried although it should carry none. */
  readonly unexpectedData?: number;
}

export function decodeNotification(code: number, typeData: Uint8Array): Decoded<EapNotification> {
  if (code === EapCode.REQUEST) {
    if (typeData.length === 0) return fail(5, 'EAP Notification Request without a message (RFC 3748 §5.2: "greater than zero")');
    return ok({ kind: 'notification', text: utf8Text(typeData) });
  }
  return ok(typeData.length ? { kind: 'notification', text: '', unexpectedData: typeData.length } : { kind: 'notification', text: '' });
}
