/**
 * Traffic selectors as text, read back into ranges so they can be compared: what the model
 * writes (payloads/ts.ts formatTrafficSelector: `192.0.2.0/24`, `10.0.0.1-10.0.0.9`, with
 * `[tcp]`, `[udp/53]` or `[17/500-501]`) and what a user types (`--add-child 192.0.2.128/28`,
 * also one address for its host). RFC 7296 §3.13.1: a selector is an address range, an IP
 * protocol (0: any) and a port range.
 */
import { formatIp, parseIp } from '../net/address.js';
import { fail, ok, type Decoded } from '../problem.js';
import { TsType } from './registry/index.js';
import type { AddressRangeSelector } from './payloads/ts.js';

export interface Selector {
  readonly text: string;
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
  /** 0: any protocol. */
  readonly protocol: number;
  readonly startPort: number;
  readonly endPort: number;
}

const PROTOCOLS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, 'ipv6-icmp': 58 };

function big(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function bytes(v: bigint, family: 4 | 6): Uint8Array {
  const out = new Uint8Array(family === 4 ? 4 : 16);
  for (let i = out.length - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/**
 * A selector from its text. `exact`: a subnet must be written with its host bits clear (a user
 * typing 10.2.0.1/24 likely meant something); otherwise they are masked, as peers do.
 */
export function readSelector(text: string, o: { exact?: boolean } = {}): Decoded<Selector> {
  const m = /^([^[\s]+?)(?:\[([^/\]]+)(?:\/(\d+)(?:-(\d+))?)?\])?$/.exec(text);
  const range = m?.[1] ?? '';
  const dash = range.indexOf('-');
  let family: 4 | 6;
  let start: bigint;
  let end: bigint;
  if (dash > 0) {
    const a = parseIp(range.slice(0, dash));
    const b = parseIp(range.slice(dash + 1));
    if (!a || !b || a.length !== b.length) return fail(0, `'${text}' is not an address range (FROM-TO of one family)`);
    family = a.length === 4 ? 4 : 6;
    [start, end] = [big(a), big(b)];
    if (start > end) return fail(0, `'${text}': the range ends before it starts`);
  } else {
    const [addr, bits, extra] = range.split('/');
    const base = parseIp(addr ?? '');
    if (!m || !base || extra !== undefined) return fail(0, `'${text}' is not a subnet (ADDRESS/PREFIX), an address or a range`);
    family = base.length === 4 ? 4 : 6;
    const width = base.length * 8;
    const prefix = bits === undefined ? width : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!(prefix >= 0 && prefix <= width)) return fail(0, `'${text}': the prefix length must be 0 to ${width}`);
    const host = BigInt(width - prefix);
    start = (big(base) >> host) << host;
    end = start | ((1n << host) - 1n);
    if (o.exact && start !== big(base)) return fail(0, `'${text}' has host bits set (did you mean ${formatIp(bytes(start, family))}/${prefix}?)`);
  }
  const [, , proto, p1, p2] = m!;
  const protocol = proto === undefined ? 0 : PROTOCOLS[proto] ?? Number(proto);
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) return fail(0, `'${text}': unknown protocol '${proto}'`);
  const startPort = p1 === undefined ? 0 : Number(p1);
  const endPort = p1 === undefined ? 0xffff : Number(p2 ?? p1);
  if (startPort > endPort || endPort > 0xffff) return fail(0, `'${text}': ports must be 0 to 65535, the first not above the last`);
  return ok({ text, family, start, end, protocol, startPort, endPort });
}

/** `inner` lies wholly inside `outer`: addresses, protocol and ports. */
export function within(inner: Selector, outer: Selector): boolean {
  return inner.family === outer.family && inner.start >= outer.start && inner.end <= outer.end
    && (outer.protocol === 0 || inner.protocol === outer.protocol)
    && inner.startPort >= outer.startPort && inner.endPort <= outer.endPort;
}

/** Whether `address` (any protocol and port) falls in the selector's address range. */
export function covers(s: Selector, address: Uint8Array): boolean {
  const v = big(address);
  return (address.length === 4 ? 4 : 6) === s.family && v >= s.start && v <= s.end;
}

/** A TS payload's address-range entry as a range (undefined if its addresses do not parse). */
export function fromAddressRange(ts: AddressRangeSelector): Selector | undefined {
  const a = parseIp(ts.startAddress);
  const b = parseIp(ts.endAddress);
  if (!a || !b || a.length !== b.length) return undefined;
  return { text: `${ts.startAddress}-${ts.endAddress}`, family: a.length === 4 ? 4 : 6, start: big(a), end: big(b), protocol: ts.ipProtocol, startPort: ts.startPort, endPort: ts.endPort };
}

/** The selector as a TS payload's entry (§3.13.1). */
export function addressRange(s: Selector): AddressRangeSelector {
  return {
    tsType: s.family === 4 ? TsType.TS_IPV4_ADDR_RANGE : TsType.TS_IPV6_ADDR_RANGE,
    ipProtocol: s.protocol, startPort: s.startPort, endPort: s.endPort,
    startAddress: formatIp(bytes(s.start, s.family))!, endAddress: formatIp(bytes(s.end, s.family))!,
  };
}
