// Fuzzing the whole analysis path that `ikescope analyze` runs (capture reader → decodeFrames →
// SessionBuilder → JSON report): mutated capture files, captures whose frames are damaged,
// duplicated, dropped and reordered, and every shipped capture cut at every byte offset
// within its last 3 records. It must always finish with a report, never throw; a cut inside a
// record is a finding. A few cut files also go through the real CLI, which must exit 0 or 1
// with at most one line on stderr (DESIGN.md "Errors are values": only the CLI edge turns a
// fatal problem into one line and exit 2, and only when the capture header itself is gone).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../src/analysis/packets.js';
import type { Report } from '../../src/analysis/model.js';
import { SessionBuilder } from '../../src/analysis/sessions.js';
import { readCapture, type CaptureEvent, type Frame } from '../../src/capture/index.js';
import type { Problem } from '../../src/problem.js';
import { ROOT } from '../helpers/cli.js';
import { corpus, recordSpans, type Corpus } from '../helpers/corpus.js';
import { int, mutate } from '../helpers/fuzz.js';
import { chunksOf, fuzzAsync, tweak } from '../helpers/fuzz-harness.js';

const TIMEOUT = 60_000;
const SEVERITIES = new Set(['error', 'warning', 'info']);

let c: Corpus;
let dir: string;
beforeAll(async () => {
  c = await corpus();
  dir = mkdtempSync(join(tmpdir(), 'ikescope-fuzz-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pick = <T>(r: () => number, list: readonly T[]): T => list[int(r, list.length)]!;

interface Outcome {
  readonly report?: Report;
  readonly fatal?: Problem;
  readonly records: number;
}

/** What `analyze` does with a capture, in-process: the report, or the fatal problem. */
async function analyze(events: AsyncIterable<CaptureEvent>, bytes: number): Promise<Outcome> {
  const builder = new SessionBuilder();
  const late: Problem[] = [];
  let format = 'pcap';
  let compressed = false;
  let records = 0;
  let lastFrame = 0;
  for await (const ev of decodeFrames(events)) {
    if (ev.kind === 'info') {
      format = ev.info.format;
      compressed = ev.info.compressed;
    } else if (ev.kind === 'record') {
      records++;
      lastFrame = ev.record.frame;
      builder.add(ev.record);
    } else if (ev.problem.fatal) {
      return { fatal: ev.problem, records };
    } else {
      late.push(ev.problem);
    }
  }
  const report = builder.finish({ path: 'fuzz.pcap', format, compressed, bytes }, late);
  checkReport(report, records, lastFrame);
  return { report, records };
}

/** The report is whole: serializable, counts match, every finding well-formed. */
function checkReport(report: Report, records: number, lastFrame: number): void {
  const json = JSON.parse(JSON.stringify(report)) as Report;
  if (json.schema !== 'ikescope.report/1') throw new Error(`schema ${json.schema}`);
  if (report.capture.frames !== records) throw new Error(`report counts ${report.capture.frames} frames, ${records} were decoded`);
  for (const sa of report.ikeSas) {
    if (!/^[0-9a-f]{16}$/.test(sa.ispi) || !/^[0-9a-f]{16}$/.test(sa.rspi)) throw new Error(`SPIs ${sa.ispi}/${sa.rspi}`);
    for (const m of sa.messages) {
      if (m.frames.length === 0 || m.frames.some((f) => !Number.isInteger(f) || f < 1 || f > lastFrame)) {
        throw new Error(`message frames ${m.frames.join(',')} outside 1..${lastFrame}`);
      }
    }
  }
  for (const f of report.findings) {
    if (typeof f.rule !== 'string' || !f.rule.includes('/') || !SEVERITIES.has(f.severity) || typeof f.title !== 'string') {
      throw new Error(`malformed finding ${JSON.stringify(f)}`);
    }
  }
}

async function* eventsOf(frames: readonly Frame[]): AsyncGenerator<CaptureEvent> {
  yield { kind: 'info', info: { format: 'pcap', compressed: false } };
  for (const frame of frames) yield { kind: 'frame', frame };
}

const hasTruncation = (o: Outcome) => o.report?.findings.some((f) => f.rule === 'capture/truncated-record') ?? false;

describe('pipeline fuzz (decodeFrames + SessionBuilder)', () => {
  it('mutated capture files, read in random chunks: always a report or a fatal problem, never a throw', async () => {
    let reports = 0;
    const run = await fuzzAsync({ name: 'pipeline/mutated-file', seed: 0x919e0001, cases: 3_000 }, async (r, _i, keep) => {
      const f = pick(r, c.files);
      const input = r() < 0.9 ? mutate(r, f.plain) : gzipSync(mutate(r, f.plain), { level: 1 });
      keep(input);
      const o = await analyze(readCapture(chunksOf(input, r)), input.length);
      if (o.report) reports++;
      else if (!o.fatal?.message) throw new Error('neither a report nor a fatal problem');
    });
    if (run.full) expect(reports).toBeGreaterThan(2000);
  }, TIMEOUT);

  it('captures with frames damaged, duplicated, dropped, reordered and mixed: always a report, never a throw', async () => {
    let ikeSas = 0;
    const run = await fuzzAsync({ name: 'pipeline/mutated-frames', seed: 0x919e0002, cases: 6_000 }, async (r, _i, keep) => {
      const base = pick(r, c.framesByCapture).frames;
      let list: Frame[] = base.slice();
      for (let k = int(r, 6); k > 0 && list.length > 0; k--) {
        const at = int(r, list.length);
        const f = list[at]!;
        switch (int(r, 7)) {
          case 0: case 1: list[at] = { ...f, data: tweak(r, f.data) }; break;
          case 2: list[at] = { ...f, data: mutate(r, f.data) }; break;
          case 3: list.splice(at, 0, f); break; // a retransmission or capture duplicate
          case 4: list.splice(at, 1); break; // a loss
          case 5: { const j = int(r, list.length); list[at] = list[j]!; list[j] = f; break; } // reordering
          default: list.splice(at, 0, pick(r, c.frames).frame); // traffic of another session
        }
      }
      if (r() < 0.1) list = list.map((f) => ({ ...f, sec: f.sec + int(r, 100) - 50 })); // a clock jump
      const frames = list.map((f, k) => ({ ...f, number: k + 1 }));
      keep(frames.map((f) => Buffer.from(f.data).toString('hex')).join(' '));
      const o = await analyze(eventsOf(frames), frames.reduce((n, f) => n + f.data.length, 0));
      ikeSas += o.report!.ikeSas.length;
    });
    if (run.full) expect(ikeSas).toBeGreaterThan(6000);
  }, TIMEOUT);

  it('every shipped capture cut at every byte offset within its last 3 records: a report, and a finding for a cut record', async () => {
    let cuts = 0;
    for (const f of c.files) {
      const spans = recordSpans(f.plain);
      const packets = spans.filter((s) => s.packet);
      expect(packets.length, f.name).toBeGreaterThanOrEqual(3);
      const from = packets[packets.length - 3]!.start;
      for (let cut = from; cut <= f.plain.length; cut++) {
        const part = f.plain.subarray(0, cut);
        const complete = packets.filter((s) => s.end <= cut).length;
        // Inside any record: a packet, or a pcapng block that follows the last packet.
        const inside = spans.some((s) => s.start < cut && cut < s.end);
        const forms = f.compressed ? [part, gzipSync(part, { level: 1 })] : [part];
        for (const input of forms) {
          let o: Outcome;
          try {
            o = await analyze(readCapture(chunksOf(input)), input.length);
          } catch (e) {
            throw new Error(`${f.name} cut at ${cut} of ${f.plain.length}${input === part ? '' : ' (gzip)'}: ${(e as Error).stack}`);
          }
          const where = `${f.name} cut at ${cut}${input === part ? '' : ' (gzip)'}`;
          expect(o.report, where).toBeDefined();
          expect(o.records, where).toBe(complete);
          expect(hasTruncation(o), where).toBe(inside);
          cuts++;
        }
      }
    }
    expect(cuts).toBeGreaterThan(7000);
  }, TIMEOUT);

  it('ikescope analyze on cut captures: exit 0 or 1, at most one line on stderr, no stack; exit 2 only when the header is gone', () => {
    const runs: { name: string; bytes: Uint8Array; headerGone?: boolean }[] = [];
    for (const f of c.files.filter((x) => /^(nat-t|ip-fragmented-auth|production-windows)\.pcap$|aes256cbc\.pcapng$|\.gz$/.test(x.name))) {
      const packets = recordSpans(f.plain).filter((s) => s.packet);
      const last = packets[packets.length - 1]!;
      const third = packets[packets.length - 3]!;
      // Inside the last record's header, and in the middle of the third-last record.
      for (const cut of [last.start + 5, Math.floor((third.start + third.end) / 2)]) {
        const part = f.plain.subarray(0, cut);
        runs.push({ name: `${f.name}.cut${cut}${f.compressed ? '.gz' : ''}`, bytes: f.compressed ? gzipSync(part) : part });
      }
    }
    // The gzip stream itself cut short (not the capture inside it).
    const gz = c.files.find((x) => x.compressed)?.bytes ?? gzipSync(c.files[0]!.plain);
    runs.push({ name: 'gzip-cut.pcapng.gz', bytes: gz.subarray(0, gz.length - 40) });
    // Only the first bytes of the magic: nothing says it is a capture.
    runs.push({ name: 'header-gone.pcap', bytes: c.files[0]!.plain.subarray(0, 3), headerGone: true });
    expect(runs.length).toBeGreaterThanOrEqual(10);
    runs.forEach((run, k) => {
      const path = join(dir, run.name);
      writeFileSync(path, run.bytes);
      // Text (the default) and JSON alternately: each spawn costs a Node start-up.
      for (const args of [k % 2 === 0 ? ['analyze', path] : ['analyze', path, '--format', 'json']]) {
        // Like helpers/cli.ts's ikescope(), with a time limit: a hang must fail, not stall CI.
        const p = spawnSync(process.execPath, [join(ROOT, 'bin/ikescope.js'), ...args], {
          encoding: 'utf8', timeout: 20_000, maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' },
        });
        const res = { status: p.status ?? -1, stdout: p.stdout, stderr: p.stderr };
        expect(p.signal, `ikescope ${args.join(' ')} was killed (hang?)`).toBeNull();
        const where = `ikescope ${args.join(' ')}: exit ${res.status}, stderr ${JSON.stringify(res.stderr)}`;
        const lines = res.stderr.split('\n').filter((l) => l.trim() !== '');
        expect(lines.length, where).toBeLessThanOrEqual(1);
        expect(res.stderr, where).not.toMatch(/\n\s+at |internal error|Error:/);
        if (run.headerGone) {
          expect(res.status, where).toBe(2);
          expect(lines, where).toHaveLength(1);
        } else {
          expect([0, 1], where).toContain(res.status);
          if (args.includes('json')) expect((JSON.parse(res.stdout) as Report).schema, where).toBe('ikescope.report/1');
          else expect(res.stdout, where).not.toBe('');
        }
      }
    });
  }, TIMEOUT);
});
