/**
 * Traffic selectors as a user writes them (`--add-child 192.0.2.128/28`; read by
 * ikev2/selector-text.ts) and as the endpoint uses them: whether a selector covers an address,
 * which picks the CHILD_SA a packet goes through (RFC 4301 §4.4.1: the SPD entry whose
 * selectors match it).
 */
import { isAddressRange, type AddressRangeSelector, type TrafficSelector } from '../ikev2/payloads/ts.js';
import { addressRange, covers, fromAddressRange, readSelector } from '../ikev2/selector-text.js';
import { type Decoded, ok } from '../problem.js';

/** "192.0.2.128/28", "2001:db8::/64", "192.0.2.129" (one host), "192.0.2.1-192.0.2.9", optionally with "[udp/53]". */
export function parseSelector(text: string): Decoded<AddressRangeSelector> {
  const s = readSelector(text, { exact: true });
  return s.ok ? ok(addressRange(s.value)) : s;
}

/** One address as a selector of that host alone (a virtual IP as TSi). */
export function hostSelector(address: string): AddressRangeSelector | undefined {
  const r = parseSelector(address);
  return r.ok ? r.value : undefined;
}

/** Whether an IP packet to `address` (any protocol and port) falls in one of the selectors. */
export function selectorsCover(selectors: readonly TrafficSelector[], address: Uint8Array): boolean {
  return selectors.some((ts) => {
    const range = isAddressRange(ts) ? fromAddressRange(ts) : undefined;
    return range !== undefined && covers(range, address);
  });
}
