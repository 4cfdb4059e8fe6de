// Fuzzing the IKEv2 message parser: mutated real messages from the captures, random payload
// chains behind a valid-looking header, and mutated decrypted inner chains. Nothing may throw;
// a defect is reported inside the message; and whatever decodes is a model value that
// serializes and parses back equal (DESIGN.md "One codec, both directions").
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_PAYLOADS,
  parseInnerPayloads,
  parseMessage,
  parsePayloadChain,
  serializeMessage,
  serializePayloads,
  type Payload,
} from '../../src/ikev2/index.js';
import { corpus, type Corpus } from '../helpers/corpus.js';
import { int, mutate, randomBytes } from '../helpers/fuzz.js';
import { fuzz, sameValue, tweak } from '../helpers/fuzz-harness.js';
import { concat } from '../helpers/packets.js';

const TIMEOUT = 60_000;
/** Bounded inputs: the largest real message is a few kB; this leaves room for growth. */
const MAX_INPUT = 16 * 1024;

let c: Corpus;
beforeAll(async () => {
  c = await corpus();
  expect(c.ikeMessages.length).toBeGreaterThan(50);
  expect(c.innerChains.length).toBeGreaterThan(40);
});

const pick = <T>(r: () => number, list: readonly T[]): T => list[int(r, list.length)]!;

function samePayloads(a: readonly Payload[], b: readonly Payload[], what: string): void {
  // Fast path; vitest's equality (which gives a readable diff) only when they differ.
  if (!sameValue(a, b)) expect(b, what).toEqual(a);
}

/** The message decodes to a value, serializes, and that parses back to the same payloads. */
function roundTrip(bytes: Uint8Array): 'fail' | 'malformed' | 'clean' {
  const m = parseMessage(bytes);
  if (!m.ok) {
    if (!(m.offset >= 0 && m.offset <= Math.max(bytes.length, 28))) throw new Error(`failure offset ${m.offset} outside the input`);
    return 'fail';
  }
  const v = m.value;
  if (v.payloads.length > MAX_PAYLOADS) throw new Error(`${v.payloads.length} payloads, above MAX_PAYLOADS`);
  if (v.malformed && !(v.malformed.offset >= 0 && v.malformed.offset <= bytes.length)) {
    throw new Error(`malformed offset ${v.malformed.offset} outside the ${bytes.length}-byte input`);
  }
  if (typeof v.malformed?.reason === 'string' && v.malformed.reason === '') throw new Error('malformed without a reason');
  const again = parseMessage(serializeMessage(v));
  if (!again.ok) throw new Error(`the re-serialized message does not parse: ${again.reason}`);
  if (again.value.malformed) throw new Error(`the re-serialized message is malformed: ${again.value.malformed.reason}`);
  samePayloads(v.payloads, again.value.payloads, 'payloads after parse ∘ serialize');
  return v.malformed ? 'malformed' : 'clean';
}

/** Keeps the IKE header usable (version 2, Length = size) so the payload walk is what gets hit. */
function fixHeader(b: Uint8Array): Uint8Array {
  if (b.length >= 28) {
    b[17] = 0x20;
    new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(24, b.length);
  }
  return b;
}

const PAYLOAD_TYPES = [33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 53];

