/**
 * The endpoint's own capture (`--pcap`): every UDP datagram it sends and receives, written as
 * the IP packet that carried it (LINKTYPE_RAW), with the real addresses and ports of its
 * socket. Node's dgram socket gives only UDP payloads, so the IP and UDP headers are
 * synthesized (net/build.ts); `ikescope analyze` and tshark read the file like any capture.
 */
import { PcapWriter } from '../capture/pcap-writer.js';
import { LinkType } from '../net/link.js';
import { parseIp } from '../net/address.js';
import { udpPacket } from '../net/build.js';
import type { Addr } from './transport.js';

export class SessionCapture {
  private readonly writer: PcapWriter;
  private frames = 0;

  constructor(readonly path: string) {
    this.writer = new PcapWriter(path, { linkType: LinkType.RAW, nanosecond: true });
  }

  /** One datagram, `payload` exactly as the UDP socket saw it (non-ESP marker included). */
  record(from: Addr, to: Addr, payload: Uint8Array): void {
    const src = parseIp(from.ip);
    const dst = parseIp(to.ip);
    if (!src || !dst || src.length !== dst.length) return;
    const now = process.hrtime.bigint() + OFFSET;
    const sec = Number(now / 1_000_000_000n);
    const nsec = Number(now % 1_000_000_000n);
    this.frames++;
    // PcapWriter batches synchronously before it awaits, so records keep their order.
    void this.writer.write(sec, nsec, udpPacket(src, dst, from.port, to.port, payload));
  }

  get count(): number {
    return this.frames;
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}

/** hrtime is monotonic from an arbitrary origin; anchor it to the wall clock once. */
const OFFSET = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
