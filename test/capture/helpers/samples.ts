/** Crafted captures shared by several tests, with the frames each must read as. */
import type { Frame } from '../../../src/capture/index.js';
import { packet, Pcapng, pcap } from './build.js';

/** Seconds and nanoseconds of `units` at resolution `tsresol`, by BigInt arithmetic. */
export function expectedTime(units: bigint, tsresol: number, offset = 0n): { sec: number; nsec: number } {
  const per = tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
  return { sec: Number(units / per + offset), nsec: Number(((units % per) * 1_000_000_000n) / per) };
}

const NS = 9;
const POW2_20 = 0x80 | 20;

/**
 * Two sections. The first is little-endian with interfaces 0 (Ethernet, 10^-9 s) and 1
 * (Linux SLL, 2^-20 s, if_tsoffset 1000 s); the second is big-endian with one raw-IP
 * interface at the default 10^-6 s, holding an EPB, an SPB and an obsolete PB.
 */
export function twoSections(): { bytes: Uint8Array; frames: Frame[] } {
  const ns = 1700000000_123456789n;
  const p20 = (1700000000n << 20n) + 0xabcden;
  const us = 1700000100_654321n;
  const d = [packet(60, 1), packet(98, 2), packet(77, 3), packet(1500, 4), packet(40, 5), packet(33, 6)];
  const bytes = new Pcapng()
    .shb({ le: true, comment: 'first section' })
    .idb({ linkType: 1, snaplen: 65535, tsresol: NS })
    .idb({ linkType: 113, snaplen: 262144, tsresol: POW2_20, tsoffset: 1000n })
    .epb(0, ns, d[0]!)
    .epb(1, p20, d[1]!, { comment: 'with options' })
    .epb(0, ns + 1n, d[2]!, { original: 1000 })
    .shb({ le: false })
    .idb({ linkType: 101, snaplen: 1000 })
    .epb(0, us, d[3]!.subarray(0, 1000), { original: 1500 })
    .spb(40, d[4]!)
    .pb(0, us + 5n, d[5]!)
    .bytes();
  const f = (number: number, t: { sec: number; nsec: number }, linkType: number, data: Uint8Array, originalLength: number, interfaceId: number): Frame => ({
    number,
    ...t,
    linkType,
    data,
    originalLength,
    interfaceId,
  });
  return {
    bytes,
    frames: [
      f(1, expectedTime(ns, NS), 1, d[0]!, 60, 0),
      f(2, expectedTime(p20, POW2_20, 1000n), 113, d[1]!, 98, 1),
      f(3, expectedTime(ns + 1n, NS), 1, d[2]!, 1000, 0),
      f(4, expectedTime(us, 6), 101, d[3]!.subarray(0, 1000), 1500, 0),
      // §4.4: an SPB carries no timestamp.
      f(5, { sec: 0, nsec: 0 }, 101, d[4]!, 40, 0),
      f(6, expectedTime(us + 5n, 6), 101, d[5]!, 33, 0),
    ],
  };
}

/** A little-endian µs pcap of `n` frames of varied sizes. */
export function manyFrames(n: number, opts: { le?: boolean; ns?: boolean } = {}): { bytes: Uint8Array; frames: Frame[] } {
  const recs = Array.from({ length: n }, (_, i) => ({
    sec: 1600000000 + i,
    sub: (i * 7919) % (opts.ns ? 1e9 : 1e6),
    data: packet(1 + ((i * 131) % 300), i),
  }));
  return {
    bytes: pcap({ le: opts.le ?? true, ns: opts.ns ?? false }, recs),
    frames: recs.map((r, i) => ({
      number: i + 1,
      sec: r.sec,
      nsec: opts.ns ? r.sub : r.sub * 1000,
      linkType: 1,
      data: r.data,
      originalLength: r.data.length,
      interfaceId: 0,
    })),
  };
}
