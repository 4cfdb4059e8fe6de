// Fuzzing the ESP header codec and the per-SPI sequence ledger. parseEsp on mutated real ESP
// packets and random bytes: no throw, exactly the RFC 4303 §2 rule, and serializeEsp gives the
// input back. EspLedger on random traffic (gaps, reordering, replays, stale packets, jumps,
// 32-bit wrap): no throw, bounded events, and every counter equal to a plain reference model.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEsp, serializeEsp } from '../../src/esp/header.js';
import { EspLedger, WINDOW, type SpiStats } from '../../src/esp/sequence.js';
import { corpus, type Corpus } from '../helpers/corpus.js';
import { int, mutate, randomBytes } from '../helpers/fuzz.js';
import { fuzz } from '../helpers/fuzz-harness.js';

const TIMEOUT = 60_000;
const MAX_EVENTS = 64;

let c: Corpus;
beforeAll(async () => {
  c = await corpus();
  expect(c.espPackets.length).toBeGreaterThan(10);
});

const pick = <T>(r: () => number, list: readonly T[]): T => list[int(r, list.length)]!;

/** The ledger's rules written the obvious way: every sequence number seen kept in a Set. */
class Reference {
  packets = 0;
  bytes = 0;
  firstFrame = 0;
  lastFrame = 0;
  firstSeq = 0;
  highestSeq = 0;
  missing = 0;
  replays = 0;
  reordered = 0;
  events = 0;
  private readonly seen = new Set<number>();

  add(frame: number, seq: number, length: number): void {
    this.packets++;
    this.bytes += length;
    this.lastFrame = frame;
    if (this.packets === 1) {
      this.firstFrame = frame;
      this.firstSeq = this.highestSeq = seq;
      this.seen.add(seq);
      return;
    }
    if (seq > this.highestSeq) {
      if (seq - this.highestSeq > 1) { this.missing += seq - this.highestSeq - 1; this.events++; }
      this.highestSeq = seq;
      this.seen.add(seq);
    } else if (seq === 0 && this.highestSeq === 0xffffffff) {
      this.events++; // wrap
    } else if (this.highestSeq - seq >= WINDOW) {
      this.events++; // too old
    } else if (this.seen.has(seq)) {
      this.replays++;
      this.events++;
    } else {
      this.seen.add(seq);
      this.reordered++;
      if (this.missing > 0) this.missing--;
      this.events++;
    }
  }
}

function compare(spi: number, got: SpiStats | undefined, want: Reference): void {
  if (!got) throw new Error(`SPI ${spi.toString(16)} missing from the ledger`);
  for (const k of ['packets', 'bytes', 'firstFrame', 'lastFrame', 'firstSeq', 'highestSeq', 'missing', 'replays', 'reordered'] as const) {
    if (got[k] !== want[k]) throw new Error(`SPI ${spi.toString(16)}: ${k} is ${got[k]}, the reference says ${want[k]}`);
  }
  if (got.events.length > MAX_EVENTS) throw new Error(`${got.events.length} events kept, above the cap of ${MAX_EVENTS}`);
  if (got.events.length + got.eventsDropped !== want.events) {
    throw new Error(`SPI ${spi.toString(16)}: ${got.events.length} events + ${got.eventsDropped} dropped, the reference counts ${want.events}`);
  }
}

