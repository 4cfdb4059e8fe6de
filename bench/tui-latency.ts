/**
 * The TUI on a large capture (issue 6): how soon the first screen and the first IKE_SA appear,
 * how long loading takes next to `ikescope analyze` on the same file, and how fast a key is
 * answered while the capture is still loading, all in a real terminal (tmux, bench/tmux.ts).
 *
 * A key's latency is from `tmux send-keys` to the first capture-pane showing its effect (the
 * help view opening with `?`, closing with Esc), so it includes the tmux round trips; the
 * capture-pane cost alone is measured and printed beside it. Samples count as "during loading"
 * only when the screen still said "loading" after the key was answered.
 *
 *   node dist/bench/tui-latency.js [--frames N] [--repeat R] [--out DIR] [--fresh]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchOptions, median, ROOT } from './measure.js';
import { synthesize } from './synth.js';
import { synthesizeEncrypted } from './synth-encrypted.js';
import { TmuxPane, tmuxAvailable } from './tmux.js';

interface Launch {
  firstScreenMs: number;
  firstSaMs: number;
  loadedMs: number;
  duringLoad: number[];
  afterLoad: number[];
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => (Number.isNaN(x) ? '—' : `${x.toFixed(0)} ms`);

async function keyLatency(p: TmuxPane): Promise<{ ms: number; loading: boolean }[]> {
  const out: { ms: number; loading: boolean }[] = [];
  for (const [key, want] of [['?', 'Esc or ? closes'], ['Escape', 'sort: ']] as const) {
    const t = performance.now();
    p.send([key]);
    const r = await p.waitFor(want, 20_000, 3);
    out.push({ ms: r.at - t, loading: /\bloading +\d+%/.test(r.screen) });
  }
  return out;
}

async function launch(capture: string, keys: string[]): Promise<Launch> {
  const start = performance.now();
  const p = new TmuxPane(['node', join(ROOT, 'dist/cli/main.js'), 'tui', capture, ...keys.flatMap((k) => ['--keys', k])], 120, 40);
  try {
    const first = await p.waitFor(/ 1 sessions/, 60_000, 3);
    const sa = await p.waitFor(/› ike-1/, 60_000, 3);
    const duringLoad: number[] = [];
    let loadedAt: number | undefined;
    while (loadedAt === undefined) {
      for (const s of await keyLatency(p)) if (s.loading) duringLoad.push(s.ms);
      const screen = p.screen();
      if (screen.includes('loaded 100%')) loadedAt = performance.now();
    }
    // When loading ended, to the capture-pane's resolution.
    const loaded = await p.waitFor('loaded 100%', 600_000, 3);
    const afterLoad: number[] = [];
    for (let i = 0; i < 5; i++) for (const s of await keyLatency(p)) afterLoad.push(s.ms);
    p.send(['q']);
    return { firstScreenMs: first.at - start, firstSaMs: sa.at - start, loadedMs: Math.min(loaded.at, loadedAt) - start, duringLoad, afterLoad };
  } finally {
    p.kill();
  }
}

/** Loading alone: no keys pressed, the screen read every 50 ms (so the benchmark takes little CPU from it). */
async function quietLoad(capture: string, keys: string[]): Promise<number> {
  const start = performance.now();
  const p = new TmuxPane(['node', join(ROOT, 'dist/cli/main.js'), 'tui', capture, ...keys.flatMap((k) => ['--keys', k])], 120, 40);
  try {
    return (await p.waitFor('loaded 100%', 600_000, 50)).at - start;
  } finally {
    p.kill();
  }
}

function analyzeMs(capture: string, keys: string[]): number {
  const t = performance.now();
  try {
    execFileSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'analyze', capture, ...keys.flatMap((k) => ['--keys', k]), '--format', 'json'], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
  } catch { /* exit 1: findings */ }
  return performance.now() - t;
}

function capturePaneMs(): number {
  const p = new TmuxPane(['sh', '-c', 'sleep 30'], 120, 40);
  try {
    const xs: number[] = [];
    for (let i = 0; i < 30; i++) { const t = performance.now(); p.screen(); xs.push(performance.now() - t); }
    return median(xs);
  } finally {
    p.kill();
  }
}

async function main(): Promise<void> {
  const o = benchOptions('tui-latency.js');
  const why = tmuxAvailable();
  if (why) throw new Error(why);
  mkdirSync(o.out, { recursive: true });
  const plain = join(o.out, `esp-${o.frames}.pcap`);
  if (o.fresh || !existsSync(plain)) await synthesize(plain, { frames: o.frames });
  const keysDir = join(o.out, `enc-${o.frames}-keys`);
  const enc = join(o.out, `esp-enc-${o.frames}.pcap`);
  if (o.fresh || !existsSync(enc) || !existsSync(join(keysDir, 'keys.json'))) await synthesizeEncrypted(enc, { frames: o.frames, keysDir });
  const cases = [
    { name: `${o.frames} ESP frames, no keys`, capture: plain, keys: [] as string[] },
    { name: `${o.frames} ESP frames, decrypted (keys.json)`, capture: enc, keys: [join(keysDir, 'keys.json')] },
  ];
  const pane = capturePaneMs();
  const results = [];
  for (const c of cases) {
    const runs: Launch[] = [];
    const analyze: number[] = [];
    const quiet: number[] = [];
    for (let i = 0; i < o.repeat; i++) {
      runs.push(await launch(c.capture, c.keys));
      quiet.push(await quietLoad(c.capture, c.keys));
      analyze.push(analyzeMs(c.capture, c.keys));
    }
    const during = runs.flatMap((r) => r.duringLoad);
    const after = runs.flatMap((r) => r.afterLoad);
    const row = {
      case: c.name,
      firstScreenMs: median(runs.map((r) => r.firstScreenMs)),
      firstIkeSaMs: median(runs.map((r) => r.firstSaMs)),
      loadedMs: median(runs.map((r) => r.loadedMs)),
      loadedQuietMs: median(quiet),
      analyzeMs: median(analyze),
      keyDuringLoad: { samples: during.length, medianMs: median(during), p95Ms: pct(during, 95), maxMs: Math.max(...during) },
      keyAfterLoad: { samples: after.length, medianMs: median(after), p95Ms: pct(after, 95), maxMs: Math.max(...after) },
    };
    results.push(row);
    process.stdout.write(`\n${c.name} (median of ${o.repeat} launches, 120×40 tmux pane)\n`
      + `  first screen        ${ms(row.firstScreenMs)}\n`
      + `  first IKE_SA shown  ${ms(row.firstIkeSaMs)}\n`
      + `  loaded              ${ms(row.loadedQuietMs)} with no key pressed, ${ms(row.loadedMs)} while keys are pressed and the screen polled (ikescope analyze --format json: ${ms(row.analyzeMs)})\n`
      + `  key while loading   median ${ms(row.keyDuringLoad.medianMs)}, p95 ${ms(row.keyDuringLoad.p95Ms)}, max ${ms(row.keyDuringLoad.maxMs)} (${row.keyDuringLoad.samples} keys)\n`
      + `  key after loading   median ${ms(row.keyAfterLoad.medianMs)}, p95 ${ms(row.keyAfterLoad.p95Ms)}, max ${ms(row.keyAfterLoad.maxMs)} (${row.keyAfterLoad.samples} keys)\n`);
  }
  process.stdout.write(`\none tmux capture-pane takes ${ms(pane)} (median): key latencies include one or more of them\n`);
  writeFileSync(join(o.out, 'tui-latency.json'), JSON.stringify({ schema: 'ikescope.bench-tui/1', capturePaneMs: pane, results }, null, 2) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`tui-latency: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
