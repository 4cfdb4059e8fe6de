// IKEv2 fragmentation (RFC 7383) both ways: the gateway fragments what it sends
// (charon.fragment_size 400) and we fragment ours (--fragment-size 300); each side reassembles.
// An IKE_SA rekey request from the gateway carries all its proposals, so it is fragmented too.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, waitFor, type ConnectRun } from '../helpers/endpoint.js';

const PSK = join(FIXTURES, 'psk', 'psk.secret');

interopSuite('IKEv2 fragmentation', () => {
  let lab: Lab;
  let run: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk', gatewaySettings: { 'charon.fragment_size': '400' } });
    const session = connect(lab, ['--psk-file', PSK, '--id', 'client.example.net', '--remote-id', 'vpn.example.net', '--fragment-size', '300', '--ping', '192.0.2.200', '--count', '1', '--hold', '1.5', '--rekey-ike-after', '1']);
    await waitFor(() => /CHILD_SA rw-psk\{1\} established/.test(gatewayLogText(lab)), 10_000, 'the CHILD_SA');
    await lab.swanctl('gateway', ['--rekey', '--ike', 'rw-psk']);
    run = await session;
  });
  afterAll(async () => { await lab?.stop(); });

  it('our IKE_AUTH request goes in fragments the gateway reassembles; its fragments reach us whole', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/> IKE_AUTH request 1 \[ IDi N\(INITIAL_CONTACT\) IDr AUTH CP SA TSi TSr N\(MOBIKE_SUPPORTED\)[^\]]* \] in [2-9] fragments/);
    expect(run.stdout).toMatch(/reassembled \d+ IKEv2 fragments of CREATE_CHILD_SA request/);
    const log = gatewayLogText(lab);
    expect(log).toMatch(/received fragment #1 of [2-9], waiting for complete IKE message/);
    expect(log).toMatch(/received fragment #[2-9] of [2-9], reassembled fragmented IKE message/);
    expect(log).toMatch(/IKE_SA rw-psk\[1\] established/);
  });

  it('keys agree with the gateway; analyze and tshark reassemble and decrypt every fragment', async () => {
    await expectKeysAgree(lab.gatewayLog, run.keylog);
    const r = analyzeRun(run);
    expectAllDecrypted(r);
    expect(r.ikeSas[0]!.messages.some((m) => m.payloads.includes('SKF') && !m.response)).toBe(true);
    expectTsharkDecrypted(tsharkRun(run));
  });
});
