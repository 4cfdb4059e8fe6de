// MOBIKE (RFC 4555): the endpoint moves its IKE_SA to a second address of the client
// namespace (198.51.100.4, added for the test) with UPDATE_SA_ADDRESSES; the gateway follows
// (its log: "remote endpoint changed"), echoes COOKIE2, and (kernel-libipsec cannot move an
// installed ESP SA) rekeys the CHILD_SA to the new address; pings from the new address work.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';

const PSK = join(FIXTURES, 'psk', 'psk.secret');

interopSuite('MOBIKE address move', () => {
  let lab: Lab;
  let run: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk' });
    const add = await lab.exec('cl', ['ip', 'addr', 'add', '198.51.100.4/24', 'dev', 'ext0']);
    if (add.code !== 0) throw new Error(`ip addr add: ${add.stderr}`);
    run = await connect(lab, ['--psk-file', PSK, '--id', 'client.example.net', '--ping', '192.0.2.200', '--count', '2', '--hold', '2.5', '--move-to', '198.51.100.4', '--move-after', '1']);
  });
  afterAll(async () => { await lab?.stop(); });

  it('sends UPDATE_SA_ADDRESSES from the new address, gets COOKIE2 back, and pings through the tunnel afterwards', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/> INFORMATIONAL request 2 \[ N\(UPDATE_SA_ADDRESSES\) N\(NAT_DETECTION_SOURCE_IP\) N\(NAT_DETECTION_DESTINATION_IP\) N\(COOKIE2\) N\(NO_ADDITIONAL_ADDRESSES\) \]/);
    expect(run.stdout).toMatch(/< INFORMATIONAL response 2 \[[^\]]*N\(COOKIE2\)[^\]]*\]/);
    expect(run.stdout).toContain('moved     198.51.100.2 -> 198.51.100.4 (MOBIKE)');
    expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 4 of 4 answered/);
  });

  it('the gateway follows the move and deletes the IKE_SA at the new address at the end', () => {
    const log = gatewayLogText(lab);
    expect(log).toContain('remote endpoint changed from 198.51.100.2[4500] to 198.51.100.4[4500]');
    expect(log).toMatch(/deleting IKE_SA rw-psk\[1\] between 198\.51\.100\.1\[vpn\.example\.net\]\.\.\.198\.51\.100\.4\[client\.example\.net\]/);
  });

  it('analyze sees the address move and the MOBIKE update in our capture, all decrypted; tshark too', async () => {
    await expectKeysAgree(lab.gatewayLog, run.keylog);
    const r = analyzeRun(run) as unknown as Parameters<typeof expectAllDecrypted>[0] & { ikeSas: Array<{ events: Array<{ kind: string; detail: string }> }> };
    expectAllDecrypted(r);
    const kinds = r.ikeSas[0]!.events.map((e) => e.kind);
    expect(kinds).toContain('mobike-update');
    expect(r.ikeSas[0]!.events.find((e) => e.kind === 'address-move')!.detail).toContain('198.51.100.2:4500 → 198.51.100.4:4500');
    expectTsharkDecrypted(tsharkRun(run));
  });
});
