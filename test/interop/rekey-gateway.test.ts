// Rekeys the gateway initiates (swanctl --rekey), answered by the endpoint: a CHILD_SA rekey
// (strongSwan sends a KE: PFS) and an IKE_SA rekey after which the endpoint is the responder
// of the new IKE_SA (§2.18); the gateway then deletes the old SAs and pings still work.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, waitFor, type ConnectRun } from '../helpers/endpoint.js';

const PSK = join(FIXTURES, 'psk', 'psk.secret');

interopSuite('rekeys initiated by the gateway', () => {
  let lab: Lab;
  let run: ConnectRun;
  let childRekey: string;
  let ikeRekey: string;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk' });
    // --rekey-child-after makes the endpoint ping again at the end, through the newest CHILD_SA.
    const session = connect(lab, ['--psk-file', PSK, '--id', 'client.example.net', '--ping', '192.0.2.200', '--count', '1', '--hold', '3', '--rekey-child-after', '2.5']);
    await waitFor(() => /CHILD_SA rw-psk\{1\} established/.test(gatewayLogText(lab)), 10_000, 'the first CHILD_SA');
    childRekey = (await lab.swanctl('gateway', ['--rekey', '--child', 'rw-psk'])).stdout;
    ikeRekey = (await lab.swanctl('gateway', ['--rekey', '--ike', 'rw-psk'])).stdout;
    run = await session;
  });
  afterAll(async () => { await lab?.stop(); });

  it('both rekeys complete on the gateway, and the session goes on to its end', () => {
    expect(childRekey).toContain('rekey completed successfully');
    expect(ikeRekey).toContain('rekey completed successfully');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/< CREATE_CHILD_SA request 0 \[ N\(REKEY_SA\) SA Ni KE TSi TSr \]/);
    expect(run.stdout).toMatch(/> CREATE_CHILD_SA response 0 \[ SA Nr KE TSi TSr \]/);
    expect(run.stdout).toMatch(/established by the gateway's rekey/);
    expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 2 of 2 answered/);
  });

  it('the gateway logs our SPIs for the CHILD_SA it rekeyed, and the new IKE_SA', () => {
    const log = gatewayLogText(lab);
    const second = run.childSpis[1]!;
    expect(log).toMatch(new RegExp(`CHILD_SA rw-psk\\{2\\} established with SPIs ${second.out}_i ${second.in}_o`));
    expect(log).toMatch(/IKE_SA rw-psk\[2\] rekeyed between/);
    expect(log).toMatch(/CHILD_SA closed|closing CHILD_SA rw-psk\{1\}/);
  });

  it('our key log matches the gateway\'s keys, and analyze and tshark decrypt everything', async () => {
    await expectKeysAgree(lab.gatewayLog, run.keylog);
    const r = analyzeRun(run);
    expectAllDecrypted(r);
    expect(r.ikeSas.map((s) => s.state)).toEqual(['rekeyed', 'deleted']);
    expectTsharkDecrypted(tsharkRun(run));
  });
});
