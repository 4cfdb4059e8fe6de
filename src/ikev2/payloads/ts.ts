/**
 * Traffic Selector payloads TSi and TSr, RFC 7296 §3.13:
 *   | Number of TSs | RESERVED (3) | <Traffic Selectors> |
 * and each selector, §3.13.1:
 *   | TS Type | IP Protocol ID | Selector Length (2) | Start Port (2) | End Port (2) |
 *   | Starting Address | Ending Address |
 * Address ranges (types 7, 8) are decoded; other selector types (FC, security label, private)
 * are kept as bytes so they survive a round trip.
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { concat, copy, putU16, u16 } from '../bytes.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../net/address.js';
import { PayloadType } from '../registry/payload-types.js';
import { TsType } from '../registry/ts-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface AddressRangeSelector {
  readonly tsType: typeof TsType.TS_IPV4_ADDR_RANGE | typeof TsType.TS_IPV6_ADDR_RANGE;
  /** IP protocol number; 0 means any. */
  readonly ipProtocol: number;
  readonly startPort: number;
  readonly endPort: number;
  /** Dotted quad or RFC 5952 text. */
  readonly startAddress: string;
  readonly endAddress: string;
}

export interface OtherSelector {
  readonly tsType: number;
  /** The octet after TS Type (IP Protocol ID for ranges, Reserved for TS_SECLABEL). */
  readonly byte1: number;
  /** Everything after the 4-octet selector header. */
  readonly data: Uint8Array;
}

export type TrafficSelector = AddressRangeSelector | OtherSelector;

export interface TsPayload extends PayloadCommon {
  readonly type: typeof PayloadType.TSi | typeof PayloadType.TSr;
  readonly selectors: readonly TrafficSelector[];
}

export function isAddressRange(ts: TrafficSelector): ts is AddressRangeSelector {
  return 'startAddress' in ts;
}

/** §3.13.1: 16 octets for TS_IPV4_ADDR_RANGE, 40 for TS_IPV6_ADDR_RANGE. */
const RANGE_LENGTH: Partial<Record<number, number>> = {
  [TsType.TS_IPV4_ADDR_RANGE]: 16,
  [TsType.TS_IPV6_ADDR_RANGE]: 40,
};

function parseSelector(body: Uint8Array, at: number): Decoded<{ ts: TrafficSelector; next: number }> {
  if (body.length - at < 4) return fail(at, `traffic selector truncated: ${body.length - at} of 4 octets`);
  const tsType = body[at]!;
  const length = u16(body, at + 2);
  if (length < 4) return fail(at + 2, `selector length ${length} is below 4`);
  if (length > body.length - at) return fail(at + 2, `selector length ${length} runs past the TS payload`);
  const want = RANGE_LENGTH[tsType];
  if (want === undefined) {
    return ok({ ts: { tsType, byte1: body[at + 1]!, data: copy(body, at + 4, at + length) }, next: at + length });
  }
  if (length !== want) return fail(at + 2, `selector length ${length} for TS type ${tsType}, want ${want}`);
  const v6 = tsType === TsType.TS_IPV6_ADDR_RANGE;
  const fmt = v6 ? formatIPv6 : formatIPv4;
  const addrLen = v6 ? 16 : 4;
  return ok({
    ts: {
      tsType: v6 ? TsType.TS_IPV6_ADDR_RANGE : TsType.TS_IPV4_ADDR_RANGE,
      ipProtocol: body[at + 1]!,
      startPort: u16(body, at + 4),
      endPort: u16(body, at + 6),
      startAddress: fmt(body, at + 8),
      endAddress: fmt(body, at + 8 + addrLen),
    },
    next: at + length,
  });
}

