// `ikescope suite load` against the lab's load gateway (fixtures/gateways/load): 20 clients at
// 10 setups/s from one process in the client namespace. Oracles: the gateway's own list of
// IKE_SAs while they are held (swanctl --list-sas: the SPIs and identities our JSON lists),
// its view after our DELETEs, and its log for the refused clients. Behaviour only: no timing
// is asserted (figures go in bench/load.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import type { LoadReport } from '../../src/suite/load-test.js';
import { FIXTURES, gatewayLogText, interopSuite } from '../helpers/endpoint.js';
import { gatewaySas, suiteLoad, whileHeld } from '../helpers/load-lab.js';

const PSK = join(FIXTURES, 'load', 'psk.secret');
const N = 20;
const IDENTITIES = Array.from({ length: N }, (_, i) => `client${i + 1}@load.example.net`);


interopSuite('suite load against a strongSwan gateway', () => {
  let lab: Lab;
  let dir: string;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'load' });
    dir = mkdtempSync(join(tmpdir(), 'ikescope-load-'));
  });
  afterAll(async () => { await lab?.stop(); });

  it(`${N} clients at 10/s: the gateway holds ${N} distinct IKE_SAs with the SPIs and identities our JSON lists, each pinged through, then all deleted`, async () => {
    const json = join(dir, 'ok.json');
    const running = suiteLoad(lab, [
      '--clients', String(N), '--rate', '10', '--hold', '10', '--psk-file', PSK, '--remote-id', 'vpn.example.net',
      '--ping', '2001:db8:8000::53:1', '--json', json,
    ]);
    // While they are held: the gateway's own list.
    const held = await whileHeld(lab, 'load', running, N);
    const run = await running;
    expect(run.stderr).not.toMatch(/ikescope: /);
    expect(run.code).toBe(0);
    expect(held).toHaveLength(N);

    const report = JSON.parse(readFileSync(json, 'utf8')) as LoadReport;
    expect(report.schema).toBe('ikescope.load/1');
    expect(report.results.map((r) => r.identity)).toEqual(IDENTITIES);
    expect(report.results.every((r) => r.outcome === 'held' && r.deleted === true && r.pingAnswered === true)).toBe(true);
    // Ours and the gateway's: the same IKE_SAs, SPI for SPI, each with its client's identity.
    const ours = new Map(report.results.map((r) => [`${r.ispi}_i ${r.rspi}_r`, r.identity]));
    expect(ours.size).toBe(N);
    expect(new Map(held.map((s) => [s.spis, s.remote]))).toEqual(ours);
    // Distinct CHILD_SAs and virtual IPs (from the gateway's IPv6 pool) too.
    expect(new Set(report.results.map((r) => r.childSpis?.in)).size).toBe(N);
    expect(new Set(report.results.map((r) => r.virtualIps?.find((a) => a.startsWith('2001:db8::')))).size).toBe(N);

    // The counts agree with the records and with each other.
    expect(report.setups).toEqual(expect.objectContaining({ attempted: N, established: N, failed: 0 }));
    expect(report.concurrent).toEqual({ peak: N, atEnd: N });
    expect(report.latencyMs?.count).toBe(N);
    const l = report.latencyMs!;
    expect(l.p50).toBeLessThanOrEqual(l.p90);
    expect(l.p90).toBeLessThanOrEqual(l.p99);
    expect(l.p99).toBeLessThanOrEqual(l.max);
    expect(l.max).toBe(Math.max(...report.results.map((r) => r.latencyMs!)));
    expect(report.failures).toEqual({});
    expect(report.lost).toEqual({});
    expect(report.holdFailures).toEqual({});
    expect(report.pings).toEqual({ target: '2001:db8:8000::53:1', sent: N, answered: N });
    expect(report.teardown).toEqual({ deleted: N, failures: {} });
    expect(report.process.peakRssBytes).toBeGreaterThan(0);

    // The summary says the same; progress went to stderr, a line per phase (stderr is no TTY).
    expect(run.stdout).toContain(`setups      ${N} established, 0 failed of ${N} started`);
    expect(run.stdout).toContain(`concurrent  ${N} IKE_SAs at the peak, ${N} at the end of the hold`);
    expect(run.stdout).toContain(`pings       ${N} of ${N} answered (2001:db8:8000::53:1)`);
    for (const phase of ['ramp', 'hold', 'teardown', 'done']) expect(run.stderr).toMatch(new RegExp(`^load ${phase} `, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^load done .* up 0 \\(peak ${N}\\) .* deleted ${N} `, 'm'));

    // Our DELETEs reached the gateway: it holds nothing, and logged each one.
    expect(await gatewaySas(lab, 'load')).toEqual([]);
    expect(gatewayLogText(lab).match(/received DELETE for IKE_SA load\[\d+\]/g)).toHaveLength(N);
  }, 120_000);

  it(`a wrong PSK: ${N} failures, every one AUTHENTICATION_FAILED, each a distinct IKE_SA the gateway refused`, async () => {
    const wrong = join(dir, 'wrong.secret');
    writeFileSync(wrong, 'not-the-load-key\n');
    const json = join(dir, 'wrong.json');
    const before = gatewayLogText(lab).length;
    const run = await suiteLoad(lab, ['--clients', String(N), '--rate', '10', '--psk-file', wrong, '--remote-id', 'vpn.example.net', '--json', json]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('not-the-load-key');
    const report = JSON.parse(readFileSync(json, 'utf8')) as LoadReport;
    expect(report.failures).toEqual({ AUTHENTICATION_FAILED: N });
    expect(report.setups).toEqual(expect.objectContaining({ attempted: N, established: 0, failed: N }));
    expect(report.concurrent).toEqual({ peak: 0, atEnd: 0 });
    expect(report.latencyMs).toBeNull();
    expect(report.results.every((r) => r.outcome === 'failed' && r.reason === 'the gateway refused our authentication (AUTHENTICATION_FAILED)')).toBe(true);
    expect(run.stdout).toContain(`failures    ${N} AUTHENTICATION_FAILED`);
    // The gateway's side: each identity's MAC mismatched once, on the IKE_SA our JSON names.
    const log = gatewayLogText(lab).slice(before);
    const refused = [...log.matchAll(/tried \d+ shared key for 'vpn\.example\.net' - '([^']+)', but MAC mismatched/g)].map((m) => m[1]);
    expect(refused.sort()).toEqual([...IDENTITIES].sort());
    const spis = new Set(report.results.map((r) => `${r.ispi}_i ${r.rspi}_r`));
    expect(spis.size).toBe(N);
    for (const s of spis) expect(log).toContain(s);
    expect(await gatewaySas(lab, 'load')).toEqual([]);
  }, 120_000);

  it('an IKE_SA the gateway deletes during the hold counts as lost, with the reason, and is not held at the end', async () => {
    const json = join(dir, 'lost.json');
    const running = suiteLoad(lab, ['--clients', '5', '--rate', '10', '--hold', '8', '--psk-file', PSK, '--remote-id', 'vpn.example.net', '--json', json]);
    const held = await whileHeld(lab, 'load', running, 5);
    expect(held).toHaveLength(5);
    const victim = held[0]!;
    const t = await lab.swanctl('gateway', ['--terminate', '--ike-id', victim.uniqueId]);
    expect(t.code).toBe(0);
    const run = await running;
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as LoadReport;
    expect(report.concurrent).toEqual({ peak: 5, atEnd: 4 });
    expect(report.lost).toEqual({ 'the gateway deleted the IKE_SA': 1 });
    expect(report.failures).toEqual({});
    const lost = report.results.filter((r) => r.outcome === 'lost');
    expect(lost.map((r) => [`${r.ispi}_i ${r.rspi}_r`, r.identity])).toEqual([[victim.spis, victim.remote]]);
    expect(report.teardown).toEqual({ deleted: 4, failures: {} });
    expect(run.stdout).toContain('lost        1 the gateway deleted the IKE_SA (ended by the gateway during the hold)');
    expect(await gatewaySas(lab, 'load')).toEqual([]);
  }, 120_000);
});
