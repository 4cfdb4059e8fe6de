// The selectors `connect --add-child` and createChild take (RFC 7296 §3.13.1 address ranges),
// printed back the way strongSwan prints them (formatTrafficSelector, which the interop tests
// compare with the gateway's log), and the choice of a CHILD_SA by the address a packet goes to.
import { describe, expect, it } from 'vitest';
import { formatTrafficSelector } from '../../src/ikev2/payloads/ts.js';
import { parseIp } from '../../src/net/address.js';
import { parseSelector, selectorsCover } from '../../src/endpoint/traffic-selectors.js';

const parsed = (text: string) => {
  const r = parseSelector(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('traffic selectors from the command line', () => {
  it('subnets, hosts and ranges become address ranges of any protocol and port', () => {
    expect(parsed('192.0.2.128/28')).toEqual({ tsType: 7, ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: '192.0.2.128', endAddress: '192.0.2.143' });
    expect(parsed('0.0.0.0/0')).toMatchObject({ startAddress: '0.0.0.0', endAddress: '255.255.255.255' });
    expect(parsed('2001:db8::/64')).toMatchObject({ tsType: 8, startAddress: '2001:db8::', endAddress: '2001:db8::ffff:ffff:ffff:ffff' });
    for (const t of ['192.0.2.128/28', '10.2.0.0/24', '192.0.2.129/32', '2001:db8:8000::/48', '::/0']) expect(formatTrafficSelector(parsed(t))).toBe(t);
    expect(formatTrafficSelector(parsed('192.0.2.129'))).toBe('192.0.2.129/32');
    expect(formatTrafficSelector(parsed('192.0.2.1-192.0.2.9'))).toBe('192.0.2.1-192.0.2.9');
    // A protocol and ports as formatTrafficSelector writes them, read back to the same entry.
    expect(parsed('10.0.0.0/24[udp/53]')).toMatchObject({ ipProtocol: 17, startPort: 53, endPort: 53 });
    expect(parsed('10.0.0.0/24[17/500-501]')).toMatchObject({ ipProtocol: 17, startPort: 500, endPort: 501 });
    for (const t of ['10.0.0.0/24[tcp]', '10.0.0.0/24[udp/53]', '10.0.0.0/24[udp/500-501]']) expect(formatTrafficSelector(parsed(t))).toBe(t);
  });

  it('refuses what is no selector, with the reason', () => {
    expect(parseSelector('lan')).toMatchObject({ ok: false, reason: "'lan' is not a subnet (ADDRESS/PREFIX), an address or a range" });
    expect(parseSelector('10.2.0.0/33')).toMatchObject({ ok: false, reason: "'10.2.0.0/33': the prefix length must be 0 to 32" });
    expect(parseSelector('10.2.0.1/24')).toMatchObject({ ok: false, reason: "'10.2.0.1/24' has host bits set (did you mean 10.2.0.0/24?)" });
    expect(parseSelector('10.0.0.9-10.0.0.1')).toMatchObject({ ok: false });
    expect(parseSelector('10.0.0.1-2001:db8::1')).toMatchObject({ ok: false });
    expect(parseSelector('10.0.0.0/24/1')).toMatchObject({ ok: false });
    expect(parseSelector('10.0.0.0/24[gre-ish]')).toMatchObject({ ok: false, reason: "'10.0.0.0/24[gre-ish]': unknown protocol 'gre-ish'" });
    expect(parseSelector('10.0.0.0/24[udp/70000]')).toMatchObject({ ok: false });
  });

  it('a selector covers the addresses of its range, of its family only', () => {
    const b = [parsed('192.0.2.128/28')];
    expect(selectorsCover(b, parseIp('192.0.2.129')!)).toBe(true);
    expect(selectorsCover(b, parseIp('192.0.2.143')!)).toBe(true);
    expect(selectorsCover(b, parseIp('192.0.2.144')!)).toBe(false);
    expect(selectorsCover(b, parseIp('192.0.2.200')!)).toBe(false);
    expect(selectorsCover([parsed('0.0.0.0/0')], parseIp('2001:db8::1')!)).toBe(false);
    expect(selectorsCover([parsed('::/0'), parsed('192.0.2.200')], parseIp('192.0.2.200')!)).toBe(true);
  });
});
