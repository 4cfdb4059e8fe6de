/**
 * The whole pipeline of DESIGN.md as one call: a capture file and keys in, the linted report
 * model out — what `ikescope analyze` prints, and what the suite runner and replay judge a
 * recorded session by. Streaming: memory follows the live SAs, not the file.
 */
import { statSync } from 'node:fs';
import { openCapture } from './capture/index.js';
import { decodeFrames } from './analysis/packets.js';
import { SessionBuilder, type FrameNotes } from './analysis/sessions.js';
import type { FrameRecord } from './analysis/packets.js';
import type { Report } from './analysis/model.js';
import type { KeyStore } from './keys/index.js';
import { lint } from './lint/run.js';
import type { Problem } from './problem.js';

export interface AnalyzeOptions {
  readonly keys?: KeyStore;
  /** Problems met while loading the keys: they become findings. */
  readonly keyProblems?: readonly Problem[];
  readonly assumeClient?: string;
  readonly ikePorts?: number[];
  readonly natTPorts?: number[];
  /** Called now and then with bytes read, the file's size and frames decoded. */
  readonly onProgress?: (bytes: number, total: number, frames: number) => void;
  /**
   * Every frame with what the analysis made of it (decrypted payloads, opened ESP). The
   * record's bytes are borrowed: copy what you keep before returning.
   */
  readonly onFrame?: (record: FrameRecord, notes: FrameNotes) => void;
}

/** A fatal problem of the file itself (missing, not a capture) is returned, never thrown. */
export async function analyzeCapture(path: string, o: AnalyzeOptions = {}): Promise<{ ok: true; report: Report } | { ok: false; problem: Problem }> {
  const builder = new SessionBuilder({ keys: o.keys, assumeClient: o.assumeClient });
  for (const p of o.keyProblems ?? []) builder.problem(p);
  let bytes = 0;
  let total = 0;
  let frames = 0;
  let format = 'pcap';
  let compressed = false;
  const late: Problem[] = [];
  // The pipeline keeps no frame bytes (it copies what it keeps): frames may borrow the buffers.
  const raw = openCapture(path, { borrowFrames: true, onBytes: (b, t) => { bytes = b; total = t; } });
  for await (const ev of decodeFrames(raw, { ikePorts: o.ikePorts, natTPorts: o.natTPorts })) {
    if (ev.kind === 'problem' && ev.problem.fatal) return { ok: false, problem: ev.problem };
    if (ev.kind === 'info') { format = ev.info.format; compressed = ev.info.compressed; }
    else if (ev.kind === 'record') {
      const notes = builder.add(ev.record);
      o.onFrame?.(ev.record, notes);
      if ((++frames & 0x3ff) === 0) o.onProgress?.(bytes, total, frames);
    } else late.push(ev.problem);
  }
  o.onProgress?.(bytes, total, frames);
  return { ok: true, report: lint(builder.finish({ path, format, compressed, bytes: statSync(path).size }, late)) };
}
