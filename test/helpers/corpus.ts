/**
 * Real inputs for fuzzing, taken from the shipped captures with ikescope's own reader and
 * network decoder: whole capture files, frames, IKE messages, ESP packets, and every payload
 * body (outer ones, and inner ones after test-only decryption, see ike-decrypt.ts).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openCapture, type Frame } from '../../src/capture/index.js';
import { GENERIC_HEADER_LENGTH, parseGenericHeader } from '../../src/ikev2/generic-header.js';
import { parseMessage } from '../../src/ikev2/message.js';
import { IKE_HEADER_LENGTH } from '../../src/ikev2/header.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { NetDecoder } from '../../src/net/decoder.js';
import { allCaptures } from './cli.js';
import { decryptedChains } from './ike-decrypt.js';

export interface CaptureFile {
  readonly path: string;
  readonly name: string;
  /** The file as shipped (gzip'd or not). */
  readonly bytes: Uint8Array;
  /** The capture itself: gunzipped when the file is compressed. */
  readonly plain: Uint8Array;
  readonly compressed: boolean;
}

/**
 * A plain Uint8Array copy. Corpus bytes must never be Node Buffers: `Buffer#slice` shares
 * memory, so mutate()/tweak() (which start with `input.slice()`) would damage the corpus.
 */
export const own = (b: Uint8Array): Uint8Array => new Uint8Array(b);

/** Every shipped capture (captures/ and the Wireshark test set), read once. */
export function captureFiles(): CaptureFile[] {
  return allCaptures().map((path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const compressed = bytes[0] === 0x1f && bytes[1] === 0x8b;
    return { path, name: basename(path), bytes, plain: compressed ? new Uint8Array(gunzipSync(bytes)) : bytes, compressed };
  });
}

export async function readFrames(path: string): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const ev of openCapture(path)) {
    if (ev.kind === 'frame') out.push(ev.frame);
    else if (ev.kind === 'problem' && ev.problem.fatal) throw new Error(`${path}: ${ev.problem.message}`);
  }
  return out;
}

export interface LabelledFrame {
  readonly label: string;
  readonly frame: Frame;
}

export interface LabelledBytes {
  readonly label: string;
  readonly bytes: Uint8Array;
}

export interface PayloadBody {
  readonly label: string;
  readonly type: number;
  readonly nextPayload: number;
  readonly body: Uint8Array;
}

export interface Corpus {
  readonly files: CaptureFile[];
  /** Every frame of every capture, in capture order per file. */
  readonly frames: LabelledFrame[];
  /** Frames per capture, for tests that feed whole sequences (reassembly needs order). */
  readonly framesByCapture: { readonly name: string; readonly frames: Frame[] }[];
  /** IKEv2 messages (UDP payloads, without the non-ESP marker). */
  readonly ikeMessages: LabelledBytes[];
  /** ESP packets, SPI first (UDP-encapsulated or not). */
  readonly espPackets: LabelledBytes[];
  /** Decrypted SK/SKF contents: the first inner payload type and the inner payload chain. */
  readonly innerChains: (LabelledBytes & { readonly firstType: number })[];
  /** Every payload body, outer and decrypted inner, with the type it was announced as. */
  readonly payloads: PayloadBody[];
}

/** Splits a payload chain into bodies, following Next Payload; stops at the first defect. */
export function chainBodies(label: string, firstType: number, bytes: Uint8Array, start = 0): PayloadBody[] {
  const out: PayloadBody[] = [];
  let type = firstType;
  let at = start;
  while (type !== PayloadType.NONE && at < bytes.length) {
    const h = parseGenericHeader(bytes, at);
    if (!h.ok) break;
    const body = own(bytes.subarray(at + GENERIC_HEADER_LENGTH, at + h.value.length));
    out.push({ label: `${label}@${at}`, type, nextPayload: h.value.nextPayload, body });
    at += h.value.length;
    if (type === PayloadType.SK || type === PayloadType.SKF) break;
    type = h.value.nextPayload;
  }
  return out;
}

