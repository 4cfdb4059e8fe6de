/** EAP-TLS (RFC 5216, RFC 9190) on the peer side: comes in the next commit. */
import type { EapMethod } from './method.js';

export interface EapTlsCredentials {
  readonly cert?: Uint8Array;
  readonly key?: Uint8Array;
  readonly ca: Uint8Array[];
  readonly serverName?: string;
}

export function tlsMethod(_c: EapTlsCredentials): EapMethod {
  throw new Error('EAP-TLS is not implemented yet');
}
