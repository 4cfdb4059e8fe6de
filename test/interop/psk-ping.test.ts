// The endpoint against a strongSwan gateway with PSK authentication (fixtures/gateways/psk):
// IKE_SA + CHILD_SA with a virtual IP, pings through userspace ESP, an orderly DELETE; and a
// wrong key refused. Oracles: the gateway's charon log (its SAs and its copy of every key),
// ikescope analyze and tshark on the endpoint's own capture with the endpoint's own key log.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const PSK = join(FIXTURES, 'psk', 'psk.secret');

interopSuite('connect with PSK', () => {
  let lab: Lab;
  let run: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk' });
    run = await connect(lab, ['--psk-file', PSK, '--id', 'client.example.net', '--remote-id', 'vpn.example.net', '--ping', '192.0.2.200', '--count', '3']);
  });
  afterAll(async () => { await lab?.stop(); });

  it('establishes, gets a virtual IP, and its pings through ESP are answered', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/virtual {3}192\.0\.2\.1 {2}DNS 192\.0\.2\.200/);
    expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 3 of 3 answered/);
    // each exchange printed as it happened
    for (const line of [/> IKE_SA_INIT request 0 \[ SA KE Ni/, /< IKE_SA_INIT response 0 \[ SA KE Nr/, /> IKE_AUTH request 1 \[ IDi/, /< IKE_AUTH response 1 \[ IDr AUTH CP SA TSi TSr \]/, /> INFORMATIONAL request 2 \[ D \]/]) {
      expect(run.stdout).toMatch(line);
    }
  });

  it('the gateway logs the same IKE_SA and CHILD_SA, its ESP counters saw our pings, and it received our DELETE', () => {
    const log = gatewayLogText(lab);
    const { ispi, rspi } = run.ikeSpis!;
    expect(log).toMatch(new RegExp(`SPIs ${ispi}_i ${rspi}_r`));
    expect(log).toMatch(/IKE_SA rw-psk\[1\] established between 198\.51\.100\.1\[vpn\.example\.net\]\.\.\.198\.51\.100\.2\[client\.example\.net\]/);
    const child = run.childSpis[0]!;
    // the gateway's inbound SPI is our outbound one
    expect(log).toMatch(new RegExp(`CHILD_SA rw-psk\\{1\\} established with SPIs ${child.out}_i ${child.in}_o and TS 0\\.0\\.0\\.0/0 === 192\\.0\\.2\\.1/32`));
    expect(log).toContain('remote host is behind NAT'); // the faked NAT-D hash: ESP in UDP
    expect(log).toMatch(/received DELETE for IKE_SA rw-psk\[1\]/);
  });

  it('our key log holds exactly the keys the gateway logged', async () => {
    await expectKeysAgree(lab.gatewayLog, run.keylog);
  });

  it('ikescope analyze decrypts our capture with our key log: every SK payload and ESP packet', () => {
    const report = analyzeRun(run);
    expect(report.keys).toEqual(expect.objectContaining({ ikeSasDecrypted: 1, childSasDecrypted: 1 }));
    const sa = report.ikeSas[0]!;
    expect([sa.ispi, sa.rspi]).toEqual([run.ikeSpis!.ispi, run.ikeSpis!.rspi]);
    expect(sa.state).toBe('deleted');
    expectAllDecrypted(report);
    expect(sa.messages.map((m) => `${m.exchange} ${m.mid} ${m.response ? 'response' : 'request'}`)).toEqual([
      'IKE_SA_INIT 0 request', 'IKE_SA_INIT 0 response', 'IKE_AUTH 1 request', 'IKE_AUTH 1 response', 'INFORMATIONAL 2 request', 'INFORMATIONAL 2 response',
    ]);
    const esp = sa.childSas[0]!.esp;
    expect(esp[run.childSpis[0]!.out]!.packets).toBe(3);
    expect(esp[run.childSpis[0]!.in]!.packets).toBe(3);
  });

  it('tshark decrypts the same capture with the Wireshark tables we wrote: echo requests out, replies in', () => {
    const frames = tsharkRun(run);
    expectTsharkDecrypted(frames);
    const esp = frames.filter((f) => f.esp);
    expect(esp.map((f) => [f.esp!.spi, f.esp!.inner!.icmpType, f.esp!.inner!.seq])).toEqual([
      [run.childSpis[0]!.out, 8, 1], [run.childSpis[0]!.in, 0, 1],
      [run.childSpis[0]!.out, 8, 2], [run.childSpis[0]!.in, 0, 2],
      [run.childSpis[0]!.out, 8, 3], [run.childSpis[0]!.in, 0, 3],
    ]);
    // the synthesized outer headers carry the real addresses and ports
    expect(frames[0]).toEqual(expect.objectContaining({ src: '198.51.100.2', dst: '198.51.100.1', sport: 500, dport: 500 }));
    expect(frames[2]).toEqual(expect.objectContaining({ sport: 4500, dport: 4500 }));
  });

  it('a wrong PSK: exit 1 with a one-line reason, and the gateway logs the failed authentication', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-psk-'));
    const wrong = join(dir, 'wrong.secret');
    writeFileSync(wrong, 'not-the-key\n');
    const r = await connect(lab, ['--psk-file', wrong, '--id', 'client.example.net']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('ikescope: connect: the gateway refused our authentication (AUTHENTICATION_FAILED)\n');
    expect(r.stdout + r.stderr).not.toContain('not-the-key');
    expect(gatewayLogText(lab)).toMatch(/tried 1 shared key for '%any' - 'client\.example\.net', but MAC mismatched/);
  });
});