describe('IKE message parser fuzz', () => {
  it('mutated real messages: no throw, defects stay inside the message, decoded values round-trip', () => {
    const seen = { fail: 0, malformed: 0, clean: 0 };
    const run = fuzz({ name: 'ike/mutated-message', seed: 0x1ce00001, cases: 25_000 }, (r, _i, keep) => {
      let input = mutate(r, pick(r, c.ikeMessages).bytes);
      if (r() < 0.7) input = fixHeader(input);
      if (input.length > MAX_INPUT) input = input.subarray(0, MAX_INPUT);
      keep(input);
      seen[roundTrip(input)]++;
    });
    // Every outcome is reached, so the properties above were really checked.
    if (run.full) expect(seen.clean).toBeGreaterThan(2000);
    if (run.full) expect(seen.malformed).toBeGreaterThan(2000);
    if (run.full) expect(seen.fail).toBeGreaterThan(100);
  }, TIMEOUT);

  it('random payload chains behind a valid-looking header: no throw, decoded values round-trip', () => {
    const bodies = new Map<number, Uint8Array[]>();
    for (const p of c.payloads) bodies.set(p.type, [...(bodies.get(p.type) ?? []), p.body]);
    const seen = { fail: 0, malformed: 0, clean: 0 };
    const run = fuzz({ name: 'ike/random-chain', seed: 0x1ce00002, cases: 15_000 }, (r, _i, keep) => {
      const n = int(r, 9);
      const types = Array.from({ length: n }, () => (r() < 0.9 ? pick(r, PAYLOAD_TYPES) : int(r, 256)));
      const parts: Uint8Array[] = [];
      types.forEach((t, k) => {
        const real = bodies.get(t);
        const body = real && r() < 0.6 ? (r() < 0.5 ? pick(r, real) : mutate(r, pick(r, real))) : randomBytes(r, 64);
        const h = new Uint8Array(4);
        h[0] = k + 1 < n ? types[k + 1]! : r() < 0.9 ? 0 : int(r, 256);
        h[1] = r() < 0.1 ? 0x80 | int(r, 128) : 0;
        const len = r() < 0.9 ? 4 + body.length : int(r, 0x10000);
        h[2] = len >> 8; h[3] = len & 0xff;
        parts.push(h, body);
      });
      const header = new Uint8Array(28);
      header.set(Uint8Array.from({ length: 16 }, () => int(r, 256))); // SPIs
      header[16] = n > 0 ? types[0]! : 0;
      header[17] = r() < 0.95 ? 0x20 : int(r, 256);
      header[18] = pick(r, [34, 35, 36, 37, 43, int(r, 256)]);
      header[19] = pick(r, [0x08, 0x20, 0x28, 0x00, int(r, 256)]);
      const input = concat(header, ...parts);
      new DataView(input.buffer).setUint32(20, int(r, 2 ** 32));
      new DataView(input.buffer).setUint32(24, r() < 0.9 ? input.length : int(r, 2 ** 32));
      keep(input);
      seen[roundTrip(input)]++;
    });
    if (run.full) expect(seen.clean).toBeGreaterThan(1000);
    if (run.full) expect(seen.malformed).toBeGreaterThan(1000);
  }, TIMEOUT);

  it('mutated decrypted inner chains (parseInnerPayloads, parsePayloadChain): no throw, round-trip', () => {
    let clean = 0;
    const run = fuzz({ name: 'ike/inner-chain', seed: 0x1ce00003, cases: 12_000 }, (r, _i, keep) => {
      const src = pick(r, c.innerChains);
      const k = r();
      const input = k < 0.45 ? tweak(r, src.bytes) : k < 0.9 ? mutate(r, src.bytes) : randomBytes(r, 256);
      const first = r() < 0.85 ? src.firstType : r() < 0.5 ? pick(r, PAYLOAD_TYPES) : int(r, 256);
      keep(input);
      const inner = r() < 0.5;
      const chain = inner ? parseInnerPayloads(first, input) : parsePayloadChain(first, input);
      if (chain.payloads.length > MAX_PAYLOADS) throw new Error('too many payloads');
      if (chain.malformed && !(chain.malformed.offset >= 0 && chain.malformed.offset <= input.length)) {
        throw new Error(`malformed offset ${chain.malformed.offset} outside the input`);
      }
      // An encrypted payload inside an encrypted one is a defect (RFC 7296 §3.14); the walk keeps
      // it as the last payload but must say the chain is malformed.
      const nested = inner && chain.payloads.some((p) => p.type === 46 || p.type === 53);
      if (nested && !chain.malformed) throw new Error('SK/SKF accepted inside SK');
      if (chain.payloads.length === 0) return;
      const { firstType, bytes } = serializePayloads(chain.payloads);
      const again = inner ? parseInnerPayloads(firstType, bytes) : parsePayloadChain(firstType, bytes);
      if (again.malformed && !nested) throw new Error(`the re-serialized chain is malformed: ${again.malformed.reason}`);
      samePayloads(chain.payloads, again.payloads, 'inner payloads after parse ∘ serialize');
      if (!chain.malformed) clean++;
    });
    if (run.full) expect(clean).toBeGreaterThan(1000);
  }, TIMEOUT);
});
