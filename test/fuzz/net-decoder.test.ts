// Fuzzing link layer → IP → reassembly → UDP → classification (NetDecoder): mutated real frames
// under every link type, random frames with valid-looking headers, and real IKE messages
// IP-fragmented at random sizes, shuffled and damaged. Nothing may throw; what comes out is
// consistent; and an undamaged fragment set, in any order, reassembles to the original bytes.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/capture/index.js';
import { NetDecoder, type NetPacket } from '../../src/net/decoder.js';
import { corpus, type Corpus } from '../helpers/corpus.js';
import { int, mutate, randomBytes } from '../helpers/fuzz.js';
import { fuzz } from '../helpers/fuzz-harness.js';
import { concat, ethernet, ipv4, ipv4Fragments, ipv6, ipv6Fragments, udp } from '../helpers/packets.js';

const TIMEOUT = 60_000;
const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276];
const KINDS = new Set(['ike', 'esp', 'nat-keepalive', 'other', 'ip-fragment', 'not-ip', 'undecodable']);
/** Reassembly's default bound (DEFAULT_LIMITS.maxDatagram). */
const MAX_DATAGRAM = 65_535 + 40;

let c: Corpus;
beforeAll(async () => {
  c = await corpus();
  expect(c.frames.length).toBeGreaterThan(100);
  expect(c.ikeMessages.length).toBeGreaterThan(50);
});

const pick = <T>(r: () => number, list: readonly T[]): T => list[int(r, list.length)]!;

function frameOf(number: number, data: Uint8Array, linkType: number, sec = 1_700_000_000 + number): Frame {
  return { number, sec, nsec: 0, linkType, data, originalLength: data.length, interfaceId: 0 };
}

/** What must hold for any packet the decoder returns. */
function check(p: NetPacket, f: Frame): void {
  if (p.frame !== f.number) throw new Error(`packet of frame ${f.number} says frame ${p.frame}`);
  if (p.frames[p.frames.length - 1] !== f.number) throw new Error(`frames ${p.frames.join(',')} do not end with ${f.number}`);
  if (!KINDS.has(p.content.kind)) throw new Error(`unknown content kind ${p.content.kind}`);
  if (p.content.kind === 'undecodable' && p.problems.length === 0) throw new Error('undecodable without a problem');
  if ((p.content.kind === 'ike' || p.content.kind === 'esp') && p.content.bytes.length > MAX_DATAGRAM) {
    throw new Error(`${p.content.kind} of ${p.content.bytes.length} bytes, above the reassembly bound`);
  }
  for (const q of p.problems) {
    if (typeof q.code !== 'string' || !q.code.includes('/') || typeof q.message !== 'string' || q.message === '') {
      throw new Error(`bad problem ${JSON.stringify(q)}`);
    }
  }
}