describe('ESP fuzz', () => {
  it('parseEsp on mutated real ESP packets and random bytes: no throw, RFC 4303 §2 exactly, serializeEsp inverts it', () => {
    let ok = 0;
    const run = fuzz({ name: 'esp/header', seed: 0xe5900001, cases: 15_000 }, (r, _i, keep) => {
      const k = r();
      const input = k < 0.7 ? mutate(r, pick(r, c.espPackets).bytes) : k < 0.9 ? randomBytes(r, 24) : new Uint8Array(int(r, 9));
      keep(input);
      const p = parseEsp(input);
      const spi = input.length >= 4 ? new DataView(input.buffer, input.byteOffset).getUint32(0) : -1;
      const valid = input.length >= 8 && spi !== 0;
      if (p.ok !== valid) throw new Error(`parseEsp says ${p.ok ? 'ok' : 'fail'} for ${input.length} bytes with SPI ${spi}`);
      if (!p.ok) {
        if (!(p.offset >= 0 && p.offset <= input.length) || !p.reason) throw new Error('failure without offset or reason');
        return;
      }
      ok++;
      const v = p.value;
      if (v.spi !== spi || v.length !== input.length || v.body.length !== input.length - 8) throw new Error('fields do not match the bytes');
      if (Buffer.compare(serializeEsp(v.spi, v.seq, v.body), input) !== 0) throw new Error('serializeEsp(parseEsp(x)) differs from x');
    });
    if (run.full) expect(ok).toBeGreaterThan(5000);
  }, TIMEOUT);

  it('EspLedger on random traffic: no throw, bounded events, counters equal to the reference model', () => {
    let replays = 0;
    let reordered = 0;
    let gaps = 0;
    const run = fuzz({ name: 'esp/ledger', seed: 0xe5900002, cases: 3_000 }, (r, _i, keep) => {
      const ledger = new EspLedger();
      const refs = new Map<number, Reference>();
      const spis = Array.from({ length: 1 + int(r, 4) }, () => (r() < 0.9 ? 1 + int(r, 0xfffffffe) : pick(r, [1, 0xffffffff])));
      const next = new Map<number, number>(spis.map((s) => [s, r() < 0.8 ? 1 : r() < 0.5 ? 0xffffffff - int(r, 3000) : int(r, 2 ** 32)]));
      const recent = new Map<number, number[]>(spis.map((s) => [s, []]));
      const n = 1 + int(r, 400);
      const log: string[] = [];
      for (let frame = 1; frame <= n; frame++) {
        const spi = pick(r, spis);
        const hi = next.get(spi)!;
        const mine = recent.get(spi)!;
        const k = r();
        let seq: number;
        if (k < 0.6) seq = hi;
        else if (k < 0.7) seq = Math.min(0xffffffff, hi + 1 + int(r, k < 0.68 ? 50 : 5000)); // a gap
        else if (k < 0.8 && mine.length) seq = pick(r, mine); // a replay or a late one
        else if (k < 0.85) seq = Math.max(0, hi - 1 - int(r, WINDOW + 200)); // late, maybe too old
        else if (k < 0.9) seq = hi >= 0xfffffff0 ? 0 : hi; // the 32-bit wrap
        else if (k < 0.95) seq = int(r, 2 ** 32);
        else seq = pick(r, [0, 1, 0xffffffff, 0x80000000, hi + WINDOW, hi - WINDOW, hi - WINDOW + 1].map((x) => Math.max(0, Math.min(0xffffffff, x))));
        if (seq >= hi) next.set(spi, Math.min(0xffffffff, seq + 1));
        mine.push(seq);
        if (mine.length > 50) mine.shift();
        const length = 8 + int(r, 1500);
        log.push(`${spi.toString(16)}:${seq}`);
        ledger.add(spi, frame, seq, length);
        let ref = refs.get(spi);
        if (!ref) refs.set(spi, (ref = new Reference()));
        ref.add(frame, seq, length);
      }
      keep(log.join(' '));
      for (const [spi, ref] of refs) {
        compare(spi, ledger.get(spi), ref);
        replays += ref.replays;
        reordered += ref.reordered;
        gaps += ref.missing;
      }
      if (ledger.all().length !== refs.size) throw new Error(`${ledger.all().length} SPIs in the ledger, ${refs.size} seen`);
    });
    // The generator reaches every kind of event, so the comparison covered them.
    if (run.full) expect(replays).toBeGreaterThan(1000);
    if (run.full) expect(reordered).toBeGreaterThan(1000);
    if (run.full) expect(gaps).toBeGreaterThan(1000);
  }, TIMEOUT);
});
