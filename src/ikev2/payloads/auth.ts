/** Authentication payload, RFC 7296 §3.8: | Auth Method | RESERVED (3) | Authentication Data ... | */
import { fail, ok } from '../../problem.js';
import { copy } from '../bytes.js';
import { AuthMethod } from '../registry/auth-methods.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface AuthPayload extends PayloadCommon {
  readonly type: typeof PayloadType.AUTH;
  readonly method: number;
  readonly data: Uint8Array;
}

export const authCodec: PayloadCodec<AuthPayload> = {
  parse(body) {
    if (body.length < 4) return fail(0, `AUTH payload body is ${body.length} octets, needs at least 4`);
    return ok({ type: PayloadType.AUTH, method: body[0]!, data: copy(body, 4) });
  },
  serialize(p) {
    const out = new Uint8Array(4 + p.data.length);
    out[0] = p.method;
    out.set(p.data, 4);
    return out;
  },
};

/**
 * RFC 7427 §3: with Auth Method 14 (Digital Signature) the data starts with a one-octet ASN.1
 * length, then the DER AlgorithmIdentifier of that length, then the signature value.
 */
export function digitalSignatureParts(
  p: AuthPayload,
): { algorithmIdentifier: Uint8Array; signature: Uint8Array } | undefined {
  if (p.method !== AuthMethod.DIGITAL_SIGNATURE || p.data.length < 1) return undefined;
  const len = p.data[0]!;
  if (1 + len > p.data.length) return undefined;
  return { algorithmIdentifier: copy(p.data, 1, 1 + len), signature: copy(p.data, 1 + len) };
}
