// `ikescope suite load` with EAP-MSCHAPv2 against the lab's load-eap gateway
// (fixtures/gateways/load-eap: certificate vpn.example.net, one password for every
// user<N>@load.example.net): 20 clients at 10 setups/s, each with its own IDi and EAP identity.
// Oracles: the gateway's list of IKE_SAs while they are held (swanctl --list-sas: SPIs, IDi and
// EAP identity), its log (the EAP identity it received, the method's success or failure, per
// IKE_SA), and its view after our DELETEs. Behaviour only: timings go in bench/load.ts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import type { LoadReport } from '../../src/suite/load-test.js';
import { FIXTURES, gatewayLogText, interopSuite, RSA_CA } from '../helpers/endpoint.js';
import { gatewaySas, suiteLoad, whileHeld } from '../helpers/load-lab.js';

const PASSWORD = join(FIXTURES, 'load-eap', 'password.secret');
const N = 20;
const IDENTITIES = Array.from({ length: N }, (_, i) => `client${i + 1}@load.example.net`);
const USERS = Array.from({ length: N }, (_, i) => `user${i + 1}@load.example.net`);
const EAP = ['--user', 'user{n}@load.example.net', '--ca', RSA_CA, '--remote-id', 'vpn.example.net'];

const suiteLoadEap = (lab: Lab, args: string[]) => suiteLoad(lab, [...EAP, ...args]);

/** Log lines of the IKE_SA with charon's unique id `id` ("<load-eap|7>"). */
const linesOf = (log: string, id: string) => log.split('\n').filter((l) => l.includes(`<load-eap|${id}>`));