let cached: Promise<Corpus> | undefined;

/** The corpus, built once per test file. */
export function corpus(): Promise<Corpus> {
  return (cached ??= build());
}

async function build(): Promise<Corpus> {
  const files = captureFiles();
  const frames: LabelledFrame[] = [];
  const framesByCapture: Corpus['framesByCapture'] = [];
  const ikeMessages: LabelledBytes[] = [];
  const espPackets: LabelledBytes[] = [];
  const innerChains: Corpus['innerChains'] = [];
  const payloads: PayloadBody[] = [];
  for (const f of files) {
    const list = (await readFrames(f.path)).map((fr) => ({ ...fr, data: own(fr.data) }));
    framesByCapture.push({ name: f.name, frames: list });
    const net = new NetDecoder();
    const messages: { frame: number; bytes: Uint8Array }[] = [];
    for (const fr of list) {
      frames.push({ label: `${f.name}#${fr.number}`, frame: fr });
      const p = net.decode(fr);
      const label = `${f.name}#${fr.number}`;
      if (p.content.kind === 'ike') {
        const bytes = own(p.content.bytes);
        ikeMessages.push({ label, bytes });
        messages.push({ frame: fr.number, bytes });
        const m = parseMessage(bytes);
        if (m.ok && m.value.header.majorVersion === 2) payloads.push(...chainBodies(label, m.value.header.nextPayload, bytes, IKE_HEADER_LENGTH));
      } else if (p.content.kind === 'esp') {
        espPackets.push({ label, bytes: own(p.content.bytes) });
      }
    }
    for (const c of decryptedChains(f.path, messages)) {
      innerChains.push(c);
      payloads.push(...chainBodies(`${c.label}/inner`, c.firstType, c.bytes));
    }
  }
  // Encrypted payloads carry ciphertext: keep a few, they are all alike to a parser.
  const kept = payloads.filter((p, i) => !isEncrypted(p.type) || i % 4 === 0);
  return { files, frames, framesByCapture, ikeMessages, espPackets, innerChains, payloads: kept };
}

const isEncrypted = (type: number) => type === PayloadType.SK || type === PayloadType.SKF;

/** A record's place in an uncompressed capture file: [start, end). */
export interface RecordSpan {
  readonly start: number;
  readonly end: number;
  /** A packet (pcap record, pcapng EPB/SPB/PB); false for other pcapng blocks. */
  readonly packet: boolean;
}

/**
 * Where each record of an uncompressed pcap or pcapng file starts and ends: every pcap record,
 * every pcapng block after the first section header. Test-only walk of well-formed files.
 */
export function recordSpans(file: Uint8Array): RecordSpan[] {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const spans: RecordSpan[] = [];
  const magicLe = dv.getUint32(0, true);
  if ([0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1].includes(magicLe)) {
    const le = magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d;
    for (let at = 24; at + 16 <= file.length; ) {
      const end = at + 16 + dv.getUint32(at + 8, le);
      spans.push({ start: at, end, packet: true });
      at = end;
    }
    return spans;
  }
  if (magicLe === 0x0a0d0d0a) {
    let le = true;
    for (let at = 0; at + 12 <= file.length; ) {
      if (dv.getUint32(at, true) === 0x0a0d0d0a) le = dv.getUint32(at + 8, true) === 0x1a2b3c4d;
      const type = dv.getUint32(at, le);
      const len = dv.getUint32(at + 4, le);
      if (len < 12) break;
      // EPB 6, SPB 3, obsolete PB 2.
      if (at > 0) spans.push({ start: at, end: at + len, packet: type === 6 || type === 3 || type === 2 });
      at += len;
    }
    return spans;
  }
  throw new Error('recordSpans: not an uncompressed pcap or pcapng file');
}
