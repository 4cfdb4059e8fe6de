/**
 * Traffic selectors as a user writes them (`--add-child 192.0.2.128/28`) and as the endpoint
 * uses them: a subnet, one address, or a range as an address-range selector (RFC 7296
 * §3.13.1, any protocol and port), and whether a selector covers an address, which picks the
 * CHILD_SA a packet goes through (RFC 4301 §4.4.1: the SPD entry whose selectors match it).
 */
import { formatIp, parseIp } from '../net/address.js';
import { isAddressRange, type AddressRangeSelector, type TrafficSelector } from '../ikev2/payloads/ts.js';
import { TsType } from '../ikev2/registry/index.js';
import { fail, ok, type Decoded } from '../problem.js';

/** "192.0.2.128/28", "2001:db8::/64", "192.0.2.129" (one host) or "192.0.2.1-192.0.2.9". */
export function parseSelector(text: string): Decoded<AddressRangeSelector> {
  const dash = text.indexOf('-');
  let start: Uint8Array | undefined;
  let end: Uint8Array | undefined;
  if (dash > 0) {
    start = parseIp(text.slice(0, dash));
    end = parseIp(text.slice(dash + 1));
    if (!start || !end || start.length !== end.length) return fail(0, `'${text}' is not an address range (FROM-TO of one family)`);
    if (compare(start, end) > 0) return fail(0, `'${text}': the range ends before it starts`);
  } else {
    const [addr, bits, extra] = text.split('/');
    const base = parseIp(addr ?? '');
    if (!base || extra !== undefined) return fail(0, `'${text}' is not a subnet (ADDRESS/PREFIX), an address or a range`);
    const width = base.length * 8;
    const prefix = bits === undefined ? width : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!(prefix >= 0 && prefix <= width)) return fail(0, `'${text}': the prefix length must be 0 to ${width}`);
    start = new Uint8Array(base);
    end = new Uint8Array(base);
    for (let i = prefix; i < width; i++) {
      start[i >> 3]! &= ~(0x80 >> (i & 7));
      end[i >> 3]! |= 0x80 >> (i & 7);
    }
    if (compare(start, base) !== 0) return fail(0, `'${text}' has host bits set (did you mean ${formatIp(start)}/${prefix}?)`);
  }
  return ok({
    tsType: start.length === 4 ? TsType.TS_IPV4_ADDR_RANGE : TsType.TS_IPV6_ADDR_RANGE,
    ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: formatIp(start)!, endAddress: formatIp(end)!,
  });
}

/** One address as a selector of that host alone (a virtual IP as TSi). */
export function hostSelector(address: string): AddressRangeSelector | undefined {
  const r = parseSelector(address);
  return r.ok ? r.value : undefined;
}

/** Whether an IP packet to `address` (any protocol and port) falls in one of the selectors. */
export function selectorsCover(selectors: readonly TrafficSelector[], address: Uint8Array): boolean {
  return selectors.some((ts) => {
    if (!isAddressRange(ts)) return false;
    const a = parseIp(ts.startAddress);
    const b = parseIp(ts.endAddress);
    return !!a && !!b && a.length === address.length && compare(a, address) <= 0 && compare(address, b) <= 0;
  });
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
