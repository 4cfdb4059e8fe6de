// IKE and ESP over IPv6 (the lab's opt-in IPv6 outside network, 2001:db8:1::/64): IPv4 and
// IPv6 inside the tunnel (virtual IPs 192.0.2.1 and 2001:db8::1 from the gateway's pools).
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';

const PSK = join(FIXTURES, 'psk', 'psk.secret');
const BASE = ['--psk-file', PSK, '--id', 'client.example.net'];

interopSuite('IPv6 transport', () => {
  let lab: Lab;
  let v4inside: ConnectRun;
  let v6inside: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk', ipv6: true });
    v4inside = await connect(lab, [...BASE, '--ping', '192.0.2.200', '--count', '2'], { gateway: '2001:db8:1::1' });
    v6inside = await connect(lab, [...BASE, '--ping', '2001:db8:8000::53:1', '--count', '2'], { gateway: '2001:db8:1::1' });
  });
  afterAll(async () => { await lab?.stop(); });

  it('establishes over IPv6 and pings 192.0.2.200 and 2001:db8:8000::53:1 through ESP', () => {
    for (const r of [v4inside, v6inside]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect(v4inside.stdout).toMatch(/ping {6}192\.0\.2\.200: 2 of 2 answered/);
    expect(v6inside.stdout).toMatch(/virtual {3}192\.0\.2\.\d+, 2001:db8::\d+/);
    expect(v6inside.stdout).toMatch(/ping {6}2001:db8:8000::53:1: 2 of 2 answered/);
    expect(gatewayLogText(lab)).toMatch(/IKE_SA rw-psk\[1\] established between 2001:db8:1::1\[vpn\.example\.net\]\.\.\.2001:db8:1::2\[client\.example\.net\]/);
  });

  it('keys agree with the gateway; analyze and tshark decrypt our IPv6 captures', async () => {
    for (const r of [v4inside, v6inside]) {
      await expectKeysAgree(lab.gatewayLog, r.keylog);
      expectAllDecrypted(analyzeRun(r));
      const frames = tsharkRun(r);
      expectTsharkDecrypted(frames);
      expect(frames[0]).toEqual(expect.objectContaining({ src: '2001:db8:1::2', dst: '2001:db8:1::1', sport: 500, dport: 500 }));
    }
    const inner = tsharkRun(v6inside).filter((f) => f.esp).map((f) => f.esp!.inner!);
    expect(inner.map((i) => i.icmpType)).toEqual([128, 129, 128, 129]);
  });
});
