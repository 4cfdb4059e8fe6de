// The shipped suites against real strongSwan gateways from lab/ (issue 7's "done when"): the
// well-configured gateway (fixtures/gateways/suite-good) passes every case of both suites; the
// misconfigured one (suite-bad: 3DES allowed first, IKE_SA rekeys led by MODP_2048, CHILD_SA
// rekeys behind NAT) fails exactly the cases about those mistakes, with exactly the expected
// checks. The runner runs in this (root) namespace; each case's client runs in the lab's client
// namespaces through --site, and gateway-side steps go through lab/lab swanctl hooks. The
// results are read back by a JUnit consumer (python3-junitparser) and from results.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labDir, startLab, type Lab } from '../../lab/lab.js';
import { interopSuite, MAIN } from '../helpers/endpoint.js';
import { ROOT } from '../helpers/cli.js';

interface CaseResult { id: string; verdict: string; checks: Array<{ name: string; pass: boolean; frames: number[] }>; files: Record<string, string> }
interface Results { schema: string; suite: string; cases: CaseResult[] }
interface RunOut { code: number | null; stdout: string; stderr: string; dir: string; results: Results }

function runSuite(lab: Lab, suite: string): RunOut {
  const dir = mkdtempSync(join(tmpdir(), `ikescope-suite-${suite}-`));
  const ns = lab.namespaces;
  const swanctl = `${join(labDir, 'lab')} swanctl ${lab.id} gw`;
  const r = spawnSync(process.execPath, [MAIN, 'suite', 'run', join(ROOT, 'suites', `${suite}.yaml`), '--gateway', '198.51.100.1', '--gateway6', '2001:db8:1::1', '--out', dir,
    '--site', `direct=ip netns exec ${ns.cl}`, '--site', `nat=ip netns exec ${ns.ncl}`,
    '--hook', `rekey-child=${swanctl} --rekey --child {child}`, '--hook', `rekey-ike=${swanctl} --rekey --ike {ike}`], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, dir, results: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results };
}