interopSuite('suite load with EAP-MSCHAPv2 against a strongSwan gateway', () => {
  let lab: Lab;
  let dir: string;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'load-eap' });
    dir = mkdtempSync(join(tmpdir(), 'ikescope-load-eap-'));
  });
  afterAll(async () => { await lab?.stop(); });

  it(`${N} EAP-MSCHAPv2 clients at 10/s: the gateway holds ${N} IKE_SAs with our SPIs, IDi and EAP identities, each authenticated by EAP, then all deleted`, async () => {
    const json = join(dir, 'ok.json');
    const running = suiteLoadEap(lab, ['--clients', String(N), '--rate', '10', '--hold', '8', '--password-file', PASSWORD, '--ping', '2001:db8:8000::53:1', '--json', json]);
    const held = await whileHeld(lab, 'load-eap', running, N);
    const run = await running;
    expect(run.stderr).not.toMatch(/ikescope: /);
    expect(run.code).toBe(0);
    expect(held).toHaveLength(N);

    const report = JSON.parse(readFileSync(json, 'utf8')) as LoadReport;
    expect(report.results.map((r) => r.identity)).toEqual(IDENTITIES);
    expect(report.results.map((r) => r.eapIdentity)).toEqual(USERS);
    expect(report.results.every((r) => r.outcome === 'held' && r.deleted === true && r.pingAnswered === true)).toBe(true);
    // Ours and the gateway's: the same IKE_SAs, SPI for SPI, each with its IDi and EAP identity.
    const ours = new Map(report.results.map((r) => [`${r.ispi}_i ${r.rspi}_r`, `${r.identity} EAP ${r.eapIdentity}`]));
    expect(ours.size).toBe(N);
    expect(new Map(held.map((s) => [s.spis, `${s.remote} EAP ${s.eap}`]))).toEqual(ours);
    expect(new Set(report.results.map((r) => r.virtualIps?.find((a) => a.startsWith('2001:db8::')))).size).toBe(N);
    expect(report.setups).toEqual(expect.objectContaining({ attempted: N, established: N, failed: 0 }));
    expect(report.concurrent).toEqual({ peak: N, atEnd: N });
    expect(report.failures).toEqual({});
    expect(report.pings).toEqual({ target: '2001:db8:8000::53:1', sent: N, answered: N });
    expect(report.teardown).toEqual({ deleted: N, failures: {} });

    // The gateway's log, IKE_SA by IKE_SA: it received that EAP identity, the MSCHAPv2 method
    // succeeded once, and the IDi was authenticated with EAP (not with an AUTH of its own).
    const log = gatewayLogText(lab);
    for (const s of held) {
      const lines = linesOf(log, s.uniqueId).join('\n');
      expect(lines).toContain(`received EAP identity '${s.eap}'`);
      expect(lines.match(/EAP method EAP_MSCHAPV2 succeeded, MSK established/g)).toHaveLength(1);
      expect(lines).toContain(`authentication of '${s.remote}' with EAP successful`);
    }
    expect(log.match(/EAP method EAP_MSCHAPV2 succeeded/g)).toHaveLength(N);

    // Our DELETEs reached the gateway: it holds nothing, and logged each one.
    expect(await gatewaySas(lab, 'load-eap')).toEqual([]);
    expect(log.match(/received DELETE for IKE_SA load-eap\[\d+\]/g)).toHaveLength(N);
    expect(run.stdout + run.stderr).not.toContain(readFileSync(PASSWORD, 'utf8').trim());
  }, 120_000);

  // strongSwan's MSCHAPv2 server sleeps 2 s in a worker thread before its Failure (retry)
  // request (eap_mschapv2.c, process_server_retry): 20 at 10/s keep most of charon's 16 threads
  // asleep, so the gateway answers some retransmissions late; every client still gets its
  // answer well within our retransmission schedule (bench/README.md, "EAP-MSCHAPv2").
  it(`a wrong password: ${N} failures, every one the gateway's MSCHAPv2 Failure then EAP-Failure, on distinct IKE_SAs`, async () => {
    const wrong = join(dir, 'wrong.secret');
    writeFileSync(wrong, 'not-the-load-password\n');
    const json = join(dir, 'wrong.json');
    const before = gatewayLogText(lab).length;
    const run = await suiteLoadEap(lab, ['--clients', String(N), '--rate', '10', '--password-file', wrong, '--json', json]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('not-the-load-password');
    const report = JSON.parse(readFileSync(json, 'utf8')) as LoadReport;
    // RFC 2759 §6: the gateway's Failure packet carries E=691 (ERROR_AUTHENTICATION_FAILURE).
    const reason = 'EAP: MSCHAPv2 Failure (691 ERROR_AUTHENTICATION_FAILURE)';
    expect(report.failures).toEqual({ [reason]: N });
    expect(report.setups).toEqual(expect.objectContaining({ attempted: N, established: 0, failed: N }));
    expect(report.concurrent).toEqual({ peak: 0, atEnd: 0 });
    expect(report.results.every((r) => r.outcome === 'failed' && r.reason === reason)).toBe(true);
    expect(run.stdout).toContain(`failures    ${N} ${reason}`);

    // The gateway's side, per IKE_SA our JSON names: the response did not verify, the method
    // failed for that client's IDi, and the exchange ended with EAP-Failure.
    const log = gatewayLogText(lab).slice(before);
    const failedFor = [...log.matchAll(/EAP method EAP_MSCHAPV2 failed for peer (\S+)/g)].map((m) => m[1]);
    expect(failedFor.sort()).toEqual([...IDENTITIES].sort());
    expect(log.match(/EAP-MS-CHAPv2 verification failed/g)).toHaveLength(N);
    expect(log.match(/generating IKE_AUTH response \d+ \[ EAP\/FAIL \]/g)).toHaveLength(N);
    const spis = new Set(report.results.map((r) => `${r.ispi}_i ${r.rspi}_r`));
    expect(spis.size).toBe(N);
    for (const r of report.results) {
      const id = new RegExp(`<load-eap\\|(\\d+)> checkin IKEv2 SA load-eap\\[\\d+\\] with SPIs ${r.ispi}_i ${r.rspi}_r`).exec(log)?.[1];
      expect(id, r.identity).toBeDefined();
      const lines = linesOf(log, id!).join('\n');
      expect(lines).toContain(`received EAP identity '${r.eapIdentity}'`);
      expect(lines).toContain(`EAP method EAP_MSCHAPV2 failed for peer ${r.identity}`);
    }
    expect(await gatewaySas(lab, 'load-eap')).toEqual([]);
  }, 120_000);
});
