/**
 * pcapng (draft-ietf-opsawg-pcapng): a sequence of blocks, each `type, length, body, length`.
 * Sections start with a Section Header Block, which sets the byte order and forgets the
 * interfaces of the section before it. Packets (EPB, SPB and the obsolete PB) refer to
 * interfaces described by IDBs; every other block is skipped by its length without being held
 * in memory.
 */
import { ChunkList } from './chunks.js';
import type { CaptureEvent, Frame } from './frame.js';
import { CaptureProblem, type CaptureProblemCode, hex32, problem } from './problems.js';
import { MAX_RECORD, pad4, type RecordReader } from './reader.js';
import type { DecryptionSecrets } from './secrets.js';
import { Clock } from './timestamp.js';

/** Block Type codes, §10.1. */
export const BlockType = {
  shb: 0x0a0d0d0a,
  idb: 0x00000001,
  pb: 0x00000002,
  spb: 0x00000003,
  nrb: 0x00000004,
  isb: 0x00000005,
  epb: 0x00000006,
  irig: 0x00000007,
  arinc429: 0x00000008,
  journal: 0x00000009,
  dsb: 0x0000000a,
  custom: 0x00000bad,
  customNoCopy: 0x40000bad,
} as const;

/** §4.1: the Byte-Order Magic, as read big-endian. */
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;

/** Blocks known and deliberately skipped: nothing in them changes how packets read. */
const SKIPPED = new Set<number>([
  BlockType.nrb,
  BlockType.isb,
  BlockType.irig,
  BlockType.arinc429,
  BlockType.journal,
  BlockType.dsb,
  BlockType.custom,
  BlockType.customNoCopy,
]);

/** Smallest total length of each block this reader parses (header, fixed fields, trailer). */
const MIN_LENGTH: Record<number, number> = {
  [BlockType.shb]: 28,
  [BlockType.idb]: 20,
  [BlockType.pb]: 32,
  [BlockType.spb]: 16,
  [BlockType.epb]: 32,
  [BlockType.dsb]: 20,
};

const NAMES: Record<number, string> = {
  [BlockType.shb]: 'section header block',
  [BlockType.idb]: 'interface description block',
  [BlockType.pb]: 'packet block',
  [BlockType.spb]: 'simple packet block',
  [BlockType.nrb]: 'name resolution block',
  [BlockType.isb]: 'interface statistics block',
  [BlockType.epb]: 'enhanced packet block',
  [BlockType.dsb]: 'decryption secrets block',
  [BlockType.custom]: 'custom block',
  [BlockType.customNoCopy]: 'custom block',
};
const blockName = (type: number): string => NAMES[type] ?? `block of type ${hex32(type)}`;

/**
 * Largest SHB, IDB or DSB held whole to read its options; a longer one is taken for a lying
 * length. Packet blocks are never held whole: only their captured bytes are.
 */
const MAX_META_BLOCK = 16 * 1024 * 1024;

const OPT_ENDOFOPT = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

interface Interface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly clock: Clock;
}

const enum State {
  /** Waiting for a block's type and length. */
  BlockHeader,
  /** Waiting for the rest of an SHB, IDB or DSB, parsed whole. */
  Whole,
  /** Waiting for the fixed fields of a packet block. */
  PacketFields,
  /** Waiting for a packet's captured bytes. */
  PacketData,
  /** Discarding the rest of a block's body, up to its trailing length. */
  Skip,
  /** Waiting for the trailing Block Total Length. */
  Trailer,
  Stopped,
}

export interface PcapngOptions {
  onSecrets?: (secrets: DecryptionSecrets) => void;
  /** See ReadOptions.borrowFrames. */
  borrowFrames?: boolean;
}

export class PcapngReader implements RecordReader {
  readonly chunks = new ChunkList();

  private state = State.BlockHeader;
  private littleEndian = false;
  private interfaces: Interface[] = [];
  /** Set after an SHB of a version this reader cannot read: §3.4 says skip to the next SHB. */
  private skippingSection = false;
  private frames = 0;
  private readonly unknownTypesSeen = new Set<number>();
  /** Undefined interface ids already reported in this section. */
  private missingInterfacesSeen = new Set<number>();

  // The block being read.
  private blockStart = 0;
  private blockType = 0;
  private blockLength = 0;
  /** Bytes of the block not yet consumed, trailer included. */
  private rest = 0;
  /** Frame number of the packet block being read, 0 for other blocks. */
  private number = 0;
  private iface: Interface | null = null;
  private interfaceId = 0;
  private sec = 0;
  private nsec = 0;
  private captured = 0;
  private original = 0;
  /** The packet read from this block, yielded once its trailer has been read. */
  private pending: Frame | null = null;