/** JUnit as a consumer reads it: per case, the result kinds. */
function junit(dir: string): Array<{ name: string; result: string[] }> {
  const py = 'import json,sys\nfrom junitparser import JUnitXml\nx=JUnitXml.fromfile(sys.argv[1])\nprint(json.dumps([{"name":c.name,"result":[type(r).__name__ for r in c.result]} for s in x for c in s]))';
  const r = spawnSync('/usr/bin/python3', ['-c', py, join(dir, 'results.xml')], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Array<{ name: string; result: string[] }>;
}

const failedChecks = (c: CaseResult) => c.checks.filter((k) => !k.pass).map((k) => k.name).sort();

interopSuite('the shipped suites against strongSwan gateways', () => {
  let good: Lab;
  let bad: Lab;
  const runs = new Map<string, RunOut>();
  beforeAll(async () => {
    [good, bad] = await Promise.all([startLab({ gateway: 'suite-good', ipv6: true }), startLab({ gateway: 'suite-bad', ipv6: true })]);
    for (const lab of [good, bad]) {
      // The gateway's EAP-TLS address (windows-clients.yaml gateway.alternates) and the client's
      // second address to move to (rfc7296-basics.yaml mobike-move).
      for (const [node, addr] of [['gw', '198.51.100.11/24'], ['cl', '198.51.100.4/24']] as const) {
        const r = await lab.exec(node, ['ip', 'addr', 'add', addr, 'dev', 'ext0']);
        if (r.code !== 0) throw new Error(`ip addr add ${addr}: ${r.stderr}`);
      }
    }
    // Two labs, one suite at a time on each, the two gateways in parallel.
    await Promise.all([
      (async () => { for (const s of ['rfc7296-basics', 'windows-clients']) runs.set(`good ${s}`, runSuite(good, s)); })(),
      (async () => { for (const s of ['rfc7296-basics', 'windows-clients']) runs.set(`bad ${s}`, runSuite(bad, s)); })(),
    ]);
  }, 600_000);
  afterAll(async () => { await Promise.all([good?.stop(), bad?.stop()]); });

  for (const suite of ['rfc7296-basics', 'windows-clients']) {
    it(`${suite}: every case passes against the well-configured gateway`, () => {
      const run = runs.get(`good ${suite}`)!;
      expect(run.results.cases.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}: ${failedChecks(c).join('; ')}`)).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^${suite}: (\\d+)/\\1 passed, 0 failed`));
      const cases = junit(run.dir);
      expect(cases.length).toBe(run.results.cases.length);
      expect(cases.every((c) => c.result.length === 0)).toBe(true);
    });
  }

  it('rfc7296-basics against the misconfigured gateway: only the 3DES refusal fails, because 3DES is accepted', () => {
    const run = runs.get('bad rfc7296-basics')!;
    expect(run.code).toBe(1);
    const failed = Object.fromEntries(run.results.cases.filter((c) => c.verdict !== 'pass').map((c) => [c.id, failedChecks(c)]));
    expect(failed).toEqual({ 'no-proposal-chosen': ['does not establish', 'refused with NO_PROPOSAL_CHOSEN in IKE_SA_INIT'] });
  });

  it('windows-clients against the misconfigured gateway: the cases its mistakes break, with the rules that name them', () => {
    const run = runs.get('bad windows-clients')!;
    expect(run.code).toBe(1);
    const failed = Object.fromEntries(run.results.cases.filter((c) => c.verdict !== 'pass').map((c) => [c.id, failedChecks(c)]));
    expect(failed).toEqual({
      // Windows lists 3DES first; a gateway that allows it and prefers its own order takes it.
      'windows-10-eap-mschapv2': ['IKE proposal', 'no finding windows/3des-preferred'],
      'windows-11-eap-mschapv2': ['no finding windows/3des-preferred'],
      'windows-7-eap-mschapv2': ['IKE proposal', 'no finding windows/3des-preferred'],
      'windows-10-machine-certificate': ['no finding windows/3des-preferred'],
      'windows-10-eap-tls': ['no finding windows/3des-preferred'],
      'windows-10-ipv6': ['no finding windows/3des-preferred'],
      // Behind the NAT, the gateway's own CHILD_SA rekey is refused with N(12345) 13863, and its
      // IKE_SA rekey led by MODP_2048 with NO_PROPOSAL_CHOSEN (seeds 000/001).
      'windows-10-behind-nat-stays-up': [
        'no finding windows/3des-preferred', 'no finding windows/child-rekey-behind-nat', 'no finding windows/no-common-proposal',
        'no finding windows/notify-12345', 'no finding windows/rekey-dh-group',
      ],
    });
    // NegotiateDH2048_AES256 = 1 leads with AES-256/MODP_2048, which the gateway takes before 3DES.
    expect(run.results.cases.find((c) => c.id === 'windows-10-dh2048')!.verdict).toBe('pass');
    // Every failed check names its evidence frames, and the HTML links them into the case's report.
    const nat = run.results.cases.find((c) => c.id === 'windows-10-behind-nat-stays-up')!;
    for (const k of nat.checks.filter((x) => !x.pass)) expect(k.frames.length, k.name).toBeGreaterThan(0);
    const html = readFileSync(join(run.dir, 'results.html'), 'utf8');
    expect(html).toContain(`href="${nat.files.report}#frame-${nat.checks.find((x) => !x.pass)!.frames[0]}"`);
    expect(readFileSync(join(run.dir, nat.files.report!), 'utf8')).toContain(`id="frame-${nat.checks.find((x) => !x.pass)!.frames[0]}"`);
    // JUnit: the failed cases are failures for a consumer too.
    const cases = junit(run.dir);
    expect(cases.filter((c) => c.result.includes('Failure')).length).toBe(Object.keys(failed).length);
  });
});
