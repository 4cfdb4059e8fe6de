// Liveness both ways, from the gateway's side and the NAT's: the dpd-2s gateway's liveness
// checks (empty INFORMATIONAL requests after 2 s of silence) answered by the endpoint, and NAT-T
// keepalives (RFC 3948 §4: one octet 0xFF on port 4500) sent from behind the lab's NAT.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';

interopSuite('liveness: gateway DPD and NAT-T keepalives', () => {
  let dpdLab: Lab;
  let natLab: Lab;
  let dpd: ConnectRun;
  let nat: ConnectRun;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-live-'));
    writeFileSync(join(dir, 'pw'), 'alice-lab-password\n');
    [dpdLab, natLab] = await Promise.all([startLab({ gateway: 'dpd-2s' }), startLab({ gateway: 'psk' })]);
    [dpd, nat] = await Promise.all([
      connect(dpdLab, ['--user', 'alice', '--password-file', join(dir, 'pw'), '--ca', join(FIXTURES, 'eap-mschapv2', 'x509ca', 'root-ca.pem'), '--hold', '3.5']),
      connect(natLab, ['--psk-file', join(FIXTURES, 'psk', 'psk.secret'), '--id', 'client.example.net', '--hold', '1.7', '--keepalive', '0.5'], { node: 'ncl' }),
    ]);
  });
  afterAll(async () => { await Promise.all([dpdLab?.stop(), natLab?.stop()]); });

  it('answers the gateway\'s liveness check with an empty response, and the IKE_SA lives on', () => {
    expect(dpd.stderr).toBe('');
    expect(dpd.code).toBe(0);
    expect(dpd.stdout).toMatch(/< INFORMATIONAL request 0 \[ {2}\]\n.*liveness check \(DPD\) from the gateway\n.*> INFORMATIONAL response 0 \[ {2}\]/);
    const log = gatewayLogText(dpdLab);
    expect(log).toMatch(/generating INFORMATIONAL request 0 \[ \]/);
    expect(log).toMatch(/parsed INFORMATIONAL response 0 \[ \]/);
    expectAllDecrypted(analyzeRun(dpd));
  });

  it('behind the NAT: keepalives every 0.5 s on port 4500, in our capture as tshark sees them', () => {
    expect(nat.code).toBe(0);
    expect(nat.stdout).toContain('NAT: we are behind a NAT');
    const sent = nat.stdout.split('\n').filter((l) => l.includes('NAT-T keepalive')).length;
    expect(sent).toBeGreaterThanOrEqual(2);
    const frames = tsharkRun(nat).filter((f) => f.keepalive);
    expect(frames).toHaveLength(sent);
    for (const f of frames) expect(f).toEqual(expect.objectContaining({ src: '203.0.113.2', dst: '198.51.100.1', dport: 4500 }));
    expect(gatewayLogText(natLab)).toMatch(/IKE_SA rw-psk\[1\] established between 198\.51\.100\.1\[vpn\.example\.net\]\.\.\.198\.51\.100\.3\[client\.example\.net\]/);
  });
});
