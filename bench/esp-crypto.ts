/**
 * ESP crypto micro-benchmark: verify the ICV of and decrypt N ESP packets of ~130 octets with
 * AES-CBC-128 + HMAC-SHA1-96 (the mix of DESIGN.md's 207,832-frame reference capture), one
 * core, in several ways, to justify what src/esp/decrypt.ts does:
 *
 *   node-per-packet   createHmac + createDecipheriv for every packet (the obvious code)
 *   noble-hmac+ecb    @noble/hashes HMAC with the key's state cloned per packet, shared ECB
 *   hash-pads+ecb     node's one-shot crypto.hash over ipad|packet and opad|inner, shared ECB
 *   noble-cbc+js-sha1 @noble/ciphers CBC per packet, SHA-1 of src/crypto/sha1.ts
 *   EspDecryptor      what ships: SHA-1 in JS from cached pad states, and the CBC decryption of
 *                     src/crypto/aes-cbc.ts (ECB + JS XOR until 5113b54, cbc-chain since)
 *   openMany ×64/×256 the same, packets of one SA handed over in batches: one ECB call a batch
 *   cbc-chain         JS SHA-1 as shipped, but one long-lived aes-*-cbc Decipher per SA fed the
 *                     packet's IV | ciphertext (contiguous in ESP): block 0 of the output is
 *                     dropped, the rest is the plaintext (P[i] = D(C[i]) xor C[i-1] needs only
 *                     the previous ciphertext block), so OpenSSL does the XOR, not JavaScript
 *   cbc-chain ×64     the same with 64 packets' IV | ciphertext laid end to end per update()
 *
 * Usage: node dist/bench/esp-crypto.js [packets=200000] [rounds=3] [inner=84]
 * (inner: octets of the inner packet; 1400 gives DESIGN.md's full-MTU ESP packets)
 * Prints packets/s and MB/s (of ESP packet octets) per variant, best of the rounds.
 */
import { createDecipheriv, createHmac, hash as nodeHash, timingSafeEqual } from 'node:crypto';
import { cbc as nobleCbc } from '@noble/ciphers/aes.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { encrAlgorithm, integAlgorithm } from '../src/crypto/algorithms.js';
import { hmacKey } from '../src/crypto/hmac.js';
import type { EspKeys } from '../src/crypto/types.js';
import { EspDecryptor, sealEsp } from '../src/esp/decrypt.js';
import { EncrId } from '../src/ikev2/registry/encr.js';
import { IntegId } from '../src/ikev2/registry/integ.js';

const N = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const INNER = Number(process.argv[4] ?? 84);

const encrKey = Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 1);
const integKey = Uint8Array.from({ length: 20 }, (_, i) => 255 - i * 3);
const keys: EspKeys = {
  encr: encrAlgorithm(EncrId.ENCR_AES_CBC, 128)!,
  integ: integAlgorithm(IntegId.AUTH_HMAC_SHA1_96)!,
  encrKey,
  integKey,
  integrity: 'check',
};

// An 84-octet IPv4 ICMP echo (ping's default size) → 8 + 16 + 96 + 12 = 132-octet ESP packets.
const inner = new Uint8Array(INNER);
inner.set([0x45, 0, INNER >> 8, INNER & 0xff, 0, 0, 0x40, 0, 64, 1]);
for (let i = 28; i < INNER; i++) inner[i] = i;
let ivCounter = 0;
const packets: Uint8Array[] = [];
for (let i = 0; i < N; i++) {
  packets.push(sealEsp(keys, 0xc254fe64, i + 1, 4, inner, { random: (iv) => new DataView(iv.buffer, iv.byteOffset).setUint32(0, ++ivCounter) }));
}
const octets = packets.reduce((n, p) => n + p.length, 0);
const ICV = 12;

type Variant = (p: Uint8Array) => number; // returns Next Header, or -1 on failure