  constructor(private readonly options: PcapngOptions = {}) {}

  parse(out: CaptureEvent[]): boolean {
    const c = this.chunks;
    for (;;) {
      switch (this.state) {
        case State.BlockHeader:
          if (c.available < 8) return true;
          // false: it needs more bytes, or the block stopped the reading.
          if (!this.readBlockHeader(out)) return this.running();
          break;
        case State.Whole: {
          if (c.available < this.rest) return true;
          const body = c.take(this.rest);
          this.rest = 0;
          this.readWhole(body, out);
          this.state = State.BlockHeader;
          break;
        }
        case State.PacketFields:
          if (!this.readPacketFields(out)) return true;
          break;
        case State.PacketData: {
          if (c.available < this.captured) return true;
          const data = this.options.borrowFrames ? c.take(this.captured) : c.takeCopy(this.captured);
          this.rest -= this.captured;
          this.pending = {
            number: this.number,
            sec: this.sec,
            nsec: this.nsec,
            linkType: this.iface!.linkType,
            data,
            originalLength: this.original,
            interfaceId: this.interfaceId,
          };
          this.state = State.Skip;
          break;
        }
        case State.Skip:
          this.rest -= c.discard(this.rest - 4);
          if (this.rest > 4) return true;
          this.state = State.Trailer;
          break;
        case State.Trailer:
          if (c.available < 4) return true;
          this.readTrailer(out);
          break;
        case State.Stopped:
          return false;
      }
    }
  }

  private running(): boolean {
    return this.state !== State.Stopped;
  }

  /** Reads type and length; returns false when it needs more bytes or reading stops. */
  private readBlockHeader(out: CaptureEvent[]): boolean {
    const c = this.chunks;
    const start = c.consumed;
    let o = c.peek(8);
    let dv = c.dv;
    // §4.1: the SHB type is a palindrome, so it reads the same in either byte order.
    const type = dv.getUint32(o, this.littleEndian);
    if (type === BlockType.shb) {
      if (c.available < 12) return false;
      o = c.peek(12);
      dv = c.dv;
      const magic = dv.getUint32(o + 8, false);
      if (magic === BYTE_ORDER_MAGIC) this.littleEndian = false;
      else if (magic === BYTE_ORDER_MAGIC_SWAPPED) this.littleEndian = true;
      else {
        out.push(
          problem(
            CaptureProblem.malformedBlock,
            `section header block at offset ${start} has byte-order magic ${hex32(magic)}, not 0x1a2b3c4d; the rest of the file cannot be read`,
            { offset: start },
          ),
        );
        this.state = State.Stopped;
        return false;
      }
    }
    const length = dv.getUint32(o + 4, this.littleEndian);
    c.skip(8);
    this.blockStart = start;
    this.blockType = type;
    this.blockLength = length;
    this.rest = length - 8;
    this.number = 0;
    this.pending = null;
    const isPacket = type === BlockType.epb || type === BlockType.spb || type === BlockType.pb;
    if (isPacket && !this.skippingSection) this.number = ++this.frames;

    // §3.1: "the length of a block that does not have a body is 12 octets" and the length
    // "MUST be a multiple of 4". Past such a length no later block can be located.
    if (length < 12 || (length & 3) !== 0) {
      out.push(
        this.blockProblem(
          CaptureProblem.badBlockLength,
          `has total length ${length}, ${length < 12 ? 'less than 12' : 'not a multiple of 4'}; the rest of the file cannot be located and reading stops`,
        ),
      );
      this.state = State.Stopped;
      return false;
    }

    if (type === BlockType.shb) {
      if (length < MIN_LENGTH[type]! || length > MAX_META_BLOCK) {
        out.push(this.blockProblem(CaptureProblem.badBlockLength, `has total length ${length}, which cannot be a section header; reading stops`));
        this.state = State.Stopped;
        return false;
      }
      this.state = State.Whole;
      return true;
    }
    if (this.skippingSection) {
      this.state = State.Skip;
      return true;
    }

    const min = MIN_LENGTH[type];
    if (min !== undefined && length < min) {
      out.push(this.blockProblem(CaptureProblem.badBlockLength, `has total length ${length}, less than the ${min} its fixed fields need; skipped`));
      this.state = State.Skip;
      return true;
    }
    switch (type) {
      case BlockType.epb:
      case BlockType.pb:
      case BlockType.spb:
        this.state = State.PacketFields;
        return true;
      case BlockType.idb:
        if (length > MAX_META_BLOCK) {
          out.push(this.blockProblem(CaptureProblem.badBlockLength, `has total length ${length}, more than an interface description can need; skipped`));
          this.state = State.Skip;
        } else {
          this.state = State.Whole;
        }
        return true;
      case BlockType.dsb:
        this.state = this.options.onSecrets !== undefined && length <= MAX_META_BLOCK ? State.Whole : State.Skip;
        return true;
    }
    if (!SKIPPED.has(type) && !this.unknownTypesSeen.has(type)) {
      this.unknownTypesSeen.add(type);
      out.push(
        problem(
          CaptureProblem.unknownBlock,
          `block type ${hex32(type)} at offset ${start} is unknown; it and later blocks of this type are skipped`,
          { offset: start },
        ),
      );
    }
    this.state = State.Skip;
    return true;
  }

