/**
 * Notify payload, RFC 7296 §3.10:
 *   | Protocol ID | SPI Size | Notify Message Type (2) | SPI ... | Notification Data ... |
 * `data` is the wire content and is what gets serialized; `decoded` is a view of it for the
 * types whose data has a known layout. A type whose data does not fit its layout gets no
 * `decoded` rather than failing the message: the framing is intact, and lint can say more.
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { copy, putU16, text, u16, u32 } from '../bytes.js';
import { formatIPv4, formatIPv6 } from '../../net/address.js';
import { GatewayIdType } from '../registry/misc.js';
import { NotifyType } from '../registry/notify-types.js';
import { PayloadType } from '../registry/payload-types.js';
import { windowsErrorName } from '../registry/windows-errors.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export type NotifyData =
  /** NAT_DETECTION_SOURCE_IP / _DESTINATION_IP, §2.23: SHA-1(SPIi | SPIr | IP | Port). */
  | { readonly kind: 'nat-detection'; readonly hash: Uint8Array }
  /** COOKIE, §2.6: opaque, 1 to 64 octets. */
  | { readonly kind: 'cookie'; readonly cookie: Uint8Array }
  /** INVALID_KE_PAYLOAD, §1.3: the group the responder wants. */
  | { readonly kind: 'invalid-ke'; readonly group: number }
  /** REKEY_SA, §1.3.3: which Child SA is being rekeyed (in the SPI field). */
  | { readonly kind: 'rekey-sa'; readonly protocolId: number; readonly spi: Uint8Array }
  /** SIGNATURE_HASH_ALGORITHMS, RFC 7427 §4: a list of 16-bit hash algorithm IDs. */
  | { readonly kind: 'hash-algorithms'; readonly algorithms: readonly number[] }
  /** Private 12345 (MS_NOTIFY_STATUS): a Windows error code, network byte order. */
  | { readonly kind: 'windows-status'; readonly code: number; readonly name?: string }
  /** UNSUPPORTED_CRITICAL_PAYLOAD, §3.10.1: the one-octet type of the payload not understood. */
  | { readonly kind: 'payload-type'; readonly payloadType: number }
  /** INVALID_MESSAGE_ID, §3.10.1: the 4-octet message ID that was rejected. */
  | { readonly kind: 'message-id'; readonly messageId: number }
  /** INVALID_SPI (data), INVALID_SELECTORS and CHILD_SA_NOT_FOUND (SPI field). */
  | { readonly kind: 'spi'; readonly spi: Uint8Array }
  /** SET_WINDOW_SIZE (§2.3) and AUTH_LIFETIME (RFC 4478, seconds): one 32-bit number. */
  | { readonly kind: 'number'; readonly value: number }
  /** ADDITIONAL_IP4_ADDRESS / ADDITIONAL_IP6_ADDRESS, RFC 4555 §3.6. */
  | { readonly kind: 'address'; readonly address: string }
  /** IPCOMP_SUPPORTED, §3.10.1: CPI and IPComp transform ID. */
  | { readonly kind: 'ipcomp'; readonly cpi: number; readonly transformId: number }
  /** REDIRECT / REDIRECTED_FROM, RFC 5685 §9: new gateway identity, and in IKE_SA_INIT a nonce. */
  | {
      readonly kind: 'redirect';
      readonly gatewayType: number;
      readonly gateway: string | Uint8Array;
      readonly nonce?: Uint8Array;
    };

export interface NotifyPayload extends PayloadCommon {
  readonly type: typeof PayloadType.N;
  /** Security Protocol ID; "MUST be sent as zero" when the SPI field is empty. */
  readonly protocolId: number;
  readonly spi: Uint8Array;
  readonly notifyType: number;
  readonly data: Uint8Array;
  readonly decoded?: NotifyData;
}

function decodeGateway(type: number, id: Uint8Array): string | Uint8Array {
  if (type === GatewayIdType.IPV4 && id.length === 4) return formatIPv4(id);
  if (type === GatewayIdType.IPV6 && id.length === 16) return formatIPv6(id);
  if (type === GatewayIdType.FQDN) return text(id);
  return copy(id);
}

