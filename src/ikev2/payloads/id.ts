/**
 * Identification payloads IDi and IDr, RFC 7296 §3.5:
 *   | ID Type | RESERVED (3 octets) | Identification Data ... |
 * Addresses and names are decoded into `value`; DER names and key IDs stay bytes (`data` is
 * always the wire content and is what gets serialized).
 */
import { fail, ok } from '../../problem.js';
import { copy, encodeText, text } from '../bytes.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../net/address.js';
import { IdType } from '../registry/id-types.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface IdPayload extends PayloadCommon {
  readonly type: typeof PayloadType.IDi | typeof PayloadType.IDr;
  readonly idType: number;
  readonly data: Uint8Array;
  /** Text form for ID_IPV4_ADDR, ID_IPV6_ADDR, ID_FQDN and ID_RFC822_ADDR; undefined otherwise. */
  readonly value?: string;
}

/** §3.5: "ID_IPV4_ADDR: A single four (4) octet IPv4 address"; ID_IPV6_ADDR is sixteen. */
const ADDRESS_LENGTH: Partial<Record<number, number>> = {
  [IdType.ID_IPV4_ADDR]: 4,
  [IdType.ID_IPV6_ADDR]: 16,
};

function decodeValue(idType: number, data: Uint8Array): string | undefined {
  switch (idType) {
    case IdType.ID_IPV4_ADDR:
      return formatIPv4(data);
    case IdType.ID_IPV6_ADDR:
      return formatIPv6(data);
    case IdType.ID_FQDN:
    case IdType.ID_RFC822_ADDR:
      return text(data);
    default:
      return undefined;
  }
}

export const idCodec: PayloadCodec<IdPayload> = {
  parse(body, ctx) {
    if (body.length < 4) return fail(0, `ID payload body is ${body.length} octets, needs at least 4`);
    const idType = body[0]!;
    const data = copy(body, 4);
    const want = ADDRESS_LENGTH[idType];
    if (want !== undefined && data.length !== want) {
      return fail(4, `ID type ${idType} needs a ${want}-octet address, got ${data.length}`);
    }
    const value = decodeValue(idType, data);
    const type = ctx.type === PayloadType.IDr ? PayloadType.IDr : PayloadType.IDi;
    return ok(value === undefined ? { type, idType, data } : { type, idType, data, value });
  },
  serialize(p) {
    const out = new Uint8Array(4 + p.data.length);
    out[0] = p.idType;
    out.set(p.data, 4);
    return out;
  },
};

/**
 * Build an ID payload from its text form (addresses, FQDN, RFC822) or raw bytes (DN, GN,
 * KEY_ID). Throws on an address that does not parse: this is the endpoint's input, not a peer's.
 */
export function makeId(
  type: typeof PayloadType.IDi | typeof PayloadType.IDr,
  idType: number,
  value: string | Uint8Array,
): IdPayload {
  let data: Uint8Array;
  if (typeof value !== 'string') data = copy(value);
  else if (idType === IdType.ID_IPV4_ADDR || idType === IdType.ID_IPV6_ADDR) {
    const parsed = idType === IdType.ID_IPV4_ADDR ? parseIPv4(value) : parseIPv6(value);
    if (!parsed) throw new RangeError(`not an address for ID type ${idType}: ${value}`);
    data = parsed;
  } else data = encodeText(value);
  const decoded = decodeValue(idType, data);
  return decoded === undefined ? { type, idType, data } : { type, idType, data, value: decoded };
}
