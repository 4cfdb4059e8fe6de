/**
 * The loop every fuzz test runs: one independent, replayable random stream per case, the first
 * escaping exception turned into a failure that names the seed, the case and the input, and a
 * watchdog that ends the test process when a case stops making progress (a hang).
 *
 * Replay one case: IKESCOPE_FUZZ_REPLAY=<seed>:<case> npx vitest run test/fuzz/<file>
 * (only the loop with that seed runs, and only that case; hex seeds as printed are accepted).
 * With IKESCOPE_FUZZ_DUMP=<dir>, a failing case's whole input is also written to a file there.
 */
import { mkdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fuzzCases, rng } from './fuzz.js';

/** The random stream of case `index` under `seed`: independent of every other case. */
export function caseRng(seed: number, index: number): () => number {
  // splitmix-style mixing so neighbouring (seed, index) pairs give unrelated streams.
  let z = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return rng((z ^ (z >>> 16)) >>> 0);
}

/** What a failing case shows: input bytes beyond this are elided. */
const SHOW_BYTES = 512;

export function hexPreview(b: Uint8Array): string {
  const h = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, SHOW_BYTES)).toString('hex');
  return b.length > SHOW_BYTES ? `${h}… (${b.length} bytes)` : `${h} (${b.length} bytes)`;
}

function replayTarget(): { seed: number; index: number } | undefined {
  const v = process.env.IKESCOPE_FUZZ_REPLAY;
  if (!v) return undefined;
  const m = /^(0x[0-9a-f]+|\d+):(\d+)$/i.exec(v.trim());
  if (!m) throw new Error(`IKESCOPE_FUZZ_REPLAY must be SEED:CASE, got ${v}`);
  return { seed: Number(m[1]) >>> 0, index: Number(m[2]) };
}

export const seedLabel = (seed: number): string => `0x${(seed >>> 0).toString(16).padStart(8, '0')}`;

/**
 * A case that goes this long without finishing is a hang: the watchdog prints which case it was
 * and kills the test process, since a synchronous loop cannot be interrupted any other way.
 */
const HANG_MS = Number(process.env.IKESCOPE_FUZZ_HANG_MS ?? 15_000);

class Watchdog {
  private static instance: Watchdog | undefined;
  /** [0]: progress counter, bumped per case; [1]: 1 while a loop runs. */
  readonly beat = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;

  private constructor() {
    this.worker = new Worker(
      `
      const { workerData, parentPort } = require('node:worker_threads');
      const fs = require('node:fs');
      const beat = new Int32Array(workerData.sab);
      let label = '', seed = '';
      parentPort.on('message', (m) => { label = m.label; seed = m.seed; });
      let last = -1, since = Date.now();
      setInterval(() => {
        const now = Atomics.load(beat, 0);
        if (now !== last || Atomics.load(beat, 1) === 0) { last = now; since = Date.now(); return; }
        if (Date.now() - since > workerData.hangMs) {
          fs.writeSync(2, '\\nFUZZ HANG: no progress for ' + workerData.hangMs + ' ms in ' + label + ' (seed ' + seed + '), case ' + now + '; replay: IKESCOPE_FUZZ_REPLAY=' + seed + ':' + now + '\\n');
          process.kill(process.pid, 'SIGKILL');
        }
      }, 250);
      `,
      { eval: true, workerData: { sab: this.beat.buffer, hangMs: HANG_MS } },
    );
    this.worker.unref();
  }

  static get(): Watchdog {
    return (Watchdog.instance ??= new Watchdog());
  }

  /** Says which case runs now; the message is delivered even while this thread is stuck. */
  label(name: string, seed: number): void {
    this.worker.postMessage({ label: name, seed: seedLabel(seed) });
  }
}

/**
 * A bug already found and reported, which the loop must step over so it can keep checking
 * everything else. Each one needs an `it.fails` test pinning its minimal case, which turns red
 * once the bug is fixed: then delete both. Matched on the exception, as precisely as possible.
 */
export interface KnownBug {
  readonly id: string;
  matches(error: unknown): boolean;
}

export interface FuzzSpec {
  /** Names the loop in failures. */
  readonly name: string;
  readonly seed: number;
  /** Default case count; IKESCOPE_FUZZ_CASES overrides it (see fuzzCases). */
  readonly cases: number;
  readonly known?: readonly KnownBug[];
}

export interface FuzzStats {
  readonly cases: number;
  /**
   * The whole default run (or more) took place: not a replay of one case, not fewer cases than
   * the default. Coverage checks ("the mutations reached the error path N times") hold only then.
   */
  readonly full: boolean;
  /** Cases that hit a known bug, by id. */
  readonly known: Readonly<Record<string, number>>;
}

/** What a case gives back so a failure can show it; return the input it built. */
export type CaseInput = Uint8Array | string | undefined;

function failure(spec: FuzzSpec, index: number, input: CaseInput, error: unknown): Error {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  let shown = input === undefined ? '' : `\n  input: ${typeof input === 'string' ? input : hexPreview(input)}`;
  const dump = process.env.IKESCOPE_FUZZ_DUMP;
  if (dump && input !== undefined) {
    mkdirSync(dump, { recursive: true });
    const file = join(dump, `${spec.name.replace(/\W+/g, '-')}-${seedLabel(spec.seed)}-${index}.${typeof input === 'string' ? 'txt' : 'bin'}`);
    writeFileSync(file, input);
    shown += `\n  written to ${file}`;
  }
  const e = new Error(
    `${spec.name}: case ${index} of seed ${seedLabel(spec.seed)} failed: ${what}${shown}\n` +
      `  replay: IKESCOPE_FUZZ_REPLAY=${seedLabel(spec.seed)}:${index}`,
  );
  if (error instanceof Error && error.stack) e.stack = `${e.message}\n  caused by ${error.stack}`;
  return e;
}

