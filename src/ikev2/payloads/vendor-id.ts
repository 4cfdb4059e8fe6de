/** Vendor ID payload, RFC 7296 §3.12: opaque bytes. The catalog is in ../vendor-ids.ts. */
import { ok } from '../../problem.js';
import { copy } from '../bytes.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface VendorIdPayload extends PayloadCommon {
  readonly type: typeof PayloadType.V;
  readonly data: Uint8Array;
}

export const vendorIdCodec: PayloadCodec<VendorIdPayload> = {
  parse(body) {
    return ok({ type: PayloadType.V, data: copy(body) });
  },
  serialize(p) {
    return copy(p.data);
  },
};
