/**
 * Loading a capture for the TUI: the same pipeline as `ikescope analyze` (openCapture →
 * decodeFrames → SessionBuilder → lint), run on the UI's own thread in slices.
 *
 * Why slices and not a worker thread: the UI needs the live model (partial IKE_SAs while loading)
 * and the decoded IKE messages of the frame the user selects. A worker would have to clone the
 * model into the UI thread on every snapshot and answer a request for every selected message;
 * here both are plain references. The price is that decoding shares the thread with rendering,
 * so the loop yields to the event loop (setImmediate, after pending I/O: keystrokes) whenever a
 * slice has run `sliceMs`, and a key waits at most one slice. bench/tui-latency.ts measures it.
 *
 * The UI never re-parses packets: what it shows of a frame (payload tree, hex) is what the
 * pipeline decoded while loading, kept for IKE messages only, which the model's memory bound
 * (DESIGN.md: it grows with SAs and IKE messages, not ESP volume) already allows.
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { REPORT_SCHEMA, type IkeSaRecord, type Report } from '../analysis/model.js';
import { decodeFrames } from '../analysis/packets.js';
import { SessionBuilder } from '../analysis/sessions.js';
import { openCapture } from '../capture/index.js';
import { parseMessage, type IkeMessage } from '../ikev2/message.js';
import type { Payload } from '../ikev2/payload.js';
import { lint } from '../lint/run.js';
import type { Problem } from '../problem.js';
import type { AnalyzeOptions } from '../pipeline.js';

export interface LoadProgress {
  /** Bytes of the file read so far, and its size. */
  readonly bytes: number;
  readonly total: number;
  readonly frames: number;
  readonly ikeSas: number;
  /** IKE_SAs whose encrypted payloads opened with the keys given. */
  readonly keysMatched: number;
  readonly elapsedMs: number;
}

export interface Snapshot {
  readonly progress: LoadProgress;
  /** While loading: the IKE_SAs as they stand (no findings yet); when done: the linted report. */
  readonly report: Report;
  readonly done: boolean;
  /** A fatal problem of the file (not a capture): loading stopped. */
  readonly error?: string;
}

/** One IKE message as the pipeline decoded it, for the payload tree and the hex pane. */
export interface FrameDetail {
  readonly frame: number;
  /** The IKE message (from the IKE header on), a copy of the frame's bytes. */
  readonly bytes: Uint8Array;
  readonly message: IkeMessage;
  /** With keys: the decrypted inner payloads and the plaintext they were read from. */
  readonly inner?: { readonly payloads: readonly Payload[]; readonly plaintext?: Uint8Array; readonly integrity: string };
  /** Why the encrypted payload stayed closed, when keys were given. */
  readonly closed?: string;
}

export class DetailStore {
  private readonly byFrame = new Map<number, FrameDetail>();

  add(d: FrameDetail, frames: readonly number[]): void {
    for (const f of frames) this.byFrame.set(f, d);
  }

  get(frame: number): FrameDetail | undefined {
    return this.byFrame.get(frame);
  }

  /** The frame of a message to show: the one holding the decrypted payloads (an SKF message's last fragment), else the first. */
  forMessage(frames: readonly number[]): FrameDetail | undefined {
    const all = frames.map((f) => this.byFrame.get(f)).filter((d): d is FrameDetail => d !== undefined);
    return all.find((d) => d.inner) ?? all[0];
  }
}

/** What analyze takes (src/pipeline.ts), plus the pacing of a load the UI stays live during. */
export interface LoadOptions extends Pick<AnalyzeOptions, 'keys' | 'keyProblems' | 'assumeClient' | 'ikePorts' | 'natTPorts'> {
  readonly path: string;
  /** How long the loop may run before it yields to the event loop. */
  readonly sliceMs?: number;
  /** At most one snapshot per this many milliseconds while loading (the first IKE_SA is shown at once). */
  readonly snapshotMs?: number;
  readonly signal?: AbortSignal;
  readonly onSnapshot: (s: Snapshot) => void;
}