function nodePerPacket(): Variant {
  return (p) => {
    const icvAt = p.length - ICV;
    const mac = createHmac('sha1', integKey).update(p.subarray(0, icvAt)).digest();
    if (!timingSafeEqual(mac.subarray(0, ICV), p.subarray(icvAt))) return -1;
    const d = createDecipheriv('aes-128-cbc', encrKey, p.subarray(8, 24)).setAutoPadding(false);
    const pt = d.update(p.subarray(24, icvAt));
    return pt[pt.length - 1]!;
  };
}

/** CBC from one ECB decipher: P[i] = D(C[i]) xor C[i-1]. */
function sharedEcb(): (iv: Uint8Array, ct: Uint8Array) => Uint8Array {
  const ecb = createDecipheriv('aes-128-ecb', encrKey, null).setAutoPadding(false);
  return (iv, ct) => {
    const pt = ecb.update(ct);
    for (let i = 0; i < 16; i++) pt[i]! ^= iv[i]!;
    for (let i = 16; i < pt.length; i++) pt[i]! ^= ct[i - 16]!;
    return pt;
  };
}

function nobleHmacEcb(): Variant {
  const keyed = nobleHmac.create(nobleSha1, integKey);
  const out = new Uint8Array(20);
  const cbc = sharedEcb();
  return (p) => {
    const icvAt = p.length - ICV;
    const h = keyed.clone();
    h.update(p.subarray(0, icvAt));
    h.digestInto(out);
    if (!timingSafeEqual(out.subarray(0, ICV), p.subarray(icvAt))) return -1;
    const pt = cbc(p.subarray(8, 24), p.subarray(24, icvAt));
    return pt[pt.length - 1]!;
  };
}

function hashPadsEcb(): Variant {
  const ipad = new Uint8Array(64).fill(0x36);
  const opad = new Uint8Array(84).fill(0x5c, 0, 64);
  for (let i = 0; i < integKey.length; i++) {
    ipad[i]! ^= integKey[i]!;
    opad[i]! ^= integKey[i]!;
  }
  const scratch = new Uint8Array(64 + 2048);
  scratch.set(ipad);
  const cbc = sharedEcb();
  return (p) => {
    const icvAt = p.length - ICV;
    scratch.set(p.subarray(0, icvAt), 64);
    opad.set(nodeHash('sha1', scratch.subarray(0, 64 + icvAt), 'buffer'), 64);
    const mac = nodeHash('sha1', opad, 'buffer');
    if (!timingSafeEqual(mac.subarray(0, ICV), p.subarray(icvAt))) return -1;
    const pt = cbc(p.subarray(8, 24), p.subarray(24, icvAt));
    return pt[pt.length - 1]!;
  };
}

function nobleCbcJsSha1(): Variant {
  const mac = hmacKey('sha1', integKey);
  const out = new Uint8Array(20);
  return (p) => {
    const icvAt = p.length - ICV;
    mac.computeInto(out, p.subarray(0, icvAt));
    if (!timingSafeEqual(out.subarray(0, ICV), p.subarray(icvAt))) return -1;
    const pt = nobleCbc(encrKey, p.subarray(8, 24), { disablePadding: true }).decrypt(p.subarray(24, icvAt));
    return pt[pt.length - 1]!;
  };
}

function espDecryptor(): Variant {
  const d = new EspDecryptor(keys);
  return (p) => {
    const r = d.open(p);
    return r.ok ? r.nextHeader : -1;
  };
}

/** openMany over batches of `size` packets; returns the number of packets with Next Header 4. */
function batched(size: number): (all: readonly Uint8Array[]) => number {
  return (all) => {
    const d = new EspDecryptor(keys);
    let ok = 0;
    for (let i = 0; i < all.length; i += size) {
      for (const r of d.openMany(all.slice(i, i + size))) if (r.ok && r.nextHeader === 4) ok++;
    }
    return ok;
  };
}

