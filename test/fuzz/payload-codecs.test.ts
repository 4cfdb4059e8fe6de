// Fuzzing every payload codec's parse on mutated real payload bodies (outer payloads from the
// captures, inner ones decrypted from them): nothing may throw, and every value that parses is
// fuzzed-but-valid, so serialize must accept it and parse ∘ serialize must give it back
// (DESIGN.md "One codec, both directions"). Serializing twice gives the same bytes.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authCodec,
  certCodec,
  certReqCodec,
  cpCodec,
  deleteCodec,
  eapCodec,
  idCodec,
  keCodec,
  KnownVendorId,
  nonceCodec,
  notifyCodec,
  rawCodec,
  saCodec,
  skCodec,
  skfCodec,
  strongSwanVendorId,
  tsCodec,
  vendorIdCodec,
  type ParseContext,
  type PayloadCodec,
} from '../../src/ikev2/index.js';
import { PayloadType, payloadName } from '../../src/ikev2/registry/payload-types.js';
import { corpus, type Corpus } from '../helpers/corpus.js';
import { int, mutate, randomBytes } from '../helpers/fuzz.js';
import { fuzz, sameValue, tweak } from '../helpers/fuzz-harness.js';

const TIMEOUT = 60_000;
const CASES = 6_000;

const T = PayloadType;
/** Each codec with the payload types it is registered for (payload.ts CODECS), and raw for the rest. */
const CODECS: [name: string, types: number[], codec: PayloadCodec<unknown>, mayFail: boolean][] = [
  ['sa', [T.SA], saCodec, true],
  ['ke', [T.KE], keCodec, true],
  ['id', [T.IDi, T.IDr], idCodec, true],
  ['cert', [T.CERT], certCodec, true],
  ['certreq', [T.CERTREQ], certReqCodec, true],
  ['auth', [T.AUTH], authCodec, true],
  ['nonce', [T.NONCE], nonceCodec, false],
  ['notify', [T.N], notifyCodec, true],
  ['delete', [T.D], deleteCodec, true],
  ['vendor-id', [T.V], vendorIdCodec, false],
  ['ts', [T.TSi, T.TSr], tsCodec, true],
  ['sk', [T.SK], skCodec, false],
  ['cp', [T.CP], cpCodec, true],
  ['eap', [T.EAP], eapCodec, true],
  ['skf', [T.SKF], skfCodec, true],
  ['raw', [T.GSPM, T.IDg, T.GSA, T.KD, T.PS, 0, 200], rawCodec, false],
] as unknown as [string, number[], PayloadCodec<unknown>, boolean][];

let c: Corpus;
beforeAll(async () => {
  c = await corpus();
});

/** Real bodies announced as one of `types`; Vendor IDs (none in the captures) from the catalog. */
function seedsFor(types: number[]): { type: number; nextPayload: number; body: Uint8Array }[] {
  const real = c.payloads.filter((p) => types.includes(p.type));
  if (types.includes(T.V)) {
    for (const v of [...Object.values(KnownVendorId), strongSwanVendorId('5.9.8')]) real.push({ label: 'catalog', type: T.V, nextPayload: 0, body: new Uint8Array(v) });
  }
  if (real.length === 0) {
    // Types nothing decodes structurally: any bodies will do, they are kept as raw bytes.
    return c.payloads.slice(0, 40).map((p, i) => ({ type: types[i % types.length]!, nextPayload: p.nextPayload, body: p.body }));
  }
  return real;
}

/** Array elements in a decoded value, all levels: what decoding allocated beyond the bytes. */
function elements(v: unknown): number {
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return 0;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + 1 + elements(x), 0);
  return Object.values(v).reduce((n: number, x) => n + elements(x), 0);
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[int(r, list.length)]!;

describe('payload codec fuzz', () => {
  for (const [name, types, codec, mayFail] of CODECS) {
    it(`${name} (${types.map((t) => payloadName(t)).join(', ')}): mutated real bodies parse or fail cleanly; parsed values round-trip`, () => {
      const seeds = seedsFor(types);
      expect(seeds.length, `real ${name} bodies in the corpus`).toBeGreaterThan(0);
      let parsed = 0;
      let failed = 0;
      const run = fuzz({ name: `payload/${name}`, seed: 0x9a710000 + types[0]!, cases: CASES }, (r, _i, keep) => {
        const s = pick(r, seeds);
        const k = r();
        const body = k < 0.4 ? tweak(r, s.body) : k < 0.85 ? mutate(r, s.body) : k < 0.95 ? randomBytes(r, 128) : s.body;
        const ctx: ParseContext = { type: r() < 0.8 ? s.type : pick(r, types), nextPayload: r() < 0.8 ? s.nextPayload : int(r, 256) };
        keep(body);
        const p = codec.parse(body, ctx);
        if (!p.ok) {
          if (!(p.offset >= 0 && p.offset <= body.length)) throw new Error(`failure offset ${p.offset} outside the ${body.length}-byte body`);
          if (typeof p.reason !== 'string' || p.reason === '') throw new Error('failure without a reason');
          failed++;
          return;
        }
        parsed++;
        // No amplification: a body decodes to at most one element per octet (each list item
        // takes at least one octet on the wire), so a 64 kB message cannot become millions of objects.
        const n = elements(p.value);
        if (n > body.length) throw new Error(`a ${body.length}-octet body decoded to ${n} list elements`);
        const bytes = codec.serialize(p.value);
        const again = codec.parse(bytes, ctx);
        if (!again.ok) throw new Error(`serialize gave bytes that do not parse: ${again.reason} at ${again.offset}`);
        if (!sameValue(p.value, again.value)) expect(again.value, 'parse ∘ serialize').toEqual(p.value);
        const twice = codec.serialize(again.value);
        if (Buffer.compare(twice, bytes) !== 0) throw new Error('serializing the same value twice gave different bytes');
      });
      if (run.full) expect(parsed, 'cases that parsed').toBeGreaterThan(CASES / 20);
      // A codec that rejects nothing is fine only where every body is valid (opaque data).
      if (run.full && mayFail) expect(failed, 'cases that failed').toBeGreaterThan(0);
    }, TIMEOUT);
  }

  // Found by payload/delete (seed 0x9a71002a, case 7; fixed in c4e9cc2): a Delete with SPI Size 0
  // and Num of SPIs 65535 decoded to 65535 empty SPIs from 4 octets, and 512 such payloads (one
  // 4 kB datagram) made parseMessage run out of a 4 GB heap after 47 s. RFC 7296 §3.11: deleting
  // an IKE SA has "no SPIs".
  it('regression: a Delete payload with SPI Size 0 cannot claim SPIs', () => {
    const p = deleteCodec.parse(Uint8Array.of(1, 0, 0xff, 0xff), { type: T.D, nextPayload: 0 });
    expect(p.ok).toBe(false);
    const empty = deleteCodec.parse(Uint8Array.of(1, 0, 0, 0), { type: T.D, nextPayload: 0 });
    expect(empty).toEqual({ ok: true, value: { type: T.D, protocolId: 1, spiSize: 0, spis: [] } });
  });
});
