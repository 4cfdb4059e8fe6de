/**
 * ikescope next to tshark on the same synthesized capture, in one run (see bench/README.md).
 *
 *   npm run bench                         # 200,000 ESP frames, 3 runs each, memory check
 *   node dist/bench/run.js --frames 50000 --repeat 5 --no-memory
 *   npm run bench -- --decrypt            # the decryption benchmark instead (bench/decrypt.ts)
 *
 * Prints a table and writes bench/out/results.json. Not a test: nothing here passes or fails on
 * a timing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { hasGnuTime, measure, median, benchOptions, ROOT, type Subject, runInterleaved } from './measure.js';
import { synthesize, type SynthResult } from './synth.js';



/** The capture for `frames` ESP frames, synthesized once and reused (delete it or pass --fresh). */
async function capture(dir: string, frames: number, fresh: boolean): Promise<SynthResult> {
  const path = join(dir, `esp-${frames}.pcap`);
  const meta = `${path}.json`;
  if (!fresh && existsSync(path) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as SynthResult;
    if (statSync(path).size === m.bytes) return m;
  }
  const t = Date.now();
  process.stderr.write(`synthesizing ${relative(process.cwd(), path)} (${frames} ESP frames)… `);
  const r = await synthesize(path, { frames });
  process.stderr.write(`${(r.bytes / 1e6).toFixed(1)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  writeFileSync(meta, JSON.stringify(r, null, 2));
  return r;
}


interface Row {
  name: string;
  command: string;
  runs: { wallMs: number; rssKb: number; pipelineMs?: number }[];
  wallMs: number;
  framesPerSec: number;
  mbPerSec: number;
  peakRssMb: number;
  vsTshark: number | null;
  note?: string;
}

function subjects(file: string, wsConfig: string): Subject[] {
  const node = process.execPath;
  const cli = join(ROOT, 'bin/ikescope.js');
  const ws = { ...process.env, WIRESHARK_CONFIG_DIR: wsConfig };
  const plain = { ...process.env, NO_COLOR: '1' };
  return [
    { name: 'tshark -r (default dissection)', cmd: 'tshark', args: ['-r', file], env: ws, ok: [0] },
    { name: 'tshark -T fields esp.spi esp.sequence', cmd: 'tshark', args: ['-r', file, '-T', 'fields', '-e', 'esp.spi', '-e', 'esp.sequence'], env: ws, ok: [0] },
    { name: 'ikescope dump --format jsonl', cmd: node, args: [cli, 'dump', '--format', 'jsonl', file], env: plain, ok: [0] },
    { name: 'ikescope analyze --format json', cmd: node, args: [cli, 'analyze', file, '--format', 'json'], env: plain, ok: [0, 1] },
    { name: 'in-process pass (read-only)', cmd: node, args: [join(ROOT, 'dist/bench/pass.js'), file], env: plain, ok: [0], inProcess: true },
  ];
}

function table(rows: Row[]): string {
  const head = ['', 'wall s', 'frames/s', 'MB/s', 'peak RSS MB', 'time vs tshark -r'];
  const body = rows.map((r) => [
    r.name,
    (r.wallMs / 1000).toFixed(2),
    Math.round(r.framesPerSec).toLocaleString('en-US'),
    r.mbPerSec.toFixed(1),
    r.peakRssMb.toFixed(0),
    r.vsTshark === null ? '—' : `${r.vsTshark.toFixed(2)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const o = benchOptions('run.js');
  mkdirSync(o.out, { recursive: true });
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('not built: run `npm run bench` (it builds first) or `npx tsc -p tsconfig.json`');
  const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  const tsharkVersion = tshark.status === 0 ? tshark.stdout.split('\n')[0]!.trim() : null;
  const wsConfig = mkdtempSync(join(tmpdir(), 'ikescope-bench-ws-'));
  writeFileSync(join(wsConfig, 'preferences'), ''); // the user's preferences must not change tshark's work

  const cap = await capture(o.out, o.frames, o.fresh);
  const mb = cap.bytes / 1e6;
  process.stderr.write(`capture: ${cap.frames} frames (${cap.espFrames} ESP, ${cap.ikeFrames} IKE), ${mb.toFixed(1)} MB; ` +
    `peak RSS from ${hasGnuTime ? 'GNU time %M' : '/proc/PID/status VmHWM'}; ${o.repeat} runs each, interleaved, median\n`);

  const list = subjects(cap.path, wsConfig).filter((s) => s.cmd !== 'tshark' || tsharkVersion !== null);
  const runs = await runInterleaved(list, o.repeat, cap);

  const rows: Row[] = list.map((s) => {
    const rs = runs.get(s.name)!;
    // The in-process pass is timed inside its process: start-up excluded, that is its point.
    const wallMs = median(rs.map((r) => r.pipelineMs ?? r.wallMs));
    return {
      name: s.name,
      command: [s.cmd === process.execPath ? 'node' : s.cmd, ...s.args.map((a) => (a.startsWith(ROOT) ? relative(ROOT, a) : a))].join(' '),
      runs: rs,
      wallMs,
      framesPerSec: cap.frames / (wallMs / 1000),
      mbPerSec: mb / (wallMs / 1000),
      peakRssMb: median(rs.map((r) => r.rssKb)) / 1024,
      vsTshark: null,
      note: s.inProcess ? 'time measured inside the process (no Node start-up)' : undefined,
    };
  });
  const ref = rows.find((r) => r.name.startsWith('tshark -r'));
  for (const r of rows) r.vsTshark = ref ? r.wallMs / ref.wallMs : null;

  let memory: Record<string, unknown> | undefined;
  if (o.memory) {
    const big = await capture(o.out, o.frames * 4, o.fresh);
    const analyze = list.find((s) => s.name.startsWith('ikescope analyze'))!;
    const at = async (c: SynthResult) => {
      const r = await measure(analyze.cmd, analyze.args.map((a) => (a === cap.path ? c.path : a)), analyze.env);
      if (!analyze.ok.includes(r.status)) throw new Error(`analyze on ${c.path} exited ${r.status}: ${r.stderr.trim()}`);
      return { frames: c.frames, mb: c.bytes / 1e6, wallMs: r.wallMs, peakRssMb: r.rssKb / 1024 };
    };
    const small = await at(cap);
    const large = await at(big);
    memory = { command: 'ikescope analyze FILE --format json', small, large, rssRatio: large.peakRssMb / small.peakRssMb };
  }

  const results = {
    schema: 'ikescope.bench/1',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, tshark: tsharkVersion, rss: hasGnuTime ? 'GNU time %M' : '/proc VmHWM' },
    capture: { path: relative(ROOT, cap.path), frames: cap.frames, espFrames: cap.espFrames, ikeFrames: cap.ikeFrames, bytes: cap.bytes, spis: cap.spis },
    repeat: o.repeat,
    rows,
    memory: memory ?? null,
  };
  writeFileSync(join(o.out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  rmSync(wsConfig, { recursive: true, force: true });

  const out: string[] = [];
  out.push(`ikescope vs tshark — ${cap.frames.toLocaleString('en-US')} frames, ${mb.toFixed(1)} MB (${relative(process.cwd(), cap.path)}), median of ${o.repeat}`);
  out.push(`${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${tsharkVersion ?? 'tshark not installed'}`);
  out.push('');
  out.push(table(rows));
  out.push('');
  out.push('time vs tshark -r: wall time divided by that of `tshark -r FILE` (below 1 is faster).');
  out.push('The in-process row is the pipeline alone (openCapture → decodeFrames → SessionBuilder), timed inside its process.');
  if (memory) {
    const m = memory as { small: { frames: number; peakRssMb: number; wallMs: number }; large: { frames: number; peakRssMb: number; wallMs: number }; rssRatio: number };
    out.push('');
    out.push(`memory (ikescope analyze): ${m.small.frames.toLocaleString('en-US')} frames → ${m.small.peakRssMb.toFixed(0)} MB peak RSS (${(m.small.wallMs / 1000).toFixed(1)} s); ` +
      `${m.large.frames.toLocaleString('en-US')} frames (4×) → ${m.large.peakRssMb.toFixed(0)} MB (${(m.large.wallMs / 1000).toFixed(1)} s); ratio ${m.rssRatio.toFixed(2)}`);
  }
  out.push(`results: ${relative(process.cwd(), join(o.out, 'results.json'))}`);
  process.stdout.write(out.join('\n') + '\n');
}

// `npm run bench -- --decrypt [options]` runs the decryption benchmark (bench/decrypt.ts) instead.
const decrypt = process.argv.indexOf('--decrypt');
(decrypt >= 0
  ? import('./decrypt.js').then((d) => d.main(process.argv.slice(2).filter((_, i) => i !== decrypt - 2)))
  : main()
).catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