function serializeSelector(ts: TrafficSelector): Uint8Array {
  if (!isAddressRange(ts)) {
    const out = new Uint8Array(4 + ts.data.length);
    out[0] = ts.tsType;
    out[1] = ts.byte1;
    putU16(out, 2, out.length);
    out.set(ts.data, 4);
    return out;
  }
  const v6 = ts.tsType === TsType.TS_IPV6_ADDR_RANGE;
  const parse = v6 ? parseIPv6 : parseIPv4;
  const start = parse(ts.startAddress);
  const end = parse(ts.endAddress);
  if (!start || !end) throw new RangeError(`bad address in traffic selector ${ts.startAddress}-${ts.endAddress}`);
  const out = new Uint8Array(8 + 2 * start.length);
  out[0] = ts.tsType;
  out[1] = ts.ipProtocol;
  putU16(out, 2, out.length);
  putU16(out, 4, ts.startPort);
  putU16(out, 6, ts.endPort);
  out.set(start, 8);
  out.set(end, 8 + start.length);
  return out;
}

export const tsCodec: PayloadCodec<TsPayload> = {
  parse(body, ctx) {
    if (body.length < 4) return fail(0, `TS payload body is ${body.length} octets, needs at least 4`);
    const count = body[0]!;
    const selectors: TrafficSelector[] = [];
    let at = 4;
    while (at < body.length) {
      const r = parseSelector(body, at);
      if (!r.ok) return r;
      selectors.push(r.value.ts);
      at = r.value.next;
    }
    // §3.3 asks for lengths and counts to agree in SA; the same check keeps TS honest.
    if (selectors.length !== count) return fail(0, `TS payload says ${count} selectors but holds ${selectors.length}`);
    const type = ctx.type === PayloadType.TSr ? PayloadType.TSr : PayloadType.TSi;
    return ok({ type, selectors });
  },
  serialize(p) {
    if (p.selectors.length > 255) throw new RangeError('a TS payload holds at most 255 selectors');
    const head = new Uint8Array(4);
    head[0] = p.selectors.length;
    return concat([head, ...p.selectors.map(serializeSelector)]);
  },
};

function addressBytes(s: string): Uint8Array | undefined {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

/**
 * The address range as CIDR when it is exactly one prefix ("192.0.2.1/32", "0.0.0.0/0"),
 * otherwise "start-end". Ports and protocol are not part of it; see formatTrafficSelector.
 */
export function addressRangeLabel(startAddress: string, endAddress: string): string {
  const a = addressBytes(startAddress);
  const b = addressBytes(endAddress);
  if (!a || !b || a.length !== b.length) return `${startAddress}-${endAddress}`;
  // A prefix of length p: the first p bits agree, then start is all zeros and end all ones.
  let p = 0;
  const bits = a.length * 8;
  while (p < bits) {
    const bit = 7 - (p % 8);
    if (((a[p >> 3]! >> bit) & 1) !== ((b[p >> 3]! >> bit) & 1)) break;
    p++;
  }
  for (let i = p; i < bits; i++) {
    const bit = 7 - (i % 8);
    if (((a[i >> 3]! >> bit) & 1) !== 0 || ((b[i >> 3]! >> bit) & 1) !== 1) return `${startAddress}-${endAddress}`;
  }
  return `${startAddress}/${p}`;
}

const PROTOCOL_NAMES: Partial<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp' };

/**
 * A selector as strongSwan prints it: the address part (CIDR or range) and, when narrower
 * than "any protocol, any port", a suffix such as "[tcp/443]" or "[udp/1024-65535]".
 */
export function formatTrafficSelector(ts: TrafficSelector): string {
  if (!isAddressRange(ts)) return `TS(${ts.tsType})`;
  const addr = addressRangeLabel(ts.startAddress, ts.endAddress);
  const anyPort = ts.startPort === 0 && ts.endPort === 0xffff;
  if (ts.ipProtocol === 0 && anyPort) return addr;
  const proto = PROTOCOL_NAMES[ts.ipProtocol] ?? String(ts.ipProtocol);
  if (anyPort) return `${addr}[${proto}]`;
  const port = ts.startPort === ts.endPort ? `${ts.startPort}` : `${ts.startPort}-${ts.endPort}`;
  return `${addr}[${proto}/${port}]`;
}
