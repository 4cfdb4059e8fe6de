/**
 * The payload model: a union discriminated on `type` (PayloadType constants), and the table
 * that maps each type to the one file that both parses and serializes it.
 */
import type { Decoded } from '../problem.js';
import { PayloadType } from './registry/payload-types.js';
import type { ParseContext, PayloadCodec } from './payloads/codec.js';
import { authCodec, type AuthPayload } from './payloads/auth.js';
import { certCodec, type CertPayload } from './payloads/cert.js';
import { certReqCodec, type CertReqPayload } from './payloads/certreq.js';
import { cpCodec, type CpPayload } from './payloads/cp.js';
import { deleteCodec, type DeletePayload } from './payloads/delete.js';
import { eapCodec, type EapPayload } from './payloads/eap.js';
import { idCodec, type IdPayload } from './payloads/id.js';
import { keCodec, type KePayload } from './payloads/ke.js';
import { nonceCodec, type NoncePayload } from './payloads/nonce.js';
import { notifyCodec, type NotifyPayload } from './payloads/notify.js';
import { rawCodec, type RawPayload } from './payloads/raw.js';
import { saCodec, type SaPayload } from './payloads/sa.js';
import { skCodec, type SkPayload } from './payloads/sk.js';
import { skfCodec, type SkfPayload } from './payloads/skf.js';
import { tsCodec, type TsPayload } from './payloads/ts.js';
import { vendorIdCodec, type VendorIdPayload } from './payloads/vendor-id.js';

/** Every payload type ikescope decodes. Narrow with `switch (p.type)` after `isRaw(p)` is false. */
export type KnownPayload =
  | SaPayload
  | KePayload
  | IdPayload
  | CertPayload
  | CertReqPayload
  | AuthPayload
  | NoncePayload
  | NotifyPayload
  | DeletePayload
  | VendorIdPayload
  | TsPayload
  | SkPayload
  | CpPayload
  | EapPayload
  | SkfPayload;

export type Payload = KnownPayload | RawPayload;

/** The payload value type for a given PayloadType number. */
export type PayloadOf<T extends KnownPayload['type']> = Extract<KnownPayload, { type: T }>;

/**
 * TypeScript cannot relate a map key to the payload type of its codec; each entry is checked
 * here (a codec's `parse` produces its own payload type) and then widened once.
 */
function entry<P extends KnownPayload>(type: P['type'], codec: PayloadCodec<P>): [number, PayloadCodec<KnownPayload>] {
  return [type, codec as unknown as PayloadCodec<KnownPayload>];
}

const CODECS: ReadonlyMap<number, PayloadCodec<KnownPayload>> = new Map([
  entry(PayloadType.SA, saCodec),
  entry(PayloadType.KE, keCodec),
  entry(PayloadType.IDi, idCodec),
  entry(PayloadType.IDr, idCodec),
  entry(PayloadType.CERT, certCodec),
  entry(PayloadType.CERTREQ, certReqCodec),
  entry(PayloadType.AUTH, authCodec),
  entry(PayloadType.NONCE, nonceCodec),
  entry(PayloadType.N, notifyCodec),
  entry(PayloadType.D, deleteCodec),
  entry(PayloadType.V, vendorIdCodec),
  entry(PayloadType.TSi, tsCodec),
  entry(PayloadType.TSr, tsCodec),
  entry(PayloadType.SK, skCodec),
  entry(PayloadType.CP, cpCodec),
  entry(PayloadType.EAP, eapCodec),
  entry(PayloadType.SKF, skfCodec),
]);

/** True for the types parsed into structured values (false ones come back as RawPayload). */
export function isDecodedType(type: number): boolean {
  return CODECS.has(type);
}

export function isRaw(p: Payload): p is RawPayload {
  return 'raw' in p && p.raw === true;
}

/** Type guard that narrows a payload to the structured value of `type`. */
export function isPayload<T extends KnownPayload['type']>(p: Payload, type: T): p is PayloadOf<T> {
  return p.type === type && !isRaw(p);
}

/** Parse one payload body (the octets after its generic header). */
export function parsePayloadBody(body: Uint8Array, ctx: ParseContext): Decoded<Payload> {
  const codec = CODECS.get(ctx.type);
  return codec ? codec.parse(body, ctx) : rawCodec.parse(body, ctx);
}

/** Serialize one payload body (without its generic header). */
export function serializePayloadBody(p: Payload): Uint8Array {
  if (isRaw(p)) return rawCodec.serialize(p);
  const codec = CODECS.get(p.type);
  if (!codec) throw new RangeError(`no codec for payload type ${p.type}`);
  return codec.serialize(p);
}

/** SK and SKF write the first inner payload's type in their own Next Payload field. */
export function isEncryptedPayload(p: Payload): p is SkPayload | SkfPayload {
  return !isRaw(p) && (p.type === PayloadType.SK || p.type === PayloadType.SKF);
}