export interface Loading {
  readonly details: DetailStore;
  /** Settles when the capture is read (or loading stopped); never rejects. */
  readonly finished: Promise<Snapshot>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function partialReport(path: string, meta: { format: string; compressed: boolean; bytes: number }, p: { frames: number; ikeSas: readonly IkeSaRecord[] }, sources: readonly string[]): Report {
  return {
    schema: REPORT_SCHEMA,
    capture: { path, format: meta.format, compressed: meta.compressed, frames: p.frames, bytes: meta.bytes },
    keys: { sources: [...sources], ikeSasDecrypted: p.ikeSas.filter((s) => s.decrypted).length, childSasDecrypted: 0 },
    ikeSas: [...p.ikeSas],
    esp: [],
    ikev1: { messages: 0, frames: [] },
    natKeepalives: 0,
    findings: [],
  };
}

export function loadCapture(o: LoadOptions): Loading {
  const details = new DetailStore();
  const finished = run(o, details);
  return { details, finished };
}

async function run(o: LoadOptions, details: DetailStore): Promise<Snapshot> {
  const started = performance.now();
  const sliceMs = o.sliceMs ?? 8;
  const snapshotMs = o.snapshotMs ?? 150;
  const builder = new SessionBuilder({ keys: o.keys, assumeClient: o.assumeClient });
  for (const p of o.keyProblems ?? []) builder.problem(p);
  let bytes = 0;
  let total = 0;
  try { total = statSync(o.path).size; } catch { /* the reader reports it */ }
  const meta = { format: 'pcap', compressed: false, bytes: total };
  const sources = o.keys?.sources ?? [];
  let lastSnapshot = -Infinity;
  let shownSas = 0;
  const progress = (): LoadProgress => {
    const p = builder.partial();
    return { bytes, total, frames: p.frames, ikeSas: p.ikeSas.length, keysMatched: p.ikeSas.filter((s) => s.decrypted).length, elapsedMs: performance.now() - started };
  };
  const snapshot = () => {
    const p = builder.partial();
    shownSas = p.ikeSas.length;
    lastSnapshot = performance.now();
    o.onSnapshot({ progress: progress(), report: partialReport(o.path, meta, p, sources), done: false });
  };
  const late: Problem[] = [];
  const stop = (error: string): Snapshot => {
    const s: Snapshot = { progress: progress(), report: partialReport(o.path, meta, builder.partial(), sources), done: true, error };
    o.onSnapshot(s);
    return s;
  };
  try {
    // The pipeline keeps no frame bytes (it copies what it keeps), so frames may borrow buffers;
    // the details below copy the IKE messages they keep.
    const raw = openCapture(o.path, { borrowFrames: true, onBytes: (b, t) => { bytes = b; total = t; } });
    let slice = performance.now();
    let n = 0;
    for await (const ev of decodeFrames(raw, { ikePorts: o.ikePorts, natTPorts: o.natTPorts })) {
      if (o.signal?.aborted) return stop('loading stopped');
      if (ev.kind === 'info') { meta.format = ev.info.format; meta.compressed = ev.info.compressed; continue; }
      if (ev.kind === 'problem') {
        if (ev.problem.fatal) return stop(ev.problem.message);
        late.push(ev.problem);
        continue;
      }
      const r = ev.record;
      const notes = builder.add(r);
      const c = r.net.content;
      if (r.ike?.version === 2 && c.kind === 'ike') {
        // The record's decoded message points into a borrowed buffer the reader reuses: the
        // kept copy is decoded by the same parser (parseMessage, as decodeFrames did).
        const copy = c.bytes.slice();
        const m = parseMessage(copy);
        if (m.ok) {
          details.add({
            frame: r.frame, bytes: copy, message: m.value,
            inner: notes.inner ? { payloads: notes.inner.payloads, plaintext: notes.inner.plaintext, integrity: notes.inner.integrity } : undefined,
            closed: notes.closed?.message,
          }, r.net.frames);
        }
      }
      // Usable as soon as the first IKE_SA is known.
      if (shownSas === 0 && r.ike && builder.partial().ikeSas.length > 0) snapshot();
      // The clock is read every 64 frames: cheap, and at most a few hundred µs of work apart.
      if ((++n & 0x3f) === 0) {
        const now = performance.now();
        if (now - lastSnapshot >= snapshotMs) snapshot();
        if (now - slice >= sliceMs) {
          await yieldToEventLoop();
          slice = performance.now();
        }
      }
    }
  } catch (e) {
    return stop(e instanceof Error ? e.message : String(e));
  }
  const report = lint(builder.finish({ path: o.path, format: meta.format, compressed: meta.compressed, bytes: total }, late));
  const s: Snapshot = { progress: { ...progress(), bytes: total, total }, report, done: true };
  o.onSnapshot(s);
  return s;
}
