/**
 * The capture driver: detects the format by its magic, unwraps gzip, and runs the format's
 * reader over the chunks as they are pulled. One chunk is pulled only after every event of
 * the previous one has been taken, so a slow consumer holds the reading back (backpressure)
 * and memory stays bounded by one chunk plus one record.
 */
import type { CaptureEvent, CaptureFormat } from './frame.js';
import { GZIP_MAGIC0, GZIP_MAGIC1, gunzip } from './gzip.js';
import { isPcapMagic, PcapReader } from './pcap.js';
import { BlockType, PcapngReader } from './pcapng.js';
import { CaptureProblem, hexBytes, problem } from './problems.js';
import type { RecordReader } from './reader.js';
import type { DecryptionSecrets } from './secrets.js';

export interface ReadOptions {
  /**
   * Called with each pcapng Decryption Secrets Block, in file order, before the frames that
   * follow it. Without it those blocks are skipped unread.
   */
  onSecrets?: (secrets: DecryptionSecrets) => void;
  /**
   * Frames may be views into the read buffers instead of copies of their own. For a consumer
   * that keeps no frame bytes past handling the frame (the analysis copies what it keeps), this
   * saves a copy and the garbage of every frame; one that keeps frames would pin whole read
   * chunks, so the default stays a copy.
   */
  borrowFrames?: boolean;
}

/** Bytes enough to tell the formats apart: a pcapng SHB's type, length and byte-order magic. */
const SNIFF = 12;

/**
 * Reads a pcap or pcapng capture, gzip-compressed or not, from a stream of byte chunks.
 * The first event is `info`; then frames and problems in file order. Input that is not a
 * capture, or a source that fails, gives a fatal problem (then the stream ends); defects in
 * a capture give non-fatal problems. Nothing is thrown for bad input.
 *
 * Each frame's data is its own copy, safe to keep without pinning the chunks read.
 */
export function readCapture(chunks: AsyncIterable<Uint8Array>, options: ReadOptions = {}): AsyncGenerator<CaptureEvent> {
  return readFrom(chunks, options, 'the capture');
}

/**
 * `readCapture`, naming the input as `label` in messages about failing to read it. Frames
 * pass through one generator, not a chain of `yield*`: each hop costs a promise per event.
 */
export function readFrom(chunks: AsyncIterable<Uint8Array>, options: ReadOptions, label: string): AsyncGenerator<CaptureEvent> {
  const source = new Pull(chunks);
  return readDetected(source, false, options, (error) =>
    problem(CaptureProblem.unreadable, `cannot read ${label}: ${reason(error)}`, {
      fatal: true,
      ...(source.bytes > 0 ? { offset: source.bytes } : {}),
    }),
  );
}

/** Detects the format of `source` and reads it; closes `source` however it ends. */
async function* readDetected(
  source: Pull,
  compressed: boolean,
  options: ReadOptions,
  failed: (error: unknown) => CaptureEvent,
): AsyncGenerator<CaptureEvent> {
  try {
    const head: Uint8Array[] = [];
    let sniffed = 0;
    while (sniffed < SNIFF) {
      const chunk = await source.next();
      if (chunk === undefined) break;
      head.push(chunk);
      sniffed += chunk.length;
    }
    if (source.error !== undefined && !(compressed && sniffed > 0)) {
      const failure = failed(source.error);
      // gzip that yields not one byte is not a compressed capture, unless reading the file failed.
      const fatal = failure.kind === 'problem' && failure.problem.fatal === true;
      yield compressed && !fatal
        ? problem(CaptureProblem.notACapture, `not a pcap or pcapng file: the gzip data cannot be decompressed (${reason(source.error)})`, {
            fatal: true,
            offset: 0,
          })
        : failure;
      return;
    }
    const first = concatHead(head, SNIFF);
    const kind = detect(first, compressed);

    if (kind === 'gzip') {
      const inner = new Pull(gunzip(replay(head, source)));
      yield* readDetected(inner, true, options, (error) =>
        // The outer source failing shows up as the gzip stream ending early: name the cause.
        source.error !== undefined
          ? failed(source.error)
          : problem(CaptureProblem.badGzip, `the gzip data is corrupt or cut short (${reason(error)}); frames before that point are kept`, {
              offset: source.bytes,
            }),
      );
      return;
    }
    if (kind === undefined) {
      const what = compressed ? 'the gzip-compressed data is not a pcap or pcapng file' : 'not a pcap or pcapng file';
      const start = first.length === 0 ? 'it is empty' : `starts with ${hexBytes(first.subarray(0, 4))}`;
      yield problem(CaptureProblem.notACapture, `${what} (${start})`, { fatal: true, offset: 0 });
      return;
    }

    const reader: RecordReader = kind === 'pcap' ? new PcapReader(options.borrowFrames) : new PcapngReader(options);
    yield { kind: 'info', info: { format: kind, compressed } };

    const out: CaptureEvent[] = [];
    for (const chunk of head) reader.chunks.push(chunk);
    let going = reader.parse(out);
    for (;;) {
      for (let i = 0; i < out.length; i++) yield out[i]!;
      out.length = 0;
      if (!going) return;
      const chunk = await source.next();
      if (chunk === undefined) break;
      reader.chunks.push(chunk);
      going = reader.parse(out);
    }
    if (source.error !== undefined) {
      const failure = failed(source.error);
      yield failure;
      if (failure.kind === 'problem' && failure.problem.fatal) return;
    }
    reader.finish(out);
    yield* out;
  } finally {
    await source.close();
  }
}

