import { describe, expect, it } from 'vitest';
import { findings, reportOf } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { ipv6Route } from '../../../src/lint/rules/windows/ipv6-route.js';

describe('windows/ipv6-route', () => {
  it('seed 002 gateway assigns 2001:db8::1 to a Windows client', async () => {
    const f = findings(ipv6Route, await lab('production-windows', 'windows-10'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [16]]]);
    expect(f[0]!.fix).toContain('Add-VpnConnectionRoute');
  });
  it('IPv4 only, or no keys, says nothing', async () => {
    expect(findings(ipv6Route, await lab('eap-mschapv2-ping', 'windows-10'))).toEqual([]);
    expect(findings(ipv6Route, await reportOf('captures/production-windows.pcap', [], 'windows-10'))).toEqual([]);
  });
});
