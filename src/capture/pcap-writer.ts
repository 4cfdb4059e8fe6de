/**
 * Classic pcap writer (the format of tcpdump.org's pcap-savefile(5)), little-endian, µs or ns
 * timestamps. Used for `decrypt -o`, the endpoint's own captures and synthesized benchmarks.
 * Records are batched into large writes; `write` resolves when the sink has room again, so a
 * producer that awaits it never buffers unboundedly.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export interface PcapHeaderOptions {
  readonly linkType: number;
  readonly nanosecond?: boolean;
  readonly snaplen?: number;
}

export function pcapFileHeader(o: PcapHeaderOptions): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  v.setUint32(0, o.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, o.snaplen ?? 262_144, true);
  v.setUint32(20, o.linkType, true);
  return h;
}

export function pcapRecordHeader(sec: number, nsec: number, capturedLength: number, originalLength: number, nanosecond: boolean): Uint8Array {
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint32(0, sec >>> 0, true);
  v.setUint32(4, nanosecond ? nsec : Math.floor(nsec / 1000), true);
  v.setUint32(8, capturedLength, true);
  v.setUint32(12, originalLength, true);
  return h;
}

export class PcapWriter {
  private readonly out: WriteStream;
  private readonly nanosecond: boolean;
  private batch: Uint8Array[] = [];
  private batchBytes = 0;

  constructor(path: string, o: PcapHeaderOptions) {
    this.out = createWriteStream(path);
    this.nanosecond = o.nanosecond ?? false;
    this.batch.push(pcapFileHeader(o));
    this.batchBytes = 24;
  }

  async write(sec: number, nsec: number, data: Uint8Array, originalLength = data.length): Promise<void> {
    this.batch.push(pcapRecordHeader(sec, nsec, data.length, originalLength, this.nanosecond), data);
    this.batchBytes += 16 + data.length;
    if (this.batchBytes >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const chunk = Buffer.concat(this.batch);
    this.batch = [];
    this.batchBytes = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}