  /** Reads a packet block's fixed fields; returns false when it needs more bytes. */
  private readPacketFields(out: CaptureEvent[]): boolean {
    const c = this.chunks;
    const type = this.blockType;
    const fixed = type === BlockType.spb ? 4 : 20;
    if (c.available < fixed) return false;
    const o = c.peek(fixed);
    const dv = c.dv;
    const le = this.littleEndian;
    let id: number;
    let captured: number;
    let original: number;
    let hi = 0;
    let lo = 0;
    if (type === BlockType.spb) {
      // §4.4: SPBs belong to the interface with ID 0.
      id = 0;
      original = dv.getUint32(o, le);
      captured = 0;
    } else {
      // §4.3 EPB: a 32-bit Interface ID. Appendix A, PB: 16-bit Interface ID, Drops Count.
      id = type === BlockType.epb ? dv.getUint32(o, le) : dv.getUint16(o, le);
      hi = dv.getUint32(o + 4, le);
      lo = dv.getUint32(o + 8, le);
      captured = dv.getUint32(o + 12, le);
      original = dv.getUint32(o + 16, le);
    }
    c.skip(fixed);
    this.rest -= fixed;
    const room = this.rest - 4;
    this.state = State.Skip;

    const iface = this.interfaces[id];
    if (iface === undefined) {
      if (!this.missingInterfacesSeen.has(id)) {
        this.missingInterfacesSeen.add(id);
        out.push(
          this.blockProblem(
            CaptureProblem.unknownInterface,
            `refers to interface ${id}, but its section describes ${this.interfaces.length} interface(s); this and later packets on it are skipped`,
          ),
        );
      }
      return true;
    }
    if (type === BlockType.spb) {
      // §4.4: the packet data length "is the minimum value among the SnapLen … and the
      // Original Packet Length"; the block length bounds it too, whatever the fields say.
      captured = original;
      if (iface.snaplen !== 0 && captured > iface.snaplen) captured = iface.snaplen;
      if (captured > room) captured = room;
    } else {
      iface.clock.set(hi, lo);
    }
    if (captured > MAX_RECORD) {
      out.push(
        this.blockProblem(
          CaptureProblem.badRecordLength,
          `claims ${captured} captured bytes (more than ${MAX_RECORD}); the packet is skipped`,
        ),
      );
      return true;
    }
    if (captured > room) {
      out.push(
        this.blockProblem(
          CaptureProblem.badBlockLength,
          `claims ${captured} captured bytes, but its total length ${this.blockLength} leaves room for ${room}; the packet is skipped`,
        ),
      );
      return true;
    }
    this.iface = iface;
    this.interfaceId = id;
    this.captured = captured;
    this.original = original;
    this.sec = type === BlockType.spb ? 0 : iface.clock.sec;
    this.nsec = type === BlockType.spb ? 0 : iface.clock.nsec;
    this.state = State.PacketData;
    return true;
  }

  private readTrailer(out: CaptureEvent[]): void {
    const c = this.chunks;
    const o = c.peek(4);
    const trailer = c.dv.getUint32(o, this.littleEndian);
    c.skip(4);
    this.rest = 0;
    this.state = State.BlockHeader;
    const frame = this.pending;
    this.pending = null;
    if (frame !== null) {
      out.push({ kind: 'frame', frame });
      const snaplen = this.iface!.snaplen;
      if (snaplen !== 0 && frame.data.length > snaplen) {
        out.push(
          this.blockProblem(
            CaptureProblem.oversizedRecord,
            `has ${frame.data.length} captured bytes, more than interface ${frame.interfaceId}'s snap length ${snaplen}`,
          ),
        );
      }
    }
    if (trailer !== this.blockLength) {
      // §3.1: the length is repeated at the end of every block. The leading copy already
      // located the next block, so a wrong trailing copy is reported and reading goes on.
      out.push(
        this.blockProblem(
          CaptureProblem.badBlockLength,
          `starts with total length ${this.blockLength} but ends with ${trailer}`,
        ),
      );
    }
  }

