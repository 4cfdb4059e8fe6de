/**
 * Opening a capture for a command: the reader, the decode stage and progress on stderr. A fatal
 * capture problem (missing file, not a capture) becomes the one-line usage error (exit 2).
 */
import { openCapture } from '../src/capture/index.js';
import { decodeFrames, type PipelineEvent } from '../src/analysis/packets.js';
import { progressOnStderr } from './progress.js';
import { UsageError } from './usage-error.js';

export interface SourceOptions {
  readonly ikePorts?: number[];
  readonly natTPorts?: number[];
}

export async function* captureEvents(path: string, command: string, opts: SourceOptions = {}): AsyncGenerator<PipelineEvent> {
  const progress = progressOnStderr(command);
  let bytes = 0;
  let total = 0;
  let frames = 0;
  // The pipeline keeps no frame bytes (it copies what it keeps): frames may borrow the buffers.
  const raw = openCapture(path, { borrowFrames: true, onBytes: (b, t) => { bytes = b; total = t; } });
  try {
    for await (const ev of decodeFrames(raw, { ikePorts: opts.ikePorts, natTPorts: opts.natTPorts })) {
      if (ev.kind === 'problem' && ev.problem.fatal) throw new UsageError(`${path}: ${ev.problem.message}`);
      if (ev.kind === 'record') {
        frames++;
        if ((frames & 0x3ff) === 0) progress.update(bytes, total, frames);
      }
      yield ev;
    }
  } finally {
    progress.done();
  }
}

/** Port lists such as `--ike-port 500,4501`. */
export function ports(command: string, flag: string, values: string[] | undefined, fallback: number[]): number[] {
  if (!values?.length) return fallback;
  const out = values.flatMap((v) => v.split(',')).map((s) => Number(s.trim()));
  for (const p of out) if (!Number.isInteger(p) || p < 1 || p > 65535) throw new UsageError(`${command}: --${flag} takes port numbers 1-65535`);
  return out;
}
