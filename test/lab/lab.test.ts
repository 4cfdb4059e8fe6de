// The lab itself: real strongSwan charons in network namespaces (lab/README.md).
// Needs root, strongSwan and /dev/net/tun. Where the lab cannot run, these tests are skipped
// with the reason, except under IKESCOPE_REQUIRE_LAB=1 (CI), where that is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { labDir, startLab, type Lab } from '../../lab/lab.js';
import { labSuite } from '../helpers/lab-suite.js';


function namespacesOf(id: string): string[] {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith(`iks-${id}-`));
}

/** Running, and not a zombie waiting for PID 1 to reap it (kill(pid, 0) succeeds on those). */
function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function pidOf(lab: Lab, file: string): number {
  return Number(readFileSync(join(lab.runDir, file), 'utf8').trim());
}

/** Frames in a classic pcap file (16-byte record headers; caplen at offset 8, little endian). */
function pcapFrames(path: string): number {
  const b = readFileSync(path);
  expect(b.readUInt32LE(0)).toBe(0xa1b2c3d4);
  let n = 0;
  for (let off = 24; off + 16 <= b.length; off += 16 + b.readUInt32LE(off + 8)) n++;
  return n;
}

labSuite('lab', () => {
  const started: Lab[] = [];
  afterAll(async () => {
    await Promise.all(started.map((l) => l.stop()));
  });

  it('brings up an EAP-MSCHAPv2 tunnel, pings through it, deletes it, and tears down to nothing', async () => {
    const lab = await startLab({ gateway: 'eap-mschapv2', client: 'eap-mschapv2', capture: true });
    started.push(lab);
    expect(namespacesOf(lab.id).sort()).toEqual(
      ['cl', 'gw', 'nat', 'ncl', 'sw'].map((n) => `iks-${lab.id}-${n}`),
    );
    const pids = [pidOf(lab, 'gw/charon.pid'), pidOf(lab, 'client/charon.pid'), pidOf(lab, 'tcpdump.pid')];
    expect(pids.every(alive)).toBe(true);

    const init = await lab.initiate();
    expect(init).toMatch(/CHILD_SA lab\{1\} established .* TS 192\.0\.2\.1\/32 === 0\.0\.0\.0\/0/);
    const sas = await lab.swanctl('gateway', ['--list-sas']);
    expect(sas.code).toBe(0);
    expect(sas.stdout).toMatch(/rw-eap: #1, ESTABLISHED, IKEv2/);
    expect(sas.stdout).toMatch(/remote '198\.51\.100\.2' @ 198\.51\.100\.2\[4500\] EAP: 'alice' \[192\.0\.2\.1\]/);

    const ping = await lab.ping('192.0.2.200', 3);
    expect(ping).toMatch(/3 packets transmitted, 3 received, 0% packet loss/);
    // the echo requests went through the tunnel: the gateway's CHILD_SA counted them
    const after = (await lab.swanctl('gateway', ['--list-sas'])).stdout;
    expect(after).toMatch(/in +[0-9a-f]{8}[^\n]*, +252 bytes, +3 packets/);

    await lab.terminate();
    await lab.stopCapture();

    const gwLog = readFileSync(lab.gatewayLog, 'utf8');
    expect(gwLog).toMatch(/IKE_SA rw-eap\[1\] established between 198\.51\.100\.1\[vpn\.example\.net\]\.\.\.198\.51\.100\.2\[198\.51\.100\.2\]/);
    expect(gwLog).toMatch(/CHILD_SA rw-eap\{1\} established/);
    expect(gwLog).toContain('EAP method EAP_MSCHAPV2 succeeded, MSK established');
    expect(gwLog).toMatch(/received DELETE for IKE_SA rw-eap\[1\]/);
    // what a key source needs: IKE SPIs, SK_* and ESP keys
    expect(gwLog).toMatch(/SPIs [0-9a-f]{16}_i [0-9a-f]{16}_r/);
    for (const k of ['Sk_ei secret', 'Sk_er secret', 'Sk_ai secret', 'Sk_ar secret', 'encryption initiator key', 'integrity responder key']) {
      expect(gwLog).toContain(k);
    }
    // IKE_SA_INIT, 5 IKE_AUTH exchanges, 3 echo requests + replies, INFORMATIONAL: >= 18
    expect(pcapFrames(lab.capturePath!)).toBeGreaterThanOrEqual(18);

    await lab.stop();
    expect(namespacesOf(lab.id)).toEqual([]);
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(lab.runDir)).toBe(false);
  });

  it('puts a client behind the NAT: the gateway sees 198.51.100.3 and both detect the NAT', async () => {
    const lab = await startLab({
      gateway: 'eap-mschapv2', client: 'eap-mschapv2', clientNode: 'ncl',
      clientSettings: { 'charon.keep_alive': '1s' }, keepRunDir: true,
    });
    started.push(lab);
    try {
      await lab.initiate();
      await lab.ping('192.0.2.200', 1);
      const clientLog = readFileSync(lab.clientLog!, 'utf8');
      expect(clientLog).toContain('local host is behind NAT, sending keep alives');
      const gwLog = readFileSync(lab.gatewayLog, 'utf8');
      expect(gwLog).toMatch(/IKE_SA rw-eap\[1\] established between 198\.51\.100\.1\[vpn\.example\.net\]\.\.\.198\.51\.100\.3\[203\.0\.113\.2\]/);
      // the NAT namespace really translated: conntrack-free check through its counters
      const nat = await lab.exec('nat', ['iptables', '-t', 'nat', '-L', 'POSTROUTING', '-v', '-n', '-x']);
      expect(nat.stdout).toMatch(/^\s*[1-9]\d*\s+\d+\s+MASQUERADE/m);
    } finally {
      await lab.stop();
    }
    expect(namespacesOf(lab.id)).toEqual([]);
    expect(existsSync(lab.gatewayLog)).toBe(true); // keepRunDir
    rmSync(lab.runDir, { recursive: true, force: true });
  });

  it('runs two labs side by side without a clash', async () => {
    const [a, b] = await Promise.all([
      startLab({ gateway: 'eap-mschapv2', client: 'eap-mschapv2' }),
      startLab({ gateway: 'eap-mschapv2', client: 'eap-mschapv2', clientNode: 'ncl' }),
    ]);
    started.push(a, b);
    expect(a.id).not.toBe(b.id);
    await Promise.all([a.initiate(), b.initiate()]);
    const pings = await Promise.all([a.ping('192.0.2.200', 2), b.ping('192.0.2.200', 2)]);
    for (const p of pings) expect(p).toMatch(/2 received, 0% packet loss/);
    expect(readFileSync(a.gatewayLog, 'utf8')).toMatch(/\.\.\.198\.51\.100\.2\[198\.51\.100\.2\]/);
    expect(readFileSync(b.gatewayLog, 'utf8')).toMatch(/\.\.\.198\.51\.100\.3\[203\.0\.113\.2\]/);
    await a.stop();
    expect(namespacesOf(a.id)).toEqual([]);
    expect(namespacesOf(b.id)).toHaveLength(5); // b untouched by a's teardown
    expect((await b.swanctl('gateway', ['--list-sas'])).stdout).toMatch(/ESTABLISHED/);
    await b.stop();
    expect(namespacesOf(b.id)).toEqual([]);
  });

  it('tears a lab down by itself when its owner process dies (watchdog)', async () => {
    const r = spawnSync('bash', ['-c', `"${join(labDir, 'lab')}" up --owner $$`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const id = r.stdout.trim();
    for (let i = 0; i < 50 && namespacesOf(id).length > 0; i++) await new Promise((res) => setTimeout(res, 100));
    expect(namespacesOf(id)).toEqual([]);
    spawnSync(join(labDir, 'lab'), ['clean']);
  });

  it('cleans up when a start fails half-way (bad client fixture)', async () => {
    const err: Error = await startLab({ gateway: 'eap-mschapv2', client: 'no-such-client' }).then(
      () => { throw new Error('startLab should have failed'); },
      (e: Error) => e,
    );
    const m = /^lab ([0-9a-z]+): client no-such-client failed/.exec(err.message);
    expect(m, err.message).not.toBeNull();
    const id = m![1];
    expect(namespacesOf(id)).toEqual([]);
    expect(existsSync(join(labDir, 'run', id))).toBe(false);
  });

  it('lab/record runs a recipe end to end and leaves nothing running', () => {
    const out = mkdtempSync(join(tmpdir(), 'ikescope-record-'));
    try {
      const r = spawnSync(join(labDir, 'record'), ['eap-mschapv2-ping', '--out', out], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      for (const f of ['eap-mschapv2-ping.pcap', 'eap-mschapv2-ping.gateway.log', 'eap-mschapv2-ping.client.log']) {
        expect(statSync(join(out, f)).size).toBeGreaterThan(0);
      }
      expect(pcapFrames(join(out, 'eap-mschapv2-ping.pcap'))).toBeGreaterThanOrEqual(18);
      const m = /record eap-mschapv2-ping: lab ([0-9a-z]+) down/.exec(r.stderr);
      expect(m, r.stderr).not.toBeNull();
      expect(namespacesOf(m![1])).toEqual([]);
      expect(existsSync(join(labDir, 'run', m![1]))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