describe('net decoder fuzz', () => {
  it('mutated real frames, under their own and other link types: no throw, consistent packets', () => {
    const kinds = new Map<string, number>();
    // One decoder per run of cases, so fragments left pending by one case meet later ones.
    let net = new NetDecoder();
    const run = fuzz({ name: 'net/mutated-frame', seed: 0x4e7d0001, cases: 30_000 }, (r, i, keep) => {
      if (i % 200 === 0) {
        for (const q of net.finish()) if (!q.code || !q.message) throw new Error('bad late problem');
        net = new NetDecoder(r() < 0.5 ? {} : { reassembly: { maxPending: 4, maxDatagram: 4096, timeoutSeconds: 1 } });
      }
      const src = pick(r, c.frames).frame;
      const data = r() < 0.9 ? mutate(r, src.data) : src.data.slice();
      const linkType = r() < 0.8 ? src.linkType : r() < 0.9 ? pick(r, LINK_TYPES) : int(r, 300);
      keep(data);
      const f = frameOf(i + 1, data, linkType, 1_700_000_000 + (i >> 4));
      const p = net.decode(f);
      check(p, f);
      kinds.set(p.content.kind, (kinds.get(p.content.kind) ?? 0) + 1);
    });
    // The mutations land on every path, not only on the first check that rejects them.
    if (run.full) for (const k of ['ike', 'esp', 'other', 'not-ip', 'undecodable', 'ip-fragment']) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(20);
  }, TIMEOUT);

  it('random frames with valid-looking Ethernet/VLAN/IPv4/IPv6/UDP headers: no throw, consistent packets', () => {
    let net = new NetDecoder();
    const kinds = new Map<string, number>();
    const run = fuzz({ name: 'net/random-headers', seed: 0x4e7d0002, cases: 15_000 }, (r, i, keep) => {
      if (i % 500 === 0) { net.finish(); net = new NetDecoder(); }
      const payload = r() < 0.5 ? pick(r, c.ikeMessages).bytes : randomBytes(r, 300);
      const sport = pick(r, [500, 4500, 4501, int(r, 65536)]);
      const dport = pick(r, [500, 4500, int(r, 65536)]);
      const body = r() < 0.3 ? concat(new Uint8Array(4), payload) : payload;
      const v6 = r() < 0.4;
      const proto = pick(r, [17, 17, 17, 50, 0, 44, 43, 60, int(r, 256)]);
      const inner = proto === 17 ? udp(sport, dport, body) : body;
      const ip = v6
        ? ipv6('2001:db8::1', '2001:db8::2', proto, inner)
        : ipv4('198.51.100.1', '198.51.100.2', proto, inner, {
            id: int(r, 4),
            fragOffset: r() < 0.2 ? int(r, 200) * 8 : 0,
            more: r() < 0.2,
            totalLength: r() < 0.1 ? int(r, 65536) : undefined,
          });
      const vlans = r() < 0.2 ? [int(r, 4096), int(r, 4096)].slice(0, 1 + int(r, 2)) : [];
      let data = r() < 0.7 ? ethernet(ip, vlans) : ip;
      const linkType = data === ip ? pick(r, [101, 228, 229, 12, 14]) : 1;
      if (r() < 0.5) data = mutate(r, data);
      keep(data);
      const f = frameOf(i + 1, data, linkType);
      const p = net.decode(f);
      check(p, f);
      kinds.set(p.content.kind, (kinds.get(p.content.kind) ?? 0) + 1);
    });
    if (run.full) for (const k of ['ike', 'esp', 'other', 'undecodable', 'ip-fragment']) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(100);
  }, TIMEOUT);

  it('real IKE messages IP-fragmented at random sizes, in random order: reassembled exactly; damaged: no throw', () => {
    let exact = 0;
    const run = fuzz({ name: 'net/fragments', seed: 0x4e7d0003, cases: 4_000 }, (r, i, keep) => {
      const msg = pick(r, c.ikeMessages).bytes;
      const v6 = r() < 0.4;
      const size = 8 * (1 + int(r, 40));
      const id = 1 + int(r, 0xffff);
      const pieces = v6
        ? ipv6Fragments('2001:db8::2', '2001:db8::1', 17, udp(500, 500, msg), size, id)
        : ipv4Fragments('198.51.100.2', '198.51.100.1', 17, udp(500, 500, msg), size, id);
      // Fisher-Yates with the case's own stream.
      for (let k = pieces.length - 1; k > 0; k--) {
        const j = int(r, k + 1);
        [pieces[k], pieces[j]] = [pieces[j]!, pieces[k]!];
      }
      const damaged = r() < 0.5;
      let frames = pieces.map((p) => ethernet(p));
      if (damaged) {
        frames = frames.map((f) => (r() < 0.3 ? mutate(r, f) : f));
        if (r() < 0.3) frames.push(frames[int(r, frames.length)]!.slice()); // a duplicate
        if (r() < 0.3) frames.splice(int(r, frames.length), 1); // a loss
      }
      keep(concat(...frames));
      const net = new NetDecoder();
      const done: NetPacket[] = [];
      frames.forEach((data, k) => {
        const f = frameOf(k + 1, data, 1, 1_700_000_000); // all within the reassembly timeout
        const p = net.decode(f);
        check(p, f);
        if (p.content.kind !== 'ip-fragment') done.push(p);
      });
      for (const q of net.finish()) if (!q.code || !q.message) throw new Error('bad late problem');
      if (damaged) return;
      // Undamaged: one datagram, carried by every frame, with the message's exact bytes.
      if (done.length !== 1) throw new Error(`${pieces.length} fragments gave ${done.length} packets`);
      const p = done[0]!;
      if (p.content.kind !== 'ike') throw new Error(`reassembled as ${p.content.kind}`);
      if (Buffer.compare(p.content.bytes, msg) !== 0) throw new Error('reassembled bytes differ from the message');
      if ([...p.frames].sort((a, b) => a - b).join() !== frames.map((_, k) => k + 1).join()) throw new Error(`frames ${p.frames.join(',')}`);
      exact++;
    });
    if (run.full) expect(exact).toBeGreaterThan(1000);
  }, TIMEOUT);

  // Found by net/fragments (seed 0x4e7d0003, case 27) and net/random-headers (seed 0x4e7d0002,
  // case 14626): a last fragment that ends before an earlier piece starts made reassembly write
  // past its buffer (RangeError out of Reassembler.add). Minimal form: three IPv4 fragments.
  it('regression: a fragment that starts beyond the end a later last fragment sets', () => {
    const net = new NetDecoder();
    const frags = [
      ipv4('198.51.100.2', '198.51.100.1', 17, new Uint8Array(32), { id: 9, fragOffset: 0, more: true }),
      ipv4('198.51.100.2', '198.51.100.1', 17, new Uint8Array(8), { id: 9, fragOffset: 32, more: true }),
      ipv4('198.51.100.2', '198.51.100.1', 17, new Uint8Array(8), { id: 9, fragOffset: 8, more: false }),
    ];
    const packets = frags.map((ip, k) => net.decode(frameOf(k + 1, ethernet(ip), 1)));
    for (const [k, p] of packets.entries()) check(p, frameOf(k + 1, new Uint8Array(), 1));
    expect(packets.flatMap((p) => p.problems.map((q) => q.code))).toContain('net/fragment-overlap');
  });
});
