/**
 * Traffic selectors as the model writes them (src/ikev2/payloads/ts.ts formatTrafficSelector:
 * `192.0.2.1/32`, `10.0.0.1-10.0.0.9`, with `[tcp]` or `[udp/53]` or `[17/500-501]`), read back
 * into ranges so they can be compared.
 */
import { parseIp } from '../../../net/address.js';

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

export function parseSelector(text: string): Selector | undefined {
  const m = /^([^[\s]+?)(?:\[([^/\]]+)(?:\/(\d+)(?:-(\d+))?)?\])?$/.exec(text);
  if (!m) return undefined;
  const [, range, proto, p1, p2] = m;
  let start: Uint8Array | undefined;
  let end: Uint8Array | undefined;
  const slash = /^(.+)\/(\d+)$/.exec(range!);
  if (slash) {
    start = parseIp(slash[1]!) ?? undefined;
    if (!start) return undefined;
    const bits = start.length * 8;
    const p = Number(slash[2]);
    const host = BigInt(bits - p);
    const s = (big(start) >> host) << host;
    const e = s | ((1n << host) - 1n);
    return finish(text, start.length === 4 ? 4 : 6, s, e, proto, p1, p2);
  }
  const dash = range!.split('-');
  if (dash.length !== 2) return undefined;
  start = parseIp(dash[0]!) ?? undefined;
  end = parseIp(dash[1]!) ?? undefined;
  if (!start || !end || start.length !== end.length) return undefined;
  return finish(text, start.length === 4 ? 4 : 6, big(start), big(end), proto, p1, p2);
}

function finish(text: string, family: 4 | 6, start: bigint, end: bigint, proto?: string, p1?: string, p2?: string): Selector | undefined {
  const protocol = proto === undefined ? 0 : PROTOCOLS[proto] ?? Number(proto);
  if (Number.isNaN(protocol)) return undefined;
  const startPort = p1 === undefined ? 0 : Number(p1);
  const endPort = p1 === undefined ? 0xffff : Number(p2 ?? p1);
  return { text, family, start, end, protocol, startPort, endPort };
}

/** `inner` lies wholly inside `outer`: addresses, protocol and ports. */
export function within(inner: Selector, outer: Selector): boolean {
  return inner.family === outer.family && inner.start >= outer.start && inner.end <= outer.end
    && (outer.protocol === 0 || inner.protocol === outer.protocol)
    && inner.startPort >= outer.startPort && inner.endPort <= outer.endPort;
}