function isKnown(spec: FuzzSpec, error: unknown, hits: Record<string, number>): boolean {
  const bug = spec.known?.find((k) => k.matches(error));
  if (!bug) return false;
  hits[bug.id] = (hits[bug.id] ?? 0) + 1;
  return true;
}

/**
 * One fuzz loop's bookkeeping, shared by `fuzz` and `fuzzAsync`: which cases to run (all, or the
 * one being replayed), the watchdog's heartbeat, the input of the case under way, known bugs.
 */
function loop(spec: FuzzSpec) {
  const dog = Watchdog.get();
  const replay = replayTarget();
  const skip = replay !== undefined && replay.seed !== spec.seed >>> 0;
  const total = fuzzCases(spec.cases);
  const first = replay?.index ?? 0;
  const last = replay ? replay.index + 1 : total;
  let input: CaseInput;
  const known: Record<string, number> = {};
  if (!skip) {
    dog.label(spec.name, spec.seed);
    Atomics.store(dog.beat, 1, 1);
  }
  return {
    skip, first, last,
    keep: (i: CaseInput) => { input = i; },
    /** Starts case `i`: a heartbeat for the watchdog, no input yet. */
    start(i: number) { Atomics.store(dog.beat, 0, i); input = undefined; },
    /** A throw from case `i`: a known bug is counted, anything else fails with the case's input. */
    caught(i: number, e: unknown) { if (!isKnown(spec, e, known)) throw failure(spec, i, input, e); },
    stop() { Atomics.store(dog.beat, 1, 0); },
    stats(): FuzzStats {
      for (const [id, n] of Object.entries(known)) note(`${spec.name}: ${n} of ${last - first} cases hit the known bug ${id} (see test/fuzz/known-bugs.ts)`);
      return { cases: last - first, full: !replay && total >= spec.cases, known };
    },
  };
}

const SKIPPED: FuzzStats = { cases: 0, full: false, known: {} };

/**
 * Runs `body` once per case with that case's random stream. `body` builds the input, records it
 * with `keep` before decoding (so a throw can show it), then decodes and checks properties.
 */
export function fuzz(spec: FuzzSpec, body: (r: () => number, index: number, keep: (input: CaseInput) => void) => void): FuzzStats {
  const l = loop(spec);
  if (l.skip) return SKIPPED;
  try {
    for (let i = l.first; i < l.last; i++) {
      l.start(i);
      try {
        body(caseRng(spec.seed, i), i, l.keep);
      } catch (e) {
        l.caught(i, e);
      }
    }
  } finally {
    l.stop();
  }
  return l.stats();
}

/** `fuzz` for asynchronous decoders (the capture reader, the pipeline). */
export async function fuzzAsync(
  spec: FuzzSpec,
  body: (r: () => number, index: number, keep: (input: CaseInput) => void) => Promise<void>,
): Promise<FuzzStats> {
  const l = loop(spec);
  if (l.skip) return SKIPPED;
  try {
    for (let i = l.first; i < l.last; i++) {
      l.start(i);
      try {
        await body(caseRng(spec.seed, i), i, l.keep);
      } catch (e) {
        l.caught(i, e);
      }
    }
  } finally {
    l.stop();
  }
  return l.stats();
}

/** Writes a line to the real stderr (vitest buffers console output per test). */
export function note(line: string): void {
  writeSync(2, line + '\n');
}

/**
 * `bytes` as an async stream of chunks: whole without `r`, else cut at random sizes (many tiny
 * chunks, some mid-sized, a few large), as a file or socket might deliver them.
 */
export async function* chunksOf(bytes: Uint8Array, r?: () => number): AsyncGenerator<Uint8Array> {
  if (!r) {
    yield bytes;
    return;
  }
  for (let at = 0; at < bytes.length; ) {
    const k = r();
    const n = 1 + Math.floor(k < 0.5 ? r() * 16 : k < 0.85 ? r() * 512 : r() * 65_536);
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

/**
 * Equality of decoded values (plain objects, arrays, Uint8Arrays, primitives), much faster
 * than util.isDeepStrictEqual on values holding thousands of small byte arrays. Keys whose
 * value is undefined count as absent, as in vitest's toEqual.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * A gentler mutation than `mutate`: 1-3 bytes changed in place, the length kept, so length
 * fields around stay true and the damage reaches the fields inside.
 */
export function tweak(r: () => number, input: Uint8Array): Uint8Array {
  const b = new Uint8Array(input); // a copy even of a Buffer (whose slice() would share memory)
  if (b.length === 0) return b;
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const at = Math.floor(r() * b.length);
    b[at] = r() < 0.5 ? b[at]! ^ (1 << Math.floor(r() * 8)) : [0, 1, 2, 4, 8, 0x7f, 0x80, 0xff][Math.floor(r() * 8)]!;
  }
  return b;
}