/** One CBC decipher for the SA, fed IV | ciphertext; the first output block is dropped. */
function cbcChain(): Variant {
  const mac = hmacKey('sha1', integKey);
  const out = new Uint8Array(20);
  const cbc = createDecipheriv('aes-128-cbc', encrKey, new Uint8Array(16)).setAutoPadding(false);
  return (p) => {
    const icvAt = p.length - ICV;
    mac.computeInto(out, p.subarray(0, icvAt));
    if (!timingSafeEqual(out.subarray(0, ICV), p.subarray(icvAt))) return -1;
    const pt = cbc.update(p.subarray(8, icvAt)).subarray(16);
    return pt[pt.length - 1]!;
  };
}

/** cbcChain over batches of `size` packets: one update() a batch; returns packets with Next Header 4. */
function cbcChainBatched(size: number): (all: readonly Uint8Array[]) => number {
  return (all) => {
    const mac = hmacKey('sha1', integKey);
    const out = new Uint8Array(20);
    const cbc = createDecipheriv('aes-128-cbc', encrKey, new Uint8Array(16)).setAutoPadding(false);
    let buf = new Uint8Array(1 << 16);
    const lengths: number[] = [];
    let ok = 0;
    for (let i = 0; i < all.length; i += size) {
      let at = 0;
      lengths.length = 0;
      for (let k = i; k < Math.min(i + size, all.length); k++) {
        const p = all[k]!;
        const icvAt = p.length - ICV;
        mac.computeInto(out, p.subarray(0, icvAt));
        if (!timingSafeEqual(out.subarray(0, ICV), p.subarray(icvAt))) continue;
        if (buf.length < at + icvAt) {
          const b = new Uint8Array(2 * (at + icvAt));
          b.set(buf.subarray(0, at));
          buf = b;
        }
        buf.set(p.subarray(8, icvAt), at);
        at += icvAt - 8;
        lengths.push(icvAt - 8);
      }
      const pt = cbc.update(buf.subarray(0, at));
      at = 0;
      for (const n of lengths) {
        if (pt[at + n - 1] === 4) ok++; // plaintext of this packet: pt[at + 16, at + n)
        at += n;
      }
    }
    return ok;
  };
}

const variants: [string, () => Variant][] = [
  ['node-per-packet', nodePerPacket],
  ['noble-hmac+ecb', nobleHmacEcb],
  ['hash-pads+ecb', hashPadsEcb],
  ['noble-cbc+js-sha1', nobleCbcJsSha1],
  ['EspDecryptor', espDecryptor],
  ['cbc-chain', cbcChain],
];

console.log(`ESP AES-CBC-128 + HMAC-SHA1-96: ${N} packets of ${packets[0]!.length} octets (${(octets / 1e6).toFixed(1)} MB), best of ${ROUNDS}`);
console.log(`node ${process.version}, OpenSSL ${process.versions.openssl}`);
for (const [name, make] of variants) {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const f = make();
    const t0 = process.hrtime.bigint();
    let ok = 0;
    for (let i = 0; i < N; i++) if (f(packets[i]!) === 4) ok++;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (ok !== N) throw new Error(`${name}: ${N - ok} packets failed`);
    best = Math.min(best, s);
  }
  report(name, best);
}
for (const [name, run] of [['openMany ×64', batched(64)], ['openMany ×256', batched(256)], ['cbc-chain ×64', cbcChainBatched(64)]] as const) {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = process.hrtime.bigint();
    const ok = run(packets);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (ok !== N) throw new Error(`${name}: ${N - ok} packets failed`);
    best = Math.min(best, s);
  }
  report(name, best);
}

function report(name: string, seconds: number): void {
  const pps = N / seconds;
  console.log(`${name.padEnd(18)} ${(pps / 1e3).toFixed(0).padStart(6)} k packets/s  ${(octets / seconds / 1e6).toFixed(1).padStart(6)} MB/s  ${((seconds / N) * 1e9).toFixed(0).padStart(5)} ns/packet`);
}
