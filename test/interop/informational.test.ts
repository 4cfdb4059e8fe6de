// INFORMATIONAL exchanges both ways: our liveness check (--dpd), the gateway's DELETE of the
// IKE_SA (swanctl --terminate) ending the session with a one-line reason, and an orderly
// DELETE when the endpoint is interrupted (SIGINT) during --hold.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, FIXTURES, gatewayLogText, interopSuite, MAIN, waitFor, type ConnectRun } from '../helpers/endpoint.js';

const PSK = join(FIXTURES, 'psk', 'psk.secret');
const BASE = ['--psk-file', PSK, '--id', 'client.example.net'];

interopSuite('INFORMATIONAL: DPD, DELETE both ways, SIGINT', () => {
  let lab: Lab;
  let dpd: ConnectRun;
  let deleted: ConnectRun;
  let terminate: string;
  let sigint: { code: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk' });
    dpd = await connect(lab, [...BASE, '--hold', '2.5', '--dpd', '1']);
    const session = connect(lab, [...BASE, '--hold', '20']);
    await waitFor(() => (gatewayLogText(lab).match(/CHILD_SA rw-psk\{\d+\} established/g) ?? []).length >= 2, 10_000, 'the second session');
    terminate = (await lab.swanctl('gateway', ['--terminate', '--ike', 'rw-psk', '--timeout', '5'])).stdout;
    deleted = await session;
    // Interrupted: the endpoint runs under ip netns exec, and SIGINT reaches it there.
    const out = mkdtempSync(join(tmpdir(), 'ikescope-sigint-'));
    const child = spawn('ip', ['netns', 'exec', lab.namespaces.cl, 'node', MAIN, 'connect', '198.51.100.1', ...BASE, '--hold', '30', '--pcap', join(out, 's.pcap')]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += String(d); });
    child.stderr.on('data', (d) => { stderr += String(d); });
    await waitFor(() => stdout.includes('CHILD_SA') && stdout.includes('established'), 10_000, 'the third session');
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    sigint = { code, stdout, stderr };
  });
  afterAll(async () => { await lab?.stop(); });

  it('our liveness checks: empty INFORMATIONAL requests the gateway answers', () => {
    expect(dpd.code).toBe(0);
    expect(dpd.stdout).toMatch(/> INFORMATIONAL request 2 \[ {2}\]\n.*< INFORMATIONAL response 2 \[ {2}\]/);
    expect(gatewayLogText(lab)).toMatch(/parsed INFORMATIONAL request 2 \[ \]/);
    expectAllDecrypted(analyzeRun(dpd));
  });

  it('the gateway deletes the IKE_SA: we answer, and exit 1 saying so', () => {
    expect(terminate).toMatch(/terminate completed successfully/);
    expect(deleted.stdout).toMatch(/< INFORMATIONAL request 0 \[ D \]\n.*> INFORMATIONAL response 0 \[ {2}\]/);
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toBe('ikescope: connect: the gateway deleted the IKE_SA\n');
    expect(deleted.stdout).not.toMatch(/> INFORMATIONAL request \d+ \[ D \]/);
  });

  it('SIGINT during --hold: DELETE of the IKE_SA, answered, exit 0', () => {
    expect(sigint.stdout).toContain('interrupted: disconnecting');
    expect(sigint.stdout).toMatch(/> INFORMATIONAL request 2 \[ D \]\n.*< INFORMATIONAL response 2 \[ {2}\]/);
    expect(sigint.stderr).toBe('');
    expect(sigint.code).toBe(0);
    expect(gatewayLogText(lab)).toMatch(/received DELETE for IKE_SA rw-psk\[3\]/);
  });
});
