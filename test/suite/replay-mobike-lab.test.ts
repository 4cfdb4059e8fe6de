// `ikescope replay` of MOBIKE address updates (RFC 4555) against a real strongSwan gateway
// (lab/, fixture eap-mschapv2, MOBIKE on), the replaying endpoint in the client namespace with
// two extra addresses, 198.51.100.4 and .5:
// - captures/mobike-move.pcap (strongSwan to strongSwan, keys from the gateway's charon log)
//   with --move-to 198.51.100.5: the update is re-enacted from .5 and answered alike, the gateway
//   logs the IKE_SA moving to .5 and rekeys the CHILD_SA onto .5 (kernel-libipsec), and the
//   recording's pings after the move are answered through it;
// - the same without --move-to: the update is not replayed, with the hint, the rest is;
// - a session of our own endpoint (connect --move-to 198.51.100.4), replayed with --move-to
//   198.51.100.5: every exchange the same.
// Oracles: the gateway's log, `ikescope analyze` and tshark on the replay's own capture.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { CAPTURES, ikescope, ROOT, usageErrorTests } from '../helpers/cli.js';
import { connect, expectTsharkDecrypted, FIXTURES, interopSuite, MAIN, type ConnectRun } from '../helpers/endpoint.js';
import { tsharkFrames } from '../helpers/tshark.js';

interface Answer { notifies: string[]; error: boolean }
interface ExchangeJson { exchange: string; kind: string; requester: string; requestFrames: number[]; responseFrames: number[]; answer: Answer | null }
interface ReplayJson {
  exchanges: Array<{ verdict: string; exchange: string; kind: string; requester: string; differences: string[]; recorded: ExchangeJson | null; replayed: ExchangeJson | null }>;
  traffic: Array<{ verdict: string; target: string; sent: number; received: number; recorded: { sent: number; answered: number; frames: number[] } }>;
  notReplayed: string[];
  failure?: string;
  files: { pcap: string; keylog: string };
}
interface AnalyzedJson {
  ikeSas: Array<{
    state: string; addresses: Array<{ frame: number; initiator: { ip: string; port: number } }>;
    messages: Array<{ frames: number[]; exchange: string; response: boolean; inner: string[] | null }>;
  }>;
  esp: Array<{ spi: string; src: string; dst: string; packets: number; decrypted: number; icvFailures: number }>;
}

const dir = mkdtempSync(join(tmpdir(), 'ikescope-replay-mobike-'));
const pw = join(dir, 'alice.pw');
writeFileSync(pw, 'alice-lab-password\n');
const ALICE = ['--user', 'alice', '--password-file', pw, '--ca', join(FIXTURES, 'eap-mschapv2', 'x509ca', 'root-ca.pem')];
const MOBIKE = join(CAPTURES, 'mobike-move.pcap');
const MOBIKE_KEYS = join(CAPTURES, 'mobike-move.gateway.log');
const UPDATE = ['N(UPDATE_SA_ADDRESSES)', 'N(NAT_DETECTION_SOURCE_IP)', 'N(NAT_DETECTION_DESTINATION_IP)', 'N(COOKIE2)', 'N(NO_ADDITIONAL_ADDRESSES)'];

interface Run { code: number | null; json: ReplayJson; stdout: string; stderr: string; log: string }