/** The decoded view of a notification's data, or undefined if the type has none or it does not fit. */
export function decodeNotifyData(
  notifyType: number,
  protocolId: number,
  spi: Uint8Array,
  data: Uint8Array,
): NotifyData | undefined {
  switch (notifyType) {
    case NotifyType.NAT_DETECTION_SOURCE_IP:
    case NotifyType.NAT_DETECTION_DESTINATION_IP:
      return data.length === 20 ? { kind: 'nat-detection', hash: copy(data) } : undefined;
    case NotifyType.COOKIE:
      return data.length >= 1 && data.length <= 64 ? { kind: 'cookie', cookie: copy(data) } : undefined;
    case NotifyType.INVALID_KE_PAYLOAD:
      return data.length === 2 ? { kind: 'invalid-ke', group: u16(data, 0) } : undefined;
    case NotifyType.REKEY_SA:
      return spi.length > 0 ? { kind: 'rekey-sa', protocolId, spi: copy(spi) } : undefined;
    case NotifyType.SIGNATURE_HASH_ALGORITHMS: {
      if (data.length % 2 !== 0) return undefined;
      const algorithms: number[] = [];
      for (let i = 0; i < data.length; i += 2) algorithms.push(u16(data, i));
      return { kind: 'hash-algorithms', algorithms };
    }
    case NotifyType.MS_NOTIFY_STATUS: {
      if (data.length !== 4) return undefined;
      const code = u32(data, 0);
      const name = windowsErrorName(code);
      return name === undefined ? { kind: 'windows-status', code } : { kind: 'windows-status', code, name };
    }
    case NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD:
      return data.length === 1 ? { kind: 'payload-type', payloadType: data[0]! } : undefined;
    case NotifyType.INVALID_MESSAGE_ID:
      return data.length === 4 ? { kind: 'message-id', messageId: u32(data, 0) } : undefined;
    case NotifyType.INVALID_SPI:
      return data.length > 0 ? { kind: 'spi', spi: copy(data) } : undefined;
    case NotifyType.INVALID_SELECTORS:
    case NotifyType.CHILD_SA_NOT_FOUND:
      return spi.length > 0 ? { kind: 'spi', spi: copy(spi) } : undefined;
    case NotifyType.SET_WINDOW_SIZE:
    case NotifyType.AUTH_LIFETIME:
      return data.length === 4 ? { kind: 'number', value: u32(data, 0) } : undefined;
    case NotifyType.ADDITIONAL_IP4_ADDRESS:
      return data.length === 4 ? { kind: 'address', address: formatIPv4(data) } : undefined;
    case NotifyType.ADDITIONAL_IP6_ADDRESS:
      return data.length === 16 ? { kind: 'address', address: formatIPv6(data) } : undefined;
    case NotifyType.IPCOMP_SUPPORTED:
      return data.length === 3 ? { kind: 'ipcomp', cpi: u16(data, 0), transformId: data[2]! } : undefined;
    case NotifyType.REDIRECT:
    case NotifyType.REDIRECTED_FROM: {
      if (data.length < 2) return undefined;
      const gatewayType = data[0]!;
      const len = data[1]!;
      if (2 + len > data.length) return undefined;
      const gateway = decodeGateway(gatewayType, data.subarray(2, 2 + len));
      const rest = data.subarray(2 + len);
      return rest.length > 0
        ? { kind: 'redirect', gatewayType, gateway, nonce: copy(rest) }
        : { kind: 'redirect', gatewayType, gateway };
    }
    default:
      return undefined;
  }
}

function withDecoded(base: Omit<NotifyPayload, 'decoded'>): NotifyPayload {
  const decoded = decodeNotifyData(base.notifyType, base.protocolId, base.spi, base.data);
  return decoded === undefined ? base : { ...base, decoded };
}

export const notifyCodec: PayloadCodec<NotifyPayload> = {
  parse(body): Decoded<NotifyPayload> {
    if (body.length < 4) return fail(0, `Notify payload body is ${body.length} octets, needs at least 4`);
    const protocolId = body[0]!;
    const spiSize = body[1]!;
    if (spiSize > body.length - 4) return fail(1, `SPI size ${spiSize} runs past the Notify payload`);
    return ok(
      withDecoded({
        type: PayloadType.N,
        protocolId,
        spi: copy(body, 4, 4 + spiSize),
        notifyType: u16(body, 2),
        data: copy(body, 4 + spiSize),
      }),
    );
  },
  serialize(p) {
    if (p.spi.length > 255) throw new RangeError('SPI longer than 255 octets');
    const out = new Uint8Array(4 + p.spi.length + p.data.length);
    out[0] = p.protocolId;
    out[1] = p.spi.length;
    putU16(out, 2, p.notifyType);
    out.set(p.spi, 4);
    out.set(p.data, 4 + p.spi.length);
    return out;
  },
};

/** Build a Notify as the endpoint sends it; `decoded` is filled in as the parser would. */
export function makeNotify(
  notifyType: number,
  data: Uint8Array = new Uint8Array(0),
  opts: { protocolId?: number; spi?: Uint8Array } = {},
): NotifyPayload {
  return withDecoded({
    type: PayloadType.N,
    protocolId: opts.protocolId ?? 0,
    spi: copy(opts.spi ?? new Uint8Array(0)),
    notifyType,
    data: copy(data),
  });
}
