import { describe, expect, it } from 'vitest';
import { NetDecoder } from '../../src/net/decoder.js';
import { concat, ethernet, frame, ipv4, ipv4Fragments, ipv6Fragments, udp } from '../helpers/packets.js';

const ikeBody = (n: number) => concat(new Uint8Array(4), Uint8Array.from({ length: n }, (_, i) => i & 0xff));

describe('IP fragment reassembly', () => {
  it('reassembles IPv4 in and out of order and names every frame', () => {
    const dgram = udp(4500, 4500, ikeBody(3000));
    const frags = ipv4Fragments('198.51.100.1', '198.51.100.2', 17, dgram, 1232);
    expect(frags.length).toBe(3);
    for (const order of [[0, 1, 2], [2, 0, 1]]) {
      const d = new NetDecoder();
      const out = order.map((i, n) => d.decode(frame(n + 1, ethernet(frags[i]!))));
      expect(out.slice(0, 2).map((p) => p.content.kind)).toEqual(['ip-fragment', 'ip-fragment']);
      const last = out[2]!;
      expect(last.frames).toEqual([1, 2, 3]);
      expect(last.content.kind).toBe('ike');
      if (last.content.kind === 'ike') expect(last.content.bytes).toEqual(ikeBody(3000).subarray(4));
      expect(last.src).toEqual({ ip: '198.51.100.1', port: 4500 });
    }
  });

  it('reassembles IPv6 fragments (RFC 8200 §4.5)', () => {
    const dgram = udp(500, 500, ikeBody(2000).subarray(4));
    const frags = ipv6Fragments('2001:db8::1', '2001:db8::2', 17, dgram, 1024);
    const d = new NetDecoder();
    const out = frags.map((f, i) => d.decode(frame(i + 1, ethernet(f))));
    expect(out[1]!.content.kind).toBe('ike');
    expect(out[1]!.frames).toEqual([1, 2]);
    expect(out[1]!.dst).toEqual({ ip: '2001:db8::2', port: 500 });
  });

  it('reports overlapping IPv4 fragments and keeps the first data', () => {
    const dgram = udp(500, 500, new Uint8Array(40).fill(1));
    const a = ipv4('198.51.100.1', '198.51.100.2', 17, dgram.subarray(0, 24), { id: 9, more: true });
    const b = ipv4('198.51.100.1', '198.51.100.2', 17, new Uint8Array(32).fill(2), { id: 9, fragOffset: 16 });
    const d = new NetDecoder();
    d.decode(frame(1, ethernet(a)));
    const p = d.decode(frame(2, ethernet(b)));
    expect(p.problems.map((x) => x.code)).toEqual(['net/fragment-overlap']);
    expect(p.content.kind).toBe('ike');
    if (p.content.kind === 'ike') expect(p.content.bytes.subarray(0, 16)).toEqual(new Uint8Array(16).fill(1));
  });

  it('drops an IPv6 datagram with overlapping fragments (RFC 5722)', () => {
    const dgram = udp(500, 500, new Uint8Array(40));
    const [f1, f2] = ipv6Fragments('2001:db8::1', '2001:db8::2', 17, dgram, 24);
    const dup = ipv6Fragments('2001:db8::1', '2001:db8::2', 17, dgram, 16)[1]!; // offset 16 overlaps 16..24
    const d = new NetDecoder();
    d.decode(frame(1, ethernet(f1!)));
    const p = d.decode(frame(2, ethernet(dup)));
    expect(p.problems.map((x) => x.code)).toContain('net/fragment-overlap');
    const q = d.decode(frame(3, ethernet(f2!)));
    expect(q.content.kind).toBe('ip-fragment');
  });

  it('times out, evicts and flushes incomplete datagrams with bounded memory', () => {
    const d = new NetDecoder({ reassembly: { maxPending: 4, maxDatagram: 70_000, timeoutSeconds: 30 } });
    const mk = (id: number) => ipv4('198.51.100.1', '198.51.100.2', 17, new Uint8Array(16), { id, more: true });
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) codes.push(...d.decode(frame(i + 1, ethernet(mk(i)), 1, 100)).problems.map((p) => p.code));
    expect(codes.filter((c) => c === 'net/fragment-evicted').length).toBe(6);
    const late = d.decode(frame(11, ethernet(mk(99)), 1, 200));
    expect(late.problems.map((p) => p.code)).toEqual(Array(4).fill('net/fragment-timeout'));
    expect(d.finish().map((p) => p.code)).toEqual(['net/fragment-timeout']);
  });

  it('refuses fragments reaching past the largest datagram', () => {
    const d = new NetDecoder();
    const p = d.decode(frame(1, ethernet(ipv4('198.51.100.1', '198.51.100.2', 17, new Uint8Array(600), { id: 3, fragOffset: 65_528 }))));
    expect(p.problems.map((x) => x.code)).toEqual(['net/fragment-too-large']);
  });
});

describe('inconsistent fragments', () => {
  it('drops a datagram whose pieces reach past the end its last fragment sets, with a finding', () => {
    // Fuzz case 0x4e7d0003:27 in its minimal form: (0, 32, MF) (32, 8, MF) (8, 8, last).
    const d = new NetDecoder();
    const f = (off: number, len: number, more: boolean) => ethernet(ipv4('198.51.100.1', '198.51.100.2', 17, new Uint8Array(len), { id: 5, fragOffset: off, more }));
    d.decode(frame(1, f(0, 32, true)));
    d.decode(frame(2, f(32, 8, true)));
    const p = d.decode(frame(3, f(8, 8, false)));
    expect(p.content.kind).toBe('ip-fragment');
    expect(p.problems.map((x) => x.code)).toContain('net/fragment-inconsistent');
  });
});
