/** Certificate payload, RFC 7296 §3.6: | Cert Encoding | Certificate Data ... | */
import { fail, ok } from '../../problem.js';
import { copy, text } from '../bytes.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface CertPayload extends PayloadCommon {
  readonly type: typeof PayloadType.CERT;
  /** Certificate Encoding (registry cert-encodings.ts); 4 = X.509 Certificate - Signature (DER). */
  readonly encoding: number;
  readonly data: Uint8Array;
}

export const certCodec: PayloadCodec<CertPayload> = {
  parse(body) {
    if (body.length < 1) return fail(0, 'CERT payload has no Cert Encoding octet');
    return ok({ type: PayloadType.CERT, encoding: body[0]!, data: copy(body, 1) });
  },
  serialize(p) {
    const out = new Uint8Array(1 + p.data.length);
    out[0] = p.encoding;
    out.set(p.data, 1);
    return out;
  },
};

/**
 * §3.6 "Hash and URL" encodings (12, 13): a 20-octet SHA-1 hash followed by the URL.
 * Undefined for other encodings or when the data is too short to hold the hash.
 */
export function certHashAndUrl(p: CertPayload): { hash: Uint8Array; url: string } | undefined {
  if ((p.encoding !== 12 && p.encoding !== 13) || p.data.length < 20) return undefined;
  return { hash: copy(p.data, 0, 20), url: text(p.data.subarray(20)) };
}