/** Replays from the client namespace; `log` is what the gateway logged meanwhile. */
function replayIn(lab: Lab, capture: string, keys: string, out: string, extra: string[], format = 'json'): Run {
  const before = readFileSync(lab.gatewayLog, 'utf8').length;
  const r = spawnSync('ip', ['netns', 'exec', lab.namespaces.cl, process.execPath, MAIN, 'replay', capture, '--keys', keys, '--gateway', '198.51.100.1', ...ALICE,
    '--format', format, '--out', join(dir, out), ...extra], { encoding: 'utf8', timeout: 120_000, cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: (format === 'json' ? JSON.parse(r.stdout || '{}') : {}) as ReplayJson, log: readFileSync(lab.gatewayLog, 'utf8').slice(before) };
}

const summary = (j: ReplayJson) => j.exchanges.map((e) => `${e.verdict}: ${e.requester} ${e.kind}`);
const analyzed = (j: ReplayJson): AnalyzedJson => {
  const r = ikescope(['analyze', j.files.pcap, '--keys', j.files.keylog, '--format', 'json', '--fail-on', 'never']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as AnalyzedJson;
};

describe('replay --move-to: usage', () => {
  usageErrorTests(it, [
    ['more --move-to than recorded address updates', ['replay', MOBIKE, '--keys', MOBIKE_KEYS, '--gateway', '198.51.100.1', ...ALICE, '--move-to', '198.51.100.5', '--move-to', '198.51.100.6'],
      /^ikescope: replay: 2 --move-to given, but the recording has only 1 MOBIKE address update \(frame 23\)\n$/],
    ['a --move-to that is not an address', ['replay', MOBIKE, '--keys', MOBIKE_KEYS, '--gateway', '198.51.100.1', ...ALICE, '--move-to', 'wlan0'], /--move-to takes an address \(got 'wlan0'\)/],
  ]);
});

interopSuite('ikescope replay of MOBIKE address updates against strongSwan', () => {
  let lab: Lab;
  let moved: Run;
  let unmoved: Run;
  let own: ConnectRun;
  let ownReplay: Run;
  const formats: Record<string, Run> = {};
  beforeAll(async () => {
    lab = await startLab({ gateway: 'eap-mschapv2' });
    for (const a of ['198.51.100.4', '198.51.100.5']) {
      const add = await lab.exec('cl', ['ip', 'addr', 'add', `${a}/24`, 'dev', 'ext0']);
      if (add.code !== 0) throw new Error(`ip addr add ${a}: ${add.stderr}`);
    }
    moved = replayIn(lab, MOBIKE, MOBIKE_KEYS, 'moved', ['--move-to', '198.51.100.5']);
    unmoved = replayIn(lab, MOBIKE, MOBIKE_KEYS, 'unmoved', []);
    // The other report formats, each from a replay of its own.
    for (const f of ['text', 'md', 'html', 'junit']) formats[f] = replayIn(lab, MOBIKE, MOBIKE_KEYS, `moved-${f}`, ['--move-to', '198.51.100.5'], f);
    formats['text-unmoved'] = replayIn(lab, MOBIKE, MOBIKE_KEYS, 'unmoved-text', [], 'text');
    own = await connect(lab, [...ALICE, '--ping', '192.0.2.200', '--count', '2', '--hold', '2.5', '--move-to', '198.51.100.4', '--move-after', '1']);
    ownReplay = replayIn(lab, own.pcap, own.keylog, 'own', ['--move-to', '198.51.100.5']);
  }, 300_000);
  afterAll(async () => { await lab?.stop(); });

  it('mobike-move.pcap with --move-to: every exchange the same, the update re-enacted from the new address and answered with NAT detection and the COOKIE2 echo', () => {
    const r = moved;
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.failure).toBeUndefined();
    expect(r.json.notReplayed).toEqual([]);
    expect(summary(r.json)).toEqual([
      'same: initiator IKE_SA_INIT', ...Array<string>(5).fill('same: initiator IKE_AUTH'), 'same: initiator liveness', 'same: initiator mobike-update',
      // kernel-libipsec cannot move an ESP SA: the gateway rekeys the CHILD_SA onto the new address.
      'same: responder rekey-child', 'same: responder delete-child', 'same: initiator delete-ike',
    ]);
    const update = r.json.exchanges.find((e) => e.kind === 'mobike-update')!;
    expect(update.recorded).toMatchObject({ exchange: 'INFORMATIONAL', requestFrames: [23], responseFrames: [25] });
    expect([...update.recorded!.answer!.notifies].sort()).toEqual(['COOKIE2', 'NAT_DETECTION_DESTINATION_IP', 'NAT_DETECTION_SOURCE_IP']);
    expect([...update.replayed!.answer!.notifies].sort()).toEqual(['COOKIE2', 'NAT_DETECTION_DESTINATION_IP', 'NAT_DETECTION_SOURCE_IP']);

    // The replay's own capture: the update request from .5 with the recorded payloads, the
    // IKE_SA's address moved to .5 at that frame, and ESP to and from .5 afterwards.
    const a = analyzed(r.json);
    const sa = a.ikeSas[0]!;
    expect(sa.state).toBe('deleted');
    const req = sa.messages.find((m) => !m.response && m.exchange === 'INFORMATIONAL' && m.inner?.includes('N(UPDATE_SA_ADDRESSES)'))!;
    expect(req.inner).toEqual(UPDATE);
    expect(update.replayed!.requestFrames).toEqual(req.frames);
    expect(sa.addresses.at(-1)).toMatchObject({ frame: req.frames[0], initiator: { ip: '198.51.100.5', port: 4500 } });
    const espFromNew = a.esp.filter((e) => e.src.startsWith('198.51.100.5'));
    const espToNew = a.esp.filter((e) => e.dst.startsWith('198.51.100.5'));
    expect(espFromNew.reduce((n, e) => n + e.decrypted, 0)).toBe(2);
    expect(espToNew.reduce((n, e) => n + e.decrypted, 0)).toBe(2);
    for (const e of a.esp) expect(e.icvFailures, e.spi).toBe(0);
    // tshark opens every SK payload and every ESP packet of it with the replay's key log.
    const frames = tsharkFrames(r.json.files.pcap, [], `${r.json.files.keylog}.wireshark`);
    expectTsharkDecrypted(frames);
    expect(frames.filter((f) => f.esp && f.src === '198.51.100.5' && f.esp.inner?.icmpType === 8).map((f) => f.esp!.inner!.dst)).toEqual(['192.0.2.200', '192.0.2.200']);
  });

  it('with --move-to: the recorded pings before and after the move are answered, through the CHILD_SA the gateway rekeyed onto the new address', () => {
    expect(moved.json.traffic).toEqual([
      { verdict: 'same', at: expect.any(Number) as number, target: '192.0.2.200', sent: 2, received: 2, recorded: { sent: 2, answered: 2, frames: [15, 17] } },
      { verdict: 'same', at: expect.any(Number) as number, target: '192.0.2.200', sent: 2, received: 2, recorded: { sent: 2, answered: 2, frames: [29, 31] } },
    ]);
  });

  it('with --move-to: the gateway\'s log shows the IKE_SA and the new CHILD_SA on the new address', () => {
    const log = moved.log;
    expect(log).toContain('remote endpoint changed from 198.51.100.2[4500] to 198.51.100.5[4500]');
    // The rekeyed CHILD_SA's outbound SA goes to .5, its inbound one comes from .5.
    const spis = /outbound CHILD_SA rw-eap\{(\d+)\} established with SPIs ([0-9a-f]{8})_i ([0-9a-f]{8})_o/.exec(log.slice(log.indexOf('remote endpoint changed from 198.51.100.2')));
    expect(spis).not.toBeNull();
    expect(log).toContain(`SPI 0x${spis![2]}, src 198.51.100.5 dst 198.51.100.1`);
    expect(log).toContain(`SPI 0x${spis![3]}, src 198.51.100.1 dst 198.51.100.5`);
    expect(log).toMatch(/deleting IKE_SA rw-eap\[\d+\] between 198\.51\.100\.1\[[^\]]+\]\.\.\.198\.51\.100\.5\[/);
  });

  it('without --move-to: the update is not replayed, with the hint, and the rest is', () => {
    const r = unmoved;
    expect(r.json.notReplayed).toEqual(['a MOBIKE address update to 198.51.100.4 (frame 23): give --move-to ADDR, a second local address, to replay it']);
    expect(summary(r.json)).toEqual([
      'same: initiator IKE_SA_INIT', ...Array<string>(5).fill('same: initiator IKE_AUTH'), 'same: initiator liveness', 'missing: initiator mobike-update',
      // No move, so the gateway has no reason to rekey.
      'missing: responder rekey-child', 'missing: responder delete-child', 'same: initiator delete-ike',
    ]);
    expect(r.json.exchanges.find((e) => e.kind === 'mobike-update')!.recorded!.requestFrames).toEqual([23]);
    // The client's own exchange that was not re-enacted counts: exit 1.
    expect(r.code, r.stderr).toBe(1);
    expect(r.json.traffic.map((t) => `${t.verdict} ${t.received}/${t.sent}`)).toEqual(['same 2/2', 'same 2/2']);
    expect(r.log).not.toContain('remote endpoint changed from 198.51.100.2[4500]');
    expect(r.log).toMatch(/deleting IKE_SA rw-eap\[\d+\] between 198\.51\.100\.1\[[^\]]+\]\.\.\.198\.51\.100\.2\[/);
  });

  it('text, Markdown, HTML and JUnit show the move exchange and the pings', () => {
    const text = formats.text!.stdout;
    expect(formats.text!.code, formats.text!.stderr).toBe(0);
    expect(text).toMatch(/^replay of .*mobike-move\.pcap against 198\.51\.100\.1: 11 same\n/);
    expect(text).toMatch(/\n {2}same {8}INFORMATIONAL mobike-update by the client \(recorded frames 23; replay frames \d+\)\n/);
    expect(text.match(/\n {2}same {8}ping 192\.0\.2\.200 by the client, [\d.]+ s after IKE_AUTH: 2 of 2 answered \(recorded 2 of 2\) \(recorded frames (15, 17|29, 31)\)/g)).toHaveLength(2);
    expect(text).not.toContain('not replayed');
    expect(formats.md!.stdout).toMatch(/\| 8 \| INFORMATIONAL mobike-update by the client \| same \| — \| 23 \| \d+ \|/);
    expect(formats.md!.stdout).toMatch(/\| ping 192\.0\.2\.200 by the client, [\d.]+ s after IKE_AUTH \| same \| 2 of 2 answered \(recorded 2 of 2\) \| 29, 31 \|/);
    expect(formats.html!.stdout).toMatch(/<tr class="same"><td>\d+<\/td><td>INFORMATIONAL mobike-update by the client<\/td><td>same<\/td><td><\/td><td>23<\/td>/);
    expect(formats.html!.stdout).toMatch(/<tr class="same"><td>ping 192\.0\.2\.200 by the client, [\d.]+ s after IKE_AUTH<\/td><td>same<\/td><td>2 of 2 answered \(recorded 2 of 2\)<\/td><td>15, 17<\/td><\/tr>/);
    const junit = formats.junit!.stdout;
    expect(junit).toContain('<testsuites tests="13" failures="0" errors="0" skipped="0">');
    expect(junit).toMatch(/<testcase classname="replay" name="8\. INFORMATIONAL mobike-update by the client" time="0"\/>/);
    expect(junit).toMatch(/<testcase classname="replay" name="13\. ping 192\.0\.2\.200 by the client, [\d.]+ s after IKE_AUTH" time="0"\/>/);
    // Without --move-to: the verdict and the hint in the text report.
    const un = formats['text-unmoved']!.stdout;
    expect(un).toMatch(/\n {2}missing {5}INFORMATIONAL mobike-update by the client \(recorded frames 23; replay frames —\)\n {14}the replay had no mobike-update from the initiator\n/);
    expect(un).toContain('\nnot replayed: a MOBIKE address update to 198.51.100.4 (frame 23): give --move-to ADDR, a second local address, to replay it\n');
  });

  it('our own endpoint\'s connect --move-to session, replayed with another address: every exchange the same', () => {
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toContain('moved     198.51.100.2 -> 198.51.100.4 (MOBIKE)');
    const r = ownReplay;
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.notReplayed).toEqual([]);
    expect(r.json.exchanges.filter((e) => e.verdict !== 'same')).toEqual([]);
    const s = summary(r.json);
    expect(s[0]).toBe('same: initiator IKE_SA_INIT');
    expect(s).toContain('same: initiator mobike-update');
    expect(s.indexOf('same: responder rekey-child')).toBeGreaterThan(s.indexOf('same: initiator mobike-update'));
    expect(s.at(-1)).toBe('same: initiator delete-ike');
    expect(r.json.traffic.map((t) => `${t.verdict} ${t.target} ${t.received}/${t.sent}`)).toEqual(['same 192.0.2.200 2/2', 'same 192.0.2.200 2/2']);
    expect(r.log).toContain('remote endpoint changed from 198.51.100.2[4500] to 198.51.100.5[4500]');
    const sa = analyzed(r.json).ikeSas[0]!;
    expect(sa.messages.find((m) => !m.response && m.inner?.includes('N(UPDATE_SA_ADDRESSES)'))!.inner).toEqual(UPDATE);
    expect(sa.addresses.at(-1)!.initiator.ip).toBe('198.51.100.5');
  });
});
