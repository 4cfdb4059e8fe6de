/**
 * Timing one command as its own process, shared by bench/run.ts and bench/decrypt.ts: wall
 * clock from here, and from GNU time (when /usr/bin/time is GNU time) the peak RSS (%M) and
 * the CPU time (%U + %S); without it the peak RSS comes from polling /proc/PID/status VmHWM,
 * which can miss a short peak, and there is no CPU time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const GNU_TIME = '/usr/bin/time';

export interface Run {
  readonly wallMs: number;
  /** Peak resident set size of the process, in kB. */
  readonly rssKb: number;
  /** User + system CPU time of the process (GNU time only). */
  readonly cpuMs?: number;
  readonly status: number;
  readonly stdout?: string;
  readonly stderr: string;
}

export const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;

let runs = 0;

/**
 * Runs a command with its stdout to /dev/null (or kept), timing the wall clock from here and
 * taking the peak RSS from GNU time's %M, or, without GNU time, from /proc/PID/status VmHWM.
 */
export async function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv, keepStdout = false): Promise<Run> {
  const devnull = openSync('/dev/null', 'w');
  const timeFile = join(tmpdir(), `ikescope-bench-time-${process.pid}-${++runs}`);
  const [bin, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const started = process.hrtime.bigint();
  const child = spawn(bin, argv, { env, stdio: ['ignore', keepStdout ? 'pipe' : devnull, 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { if (stderr.length < 4096) stderr += d.toString(); });
  let hwm = 0;
  const poll = hasGnuTime ? undefined : setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) hwm = Math.max(hwm, Number(m[1]));
    } catch { /* exited */ }
  }, 10);
  const status = await new Promise<number>((res) => child.on('close', (code) => res(code ?? -1)));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (poll) clearInterval(poll);
  closeSync(devnull);
  let rssKb = hwm;
  let cpuMs: number | undefined;
  if (hasGnuTime) {
    // The last line: GNU time writes "Command exited with non-zero status N" before it.
    const [user, sys, rss] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    rssKb = rss!;
    cpuMs = (user! + sys!) * 1000;
    rmSync(timeFile, { force: true });
  }
  return { wallMs, rssKb, cpuMs, status, stdout: keepStdout ? stdout : undefined, stderr };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** dist/bench/*.js → the project root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BenchOptions {
  frames: number;
  repeat: number;
  out: string;
  memory: boolean;
  fresh: boolean;
}

/** The options every bench runner takes; `script` names it in the usage line. */
export function benchOptions(script: string, argv: string[] = process.argv.slice(2)): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      frames: { type: 'string' },
      repeat: { type: 'string' },
      out: { type: 'string' },
      'no-memory': { type: 'boolean' },
      fresh: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`usage: node dist/bench/${script} [--frames N] [--repeat R] [--out DIR] [--no-memory] [--fresh]\n`);
    process.exit(0);
  }
  const int = (v: string | undefined, d: number, name: string) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive integer`);
    return n;
  };
  return {
    frames: int(values.frames, 200_000, 'frames'),
    repeat: int(values.repeat, 3, 'repeat'),
    out: resolve(values.out ?? join(ROOT, 'bench/out')),
    memory: !values['no-memory'],
    fresh: values.fresh === true,
  };
}

/** One command a bench runner measures. */
export interface Subject {
  readonly name: string;
  readonly cmd: string;
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
  /** Exit codes that mean it ran through (analyze exits 1 on findings at --fail-on). */
  readonly ok: number[];
  /** The in-process pass reports its own pipeline time, without process start-up. */
  readonly inProcess?: boolean;
  /** The reference the ratio is taken to. */
  readonly reference?: boolean;
  /** Context only: not decrypting. */
  readonly context?: boolean;
  /** Checks one run's output: why it is not a complete run, or undefined. */
  readonly check?: (r: Run) => string | undefined;
}

/** One run of a subject, as the tables read it. */
export interface RunRecord { wallMs: number; cpuMs?: number; rssKb: number; pipelineMs?: number }

/**
 * Every subject `repeat` times, interleaved (so a slow moment of the machine hits all of them
 * alike), each run checked: its exit code, the in-process pass's frame counts against the
 * capture's, and the subject's own check, whose verdict lands in `checked`.
 */
export async function runInterleaved(list: readonly Subject[], repeat: number, cap: { frames: number; espFrames: number }, checked?: Map<string, string>): Promise<Map<string, RunRecord[]>> {
  const runs = new Map<string, RunRecord[]>(list.map((s) => [s.name, []]));
  for (let rep = 0; rep < repeat; rep++) {
    for (const s of list) {
      const r = await measure(s.cmd, s.args, s.env, s.inProcess);
      if (!s.ok.includes(r.status)) throw new Error(`${s.name} exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
      let pipelineMs: number | undefined;
      if (s.inProcess) {
        const out = JSON.parse(r.stdout!) as { ms: number; records: number; espPackets: number };
        if (out.records !== cap.frames || out.espPackets !== cap.espFrames) {
          throw new Error(`${s.name} counted ${out.records} frames / ${out.espPackets} ESP, the capture has ${cap.frames} / ${cap.espFrames}`);
        }
        pipelineMs = out.ms;
      }
      const c = s.check?.(r);
      if (c) checked?.set(s.name, c);
      runs.get(s.name)!.push({ wallMs: r.wallMs, cpuMs: r.cpuMs, rssKb: r.rssKb, pipelineMs });
      process.stderr.write(`  run ${rep + 1}/${repeat} ${s.name}: ${(r.wallMs / 1000).toFixed(2)} s${pipelineMs !== undefined ? ` (pipeline ${(pipelineMs / 1000).toFixed(2)} s)` : ''}, ${(r.rssKb / 1024).toFixed(0)} MB\n`);
    }
  }
  return runs;
}
