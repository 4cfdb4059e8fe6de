import { concat } from '../../../src/ikev2/bytes.js';
/**
 * Writers for small pcap and pcapng files, built independently of the reader under test
 * (straight from the layouts in draft-ietf-opsawg-pcap §4-5 and draft-ietf-opsawg-pcapng §4).
 */

class Bytes {
  private parts: number[] = [];
  constructor(private readonly le: boolean) {}
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff];
    this.parts.push(...(this.le ? b : b.reverse()));
    return this;
  }
  u32(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    this.parts.push(...(this.le ? b : b.reverse()));
    return this;
  }
  i64(v: bigint): this {
    const u = BigInt.asUintN(64, v);
    const hi = Number(u >> 32n);
    const lo = Number(u & 0xffffffffn);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  raw(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]!);
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4 !== 0) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export interface PcapRecord {
  sec: number;
  /** µs or ns, as the file says. */
  sub: number;
  data: Uint8Array;
  /** Defaults to data.length. */
  original?: number;
  /** Lie about the captured length (the data written stays `data`). */
  capturedField?: number;
}

export interface PcapOptions {
  le?: boolean;
  ns?: boolean;
  snaplen?: number;
  /** The whole 32-bit LinkType word, FCS bits included. */
  linkTypeWord?: number;
}

export function pcap(opts: PcapOptions, records: PcapRecord[]): Uint8Array {
  const le = opts.le ?? true;
  const b = new Bytes(le);
  b.u32(opts.ns ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0);
  b.u32(opts.snaplen ?? 65535).u32(opts.linkTypeWord ?? 1);
  for (const r of records) {
    b.u32(r.sec).u32(r.sub).u32(r.capturedField ?? r.data.length).u32(r.original ?? r.data.length).raw(r.data);
  }
  return b.bytes();
}

export interface IdbOptions {
  linkType: number;
  snaplen?: number;
  tsresol?: number;
  tsoffset?: bigint;
}

/** Builds a pcapng file block by block; each method appends one block. */
export class Pcapng {
  private readonly blocks: Uint8Array[] = [];
  /** Byte order of the current section. */
  private le = true;

  /** Appends a block with the given body; `lie` replaces the leading or trailing length. */
  block(type: number, body: (b: Bytes) => void, lie: { lead?: number; trail?: number } = {}): this {
    const inner = new Bytes(this.le);
    body(inner);
    inner.pad4();
    const total = inner.length + 12;
    const b = new Bytes(this.le);
    b.u32(type).u32(lie.lead ?? total).raw(inner.bytes()).u32(lie.trail ?? total);
    this.blocks.push(b.bytes());
    return this;
  }

  shb(opts: { le?: boolean; major?: number; minor?: number; comment?: string } = {}): this {
    this.le = opts.le ?? true;
    return this.block(0x0a0d0d0a, (b) => {
      b.u32(0x1a2b3c4d).u16(opts.major ?? 1).u16(opts.minor ?? 0).i64(-1n);
      if (opts.comment !== undefined) option(b, 1, new TextEncoder().encode(opts.comment));
      if (opts.comment !== undefined) b.u16(0).u16(0);
    });
  }

  idb(o: IdbOptions): this {
    return this.block(1, (b) => {
      b.u16(o.linkType).u16(0).u32(o.snaplen ?? 0);
      option(b, 2, new TextEncoder().encode('eth-test'));
      if (o.tsresol !== undefined) option(b, 9, [o.tsresol]);
      if (o.tsoffset !== undefined) {
        const v = new Bytes(this.le).i64(o.tsoffset).bytes();
        option(b, 14, v);
      }
      b.u16(0).u16(0);
    });
  }

  epb(iface: number, ts: bigint, data: Uint8Array, opts: { original?: number; capturedField?: number; comment?: string } = {}, lie = {}): this {
    return this.block(
      6,
      (b) => {
        b.u32(iface).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn));
        b.u32(opts.capturedField ?? data.length).u32(opts.original ?? data.length).raw(data).pad4();
        if (opts.comment !== undefined) {
          option(b, 1, new TextEncoder().encode(opts.comment));
          b.u16(0).u16(0);
        }
      },
      lie,
    );
  }

  /** Obsolete Packet Block (Appendix A): 16-bit interface id and drops count. */
  pb(iface: number, ts: bigint, data: Uint8Array, original = data.length): this {
    return this.block(2, (b) => {
      b.u16(iface).u16(0).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn));
      b.u32(data.length).u32(original).raw(data);
    });
  }

  spb(original: number, data: Uint8Array): this {
    return this.block(3, (b) => b.u32(original).raw(data));
  }

  nrb(): this {
    return this.block(4, (b) => {
      b.u16(1).u16(14).raw([192, 0, 2, 1]).raw(new TextEncoder().encode('gw.test\0\0\0')).pad4();
      b.u16(0).u16(0);
    });
  }

  isb(iface: number): this {
    return this.block(5, (b) => b.u32(iface).u32(0).u32(0).u16(0).u16(0));
  }

  dsb(secretsType: number, secrets: Uint8Array): this {
    return this.block(10, (b) => b.u32(secretsType).u32(secrets.length).raw(secrets));
  }

  custom(copyable = true): this {
    return this.block(copyable ? 0x00000bad : 0x40000bad, (b) => b.u32(32473).raw([1, 2, 3, 4, 5]));
  }

  raw(bytes: Uint8Array): this {
    this.blocks.push(bytes);
    return this;
  }

  bytes(): Uint8Array {
    return concat(this.blocks);
  }
}

function option(b: Bytes, code: number, value: ArrayLike<number>): void {
  b.u16(code).u16(value.length).raw(value).pad4();
}

/** The codec's own (src/ikev2/bytes.ts), re-exported for the capture builders' users. */
export { concat };

/** Deterministic packet bytes of length n, distinct per seed. */
export function packet(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