  /** Parses an SHB, IDB or DSB held whole (body after the 8-byte header, trailer included). */
  private readWhole(body: Uint8Array, out: CaptureEvent[]): void {
    const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const le = this.littleEndian;
    const end = body.length - 4;
    switch (this.blockType) {
      case BlockType.shb: {
        this.interfaces = [];
        this.missingInterfacesSeen = new Set();
        const major = dv.getUint16(4, le);
        const minor = dv.getUint16(6, le);
        // §4.1: readers "MUST treat a Minor Version of 2 as equivalent to a Minor Version of
        // 0"; §3.4: a section of a version it cannot read, a reader "MUST skip".
        this.skippingSection = !(major === 1 && (minor === 0 || minor === 2));
        if (this.skippingSection) {
          out.push(
            this.blockProblem(
              CaptureProblem.unsupportedVersion,
              `starts a section of pcapng version ${major}.${minor}, which cannot be read; the section is skipped`,
            ),
          );
        }
        break;
      }
      case BlockType.idb: {
        // §4.2: LinkType (16 bits), Reserved (16 bits), SnapLen (32 bits), options.
        const linkType = dv.getUint16(0, le);
        const snaplen = dv.getUint32(4, le);
        let tsresol = 6;
        let tsoffset = 0;
        // §3.5: options are code (16), length (16), value padded to 32 bits, until opt_endofopt.
        let p = 8;
        while (p + 4 <= end) {
          const code = dv.getUint16(p, le);
          const len = dv.getUint16(p + 2, le);
          if (code === OPT_ENDOFOPT) break;
          if (p + 4 + len > end) {
            out.push(this.blockProblem(CaptureProblem.malformedBlock, `has option ${code} of length ${len} running past the block's end; later options are ignored`));
            break;
          }
          if (code === IF_TSRESOL && len >= 1) tsresol = body[p + 4]!;
          else if (code === IF_TSOFFSET && len >= 8) tsoffset = Number(dv.getBigInt64(p + 4, le));
          p += 4 + pad4(len);
        }
        this.interfaces.push({ linkType, snaplen, clock: new Clock(tsresol, tsoffset) });
        break;
      }
      case BlockType.dsb: {
        // §4.7: Secrets Type (32), Secrets Length (32), Secrets Data padded to 32 bits.
        const type = dv.getUint32(0, le);
        const length = dv.getUint32(4, le);
        if (8 + length > end) {
          out.push(this.blockProblem(CaptureProblem.malformedBlock, `claims ${length} bytes of secrets, more than the block holds; skipped`));
          break;
        }
        this.options.onSecrets?.({ type, data: body.slice(8, 8 + length), offset: this.blockStart });
        break;
      }
    }
    const trailer = dv.getUint32(end, le);
    if (trailer !== this.blockLength) {
      out.push(this.blockProblem(CaptureProblem.badBlockLength, `starts with total length ${this.blockLength} but ends with ${trailer}`));
    }
  }

  private blockProblem(code: CaptureProblemCode, what: string): CaptureEvent {
    const where = this.number !== 0 ? `frame ${this.number} (${blockName(this.blockType)} at offset ${this.blockStart})` : `${blockName(this.blockType)} at offset ${this.blockStart}`;
    return problem(code, `${where} ${what}`, this.number !== 0 ? { frame: this.number, offset: this.blockStart } : { offset: this.blockStart });
  }

  finish(out: CaptureEvent[]): void {
    const c = this.chunks;
    if (this.state === State.Stopped) return;
    if (this.state === State.BlockHeader) {
      if (c.available === 0) return;
      out.push(
        problem(CaptureProblem.truncatedRecord, `the file ends ${c.available} bytes into a block header at offset ${c.consumed}`, {
          offset: c.consumed,
        }),
      );
      return;
    }
    const present = this.blockLength - this.rest + c.available;
    out.push(
      this.blockProblem(
        CaptureProblem.truncatedRecord,
        `is cut short: its length says ${this.blockLength} bytes, the file holds ${present}`,
      ),
    );
  }
}
