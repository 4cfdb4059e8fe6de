// `ikescope replay` against real strongSwan gateways from lab/ (issue 7's "done when"):
// - a capture made between two strongSwan instances, replayed from the capture plus the
//   initiator's charon log against the same gateway configuration: every exchange the same;
// - a windows-10 session recorded by the endpoint (connect --pcap --keylog) against the
//   well-configured gateway, replayed against that gateway: every exchange the same; replayed
//   against the misconfigured one: IKE_SA_INIT changed (3DES chosen), and the gateway's own
//   rekeys, which the recording did not have, appear as new exchanges.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { CAPTURES, ROOT } from '../helpers/cli.js';
import { FIXTURES, interopSuite, MAIN } from '../helpers/endpoint.js';

interface ReplayJson {
  exchanges: Array<{ verdict: string; exchange: string; kind: string; requester: string; differences: string[] }>;
  traffic: Array<{ verdict: string; target: string; sent: number; received: number; recorded: { sent: number; answered: number; frames: number[] } }>;
  failure?: string; files: { pcap: string; keylog: string };
}

const dir = mkdtempSync(join(tmpdir(), 'ikescope-replay-'));
const pw = join(dir, 'alice.pw');
writeFileSync(pw, 'alice-lab-password\n');
/** alice's EAP credentials, trusting the gateway fixture's own root. */
const alice = (gateway: string) => ['--user', 'alice', '--password-file', pw, '--ca', join(FIXTURES, gateway, 'x509ca', 'root-ca.pem')];

function inNs(ns: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, MAIN, ...args], { encoding: 'utf8', timeout: 120_000, cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function replayIn(lab: Lab, gateway: string, node: 'cl' | 'ncl', capture: string, keys: string, out: string): { code: number | null; json: ReplayJson; stderr: string } {
  const r = inNs(lab.namespaces[node], ['replay', capture, '--keys', keys, '--gateway', '198.51.100.1', ...alice(gateway), '--format', 'json', '--out', join(dir, out)]);
  return { code: r.code, stderr: r.stderr, json: JSON.parse(r.stdout || '{}') as ReplayJson };
}

const summary = (j: ReplayJson) => j.exchanges.map((e) => `${e.verdict}: ${e.requester} ${e.kind}`);

interopSuite('ikescope replay against strongSwan gateways', () => {
  let classic: Lab;
  let good: Lab;
  let bad: Lab;
  const runs: Record<string, ReturnType<typeof replayIn>> = {};
  beforeAll(async () => {
    [classic, good, bad] = await Promise.all([startLab({ gateway: 'eap-mschapv2' }), startLab({ gateway: 'suite-good' }), startLab({ gateway: 'suite-bad' })]);
    // strongSwan to strongSwan, from the capture and the initiator's log.
    for (const name of ['eap-mschapv2-ping', 'child-rekey']) {
      runs[name] = replayIn(classic, 'eap-mschapv2', 'cl', join(CAPTURES, `${name}.pcap`), join(CAPTURES, `${name}.client.log`), name);
    }
    // A windows-10 session recorded by the endpoint behind the NAT, 10 s long.
    const rec = inNs(good.namespaces.ncl, ['connect', '198.51.100.1', '--profile', 'windows-10', ...alice('suite-good'), '--ping', '192.0.2.200', '--hold', '10',
      '--pcap', join(dir, 'win10.pcap'), '--keylog', join(dir, 'win10.keys.json')]);
    expect(rec.stderr).toBe('');
    runs.good = replayIn(good, 'suite-good', 'ncl', join(dir, 'win10.pcap'), join(dir, 'win10.keys.json'), 'good');
    runs.bad = replayIn(bad, 'suite-good', 'ncl', join(dir, 'win10.pcap'), join(dir, 'win10.keys.json'), 'bad');
  }, 300_000);
  afterAll(async () => { await Promise.all([classic?.stop(), good?.stop(), bad?.stop()]); });

  it('a strongSwan-to-strongSwan capture, from the capture and the initiator\'s charon log: every exchange of the client the same', () => {
    for (const name of ['eap-mschapv2-ping', 'child-rekey']) {
      const r = runs[name]!;
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(r.json.exchanges.length, name).toBeGreaterThan(5);
      expect(r.json.exchanges.filter((e) => e.requester === 'initiator' && e.verdict !== 'same'), name).toEqual([]);
    }
    expect(runs['eap-mschapv2-ping']!.json.exchanges.filter((e) => e.verdict !== 'same')).toEqual([]);
    // Its three echoes through the tunnel (captures/README.md: frames 15, 17, 19) are sent again and answered.
    expect(runs['eap-mschapv2-ping']!.json.traffic.map((t) => ({ ...t, at: undefined }))).toEqual([
      { verdict: 'same', at: undefined, target: '192.0.2.200', sent: 3, received: 3, recorded: { sent: 3, answered: 3, frames: [15, 17, 19] } },
    ]);
    // The recorded CHILD_SA rekey is done again, and the gateway answers it alike. The recording's
    // rekey by the gateway came from its operator (lab/recipes/child-rekey.sh: swanctl --rekey),
    // not from its configuration: the replay reports it missing without counting it against it.
    expect(summary(runs['child-rekey']!.json)).toEqual(expect.arrayContaining(['same: initiator rekey-child', 'missing: responder rekey-child']));
  });

  it('the endpoint\'s windows-10 session replayed against the same gateway: every exchange the same', () => {
    const r = runs.good!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.exchanges.filter((e) => e.verdict !== 'same')).toEqual([]);
    expect(summary(r.json)[0]).toBe('same: initiator IKE_SA_INIT');
  });

  it('the same session replayed against the misconfigured gateway: the changed and new exchanges', () => {
    const r = runs.bad!;
    const init = r.json.exchanges[0]!;
    // 3DES allowed and first: the gateway now picks it from Windows' proposals.
    expect(init).toMatchObject({ verdict: 'changed', exchange: 'IKE_SA_INIT' });
    expect(init.differences.join('; ')).toMatch(/proposal IKE\/ENCR_AES_CBC_256\/.* → IKE\/ENCR_3DES\//);
    // The gateway's own rekeys, which the good gateway never started, refused the Windows way
    // (the replay answers as the client's fingerprint, Windows, would): new failures.
    const fresh = r.json.exchanges.filter((e) => e.verdict === 'new failure').map((e) => `${e.requester} ${e.kind}: ${e.differences[1]}`);
    expect(fresh).toContain('responder rekey-child: answered MS_NOTIFY_STATUS(13863)');
    expect(fresh).toContain('responder rekey-ike: answered NO_PROPOSAL_CHOSEN');
    // Everything the client itself did was answered: nothing of its own is missing.
    expect(r.json.exchanges.filter((e) => e.verdict === 'missing')).toEqual([]);
    expect(r.code).toBe(1);
  });
});
