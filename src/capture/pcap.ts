/**
 * Classic pcap (draft-ietf-opsawg-pcap): a 24-byte file header, then records of a 16-byte
 * header and the captured bytes. Both byte orders, microsecond and nanosecond timestamps.
 */
import { ChunkList } from './chunks.js';
import type { CaptureEvent, Frame } from './frame.js';
import { CaptureProblem, problem } from './problems.js';
import { MAX_RECORD, type RecordReader } from './reader.js';

const FILE_HEADER = 24;
const RECORD_HEADER = 16;

/** The magic as read big-endian, for each of the four ways a file can start. */
export const PCAP_MAGIC = {
  usBE: 0xa1b2c3d4,
  usLE: 0xd4c3b2a1,
  nsBE: 0xa1b23c4d,
  nsLE: 0x4d3cb2a1,
} as const;

export function isPcapMagic(bigEndianWord: number): boolean {
  return (
    bigEndianWord === PCAP_MAGIC.usBE ||
    bigEndianWord === PCAP_MAGIC.usLE ||
    bigEndianWord === PCAP_MAGIC.nsBE ||
    bigEndianWord === PCAP_MAGIC.nsLE
  );
}

const enum State {
  FileHeader,
  RecordHeader,
  RecordData,
  Stopped,
}

export class PcapReader implements RecordReader {
  readonly chunks = new ChunkList();

  /** `borrow`: frames are views into the read chunks (ReadOptions.borrowFrames). */
  constructor(private readonly borrow = false) {}

  private state = State.FileHeader;
  private littleEndian = false;
  /** Multiplier from the sub-second field to nanoseconds: 1000 for µs files, 1 for ns. */
  private subScale = 1000;
  private snaplen = 0;
  private linkType = 0;
  private frames = 0;

  // The record being read.
  private recordStart = 0;
  private sec = 0;
  private sub = 0;
  private captured = 0;
  private original = 0;

  parse(out: CaptureEvent[]): boolean {
    const c = this.chunks;
    for (;;) {
      switch (this.state) {
        case State.FileHeader: {
          if (c.available < FILE_HEADER) return true;
          const o = c.peek(FILE_HEADER);
          const dv = c.dv;
          const magic = dv.getUint32(o, false);
          // §4: the magic is written in the writer's byte order; reading it back swapped
          // tells us the file is little-endian.
          this.littleEndian = magic === PCAP_MAGIC.usLE || magic === PCAP_MAGIC.nsLE;
          this.subScale = magic === PCAP_MAGIC.nsBE || magic === PCAP_MAGIC.nsLE ? 1 : 1000;
          this.snaplen = dv.getUint32(o + 16, this.littleEndian);
          // §4, Figure 2: LinkType is the low 16 bits; above it sit FCS len, R, P and
          // Reserved3, which readers "MUST NOT" interpret as part of the link type.
          this.linkType = dv.getUint32(o + 20, this.littleEndian) & 0xffff;
          c.skip(FILE_HEADER);
          this.state = State.RecordHeader;
          break;
        }
        case State.RecordHeader: {
          if (c.available < RECORD_HEADER) return true;
          this.recordStart = c.consumed;
          const o = c.peek(RECORD_HEADER);
          const dv = c.dv;
          const le = this.littleEndian;
          this.sec = dv.getUint32(o, le);
          this.sub = dv.getUint32(o + 4, le);
          this.captured = dv.getUint32(o + 8, le);
          this.original = dv.getUint32(o + 12, le);
          c.skip(RECORD_HEADER);
          if (this.captured > MAX_RECORD) {
            // Records are located only by the length before them: past a corrupt one there
            // is no way to find the next header, so stop rather than parse noise.
            out.push(
              problem(
                CaptureProblem.badRecordLength,
                `record of frame ${this.frames + 1} claims ${this.captured} captured bytes (more than ${MAX_RECORD}); the file is corrupt from here and reading stops`,
                { frame: this.frames + 1, offset: this.recordStart },
              ),
            );
            this.state = State.Stopped;
            return false;
          }
          this.state = State.RecordData;
          break;
        }
        case State.RecordData: {
          if (c.available < this.captured) return true;
          const data = this.borrow ? c.take(this.captured) : c.takeCopy(this.captured);
          const number = ++this.frames;
          let sec = this.sec;
          let nsec = this.sub * this.subScale;
          if (nsec >= 1e9) {
            // A sub-second field past one second: carry it so nsec stays within the second.
            sec += Math.floor(nsec / 1e9);
            nsec %= 1e9;
          }
          const frame: Frame = {
            number,
            sec,
            nsec,
            linkType: this.linkType,
            data,
            originalLength: this.original,
            interfaceId: 0,
          };
          out.push({ kind: 'frame', frame });
          if (this.snaplen !== 0 && this.captured > this.snaplen) {
            out.push(
              problem(
                CaptureProblem.oversizedRecord,
                `frame ${number} has ${this.captured} captured bytes, more than the file's snap length ${this.snaplen}`,
                { frame: number, offset: this.recordStart },
              ),
            );
          }
          this.state = State.RecordHeader;
          break;
        }
        case State.Stopped:
          return false;
      }
    }
  }

  finish(out: CaptureEvent[]): void {
    const left = this.chunks.available;
    switch (this.state) {
      case State.FileHeader:
        out.push(
          problem(CaptureProblem.truncatedRecord, `the file ends after ${left} bytes, inside the ${FILE_HEADER}-byte pcap file header`, {
            offset: 0,
          }),
        );
        return;
      case State.RecordHeader:
        if (left === 0) return;
        out.push(
          problem(
            CaptureProblem.truncatedRecord,
            `the file ends ${left} bytes into the ${RECORD_HEADER}-byte header of frame ${this.frames + 1}`,
            { frame: this.frames + 1, offset: this.chunks.consumed },
          ),
        );
        return;
      case State.RecordData:
        out.push(
          problem(
            CaptureProblem.truncatedRecord,
            `frame ${this.frames + 1} is cut short: its header says ${this.captured} captured bytes, the file holds ${left}`,
            { frame: this.frames + 1, offset: this.recordStart },
          ),
        );
        return;
      case State.Stopped:
        return;
    }
  }
}