/** Which reader the first bytes call for; undefined when none. */
function detect(first: Uint8Array, compressed: boolean): 'gzip' | CaptureFormat | undefined {
  if (!compressed && first.length >= 2 && first[0] === GZIP_MAGIC0 && first[1] === GZIP_MAGIC1) return 'gzip';
  if (first.length < 4) return undefined;
  const dv = new DataView(first.buffer, first.byteOffset, first.byteLength);
  const word = dv.getUint32(0, false);
  if (isPcapMagic(word)) return 'pcap';
  if (word === BlockType.shb) {
    // A text file starting with "\n\r\r\n" is not pcapng: require the byte-order magic too,
    // unless the input ends before it (then it is a truncated pcapng, reported as such).
    if (first.length < 12) return 'pcapng';
    const magic = dv.getUint32(8, false);
    if (magic === 0x1a2b3c4d || magic === 0x4d3c2b1a) return 'pcapng';
  }
  return undefined;
}

/** The first `n` bytes of `chunks` (fewer if they hold fewer), copied: at most 12 bytes. */
function concatHead(chunks: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(Math.min(n, chunks.reduce((s, c) => s + c.length, 0)));
  let done = 0;
  for (const c of chunks) {
    if (done === out.length) break;
    const m = Math.min(c.length, out.length - done);
    out.set(c.subarray(0, m), done);
    done += m;
  }
  return out;
}

/** The sniffed chunks again, then the rest of the source: the input to gunzip. */
async function* replay(head: Uint8Array[], source: Pull): AsyncGenerator<Uint8Array> {
  yield* head;
  for (;;) {
    const chunk = await source.next();
    if (chunk === undefined) return;
    yield chunk;
  }
}

/** An async iterator whose failure is kept as a value rather than thrown. */
class Pull {
  error: unknown = undefined;
  /** Bytes pulled so far. */
  bytes = 0;
  private done = false;
  private readonly it: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  /** The next non-empty chunk, or undefined at the end or on failure (see `error`). */
  async next(): Promise<Uint8Array | undefined> {
    while (!this.done) {
      let r: IteratorResult<Uint8Array>;
      try {
        r = await this.it.next();
      } catch (e) {
        this.error = e;
        this.done = true;
        return undefined;
      }
      if (r.done === true) {
        this.done = true;
        return undefined;
      }
      const v = r.value;
      if (v.length === 0) continue;
      this.bytes += v.length;
      return v;
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.it.return?.();
    } catch {
      // Closing early; a failure to release the source changes nothing already read.
    }
  }
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Node says "ENOENT: no such file or directory, open '/x'"; the caller names the file.
    const msg = error.message.replace(/, \w+ '.*'$/, '');
    return code !== undefined && !msg.includes(code) ? `${msg} (${code})` : msg;
  }
  return String(error);
}
