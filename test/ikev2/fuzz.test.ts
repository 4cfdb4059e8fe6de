// Robustness under a fixed seed: random and mutated real messages never make the decoder throw,
// and whatever it decodes can be serialized again (DESIGN.md "Testing": every decoder is fuzzed).
import { expect, it } from 'vitest';
import { parseInnerPayloads, parseMessage, serializeMessage, serializePayloads } from '../../src/ikev2/index.js';
import { allMessages } from './support/captures.js';
import { serializeMessage as build } from '../../src/ikev2/message.js';
import { onePayloadOfEach, windowsIkeSaInit } from './support/build.js';

/** xorshift32: small, fast and reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const seeds = [
  ...allMessages().map((m) => m.bytes),
  build(windowsIkeSaInit()),
  build({ header: windowsIkeSaInit().header, payloads: onePayloadOfEach().filter((p) => p.type !== 46 && p.type !== 53) }),
];

function mutate(b: Uint8Array, r: () => number): Uint8Array {
  const out = b.slice();
  const edits = 1 + Math.floor(r() * 4);
  for (let i = 0; i < edits; i++) {
    const kind = r();
    const at = Math.floor(r() * out.length);
    if (kind < 0.5) out[at] = Math.floor(r() * 256);
    else if (kind < 0.8) out[at] ^= 1 << Math.floor(r() * 8);
    else out[at] = [0, 1, 3, 4, 0x7f, 0x80, 0xff][Math.floor(r() * 7)]!;
  }
  // Keep the header usable most of the time so the payload walk is what gets exercised.
  if (r() < 0.9 && out.length >= 28) {
    out[17] = 0x20;
    new DataView(out.buffer).setUint32(24, out.length);
  }
  return r() < 0.2 ? out.subarray(0, Math.floor(r() * out.length)) : out;
}

it('20,000 mutated messages decode to values, and decoded values re-encode', () => {
  const r = rng(0x1ce5c0be);
  let malformed = 0;
  for (let i = 0; i < 20_000; i++) {
    const input = mutate(seeds[i % seeds.length]!, r);
    const m = parseMessage(input);
    if (!m.ok) continue;
    if (m.value.malformed) malformed++;
    // Whatever was decoded is a valid model value: it serializes, and that parses back equal.
    const again = parseMessage(serializeMessage(m.value));
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.value.payloads).toEqual(m.value.payloads);
  }
  // The mutations do reach the error paths.
  expect(malformed).toBeGreaterThan(1000);
});

it('random bytes as decrypted SK contents never throw', () => {
  const r = rng(42);
  for (let i = 0; i < 5_000; i++) {
    const len = Math.floor(r() * 200);
    const b = Uint8Array.from({ length: len }, () => Math.floor(r() * 256));
    const chain = parseInnerPayloads(33 + Math.floor(r() * 22), b);
    expect(() => serializePayloads(chain.payloads)).not.toThrow();
  }
});
