/**
 * Payloads ikescope does not decode: unknown or private types, and the registered ones whose
 * layout nothing here needs yet (GSPM 49, IDg 50, GSA 51, KD 52, PS 54). RFC 7296 §3.2 lets a
 * receiver skip a payload it does not understand unless its Critical bit is set; the analyzer
 * keeps the bytes so the serializer writes the payload back unchanged.
 */
import { ok } from '../../problem.js';
import { copy } from '../bytes.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface RawPayload extends PayloadCommon {
  readonly type: number;
  /** Marks the body as undecoded. */
  readonly raw: true;
  readonly body: Uint8Array;
}

export const rawCodec: PayloadCodec<RawPayload> = {
  parse(body, ctx) {
    return ok({ type: ctx.type, raw: true, body: copy(body) });
  },
  serialize(p) {
    return copy(p.body);
  },
};
