/**
 * ESP packet protection (RFC 4303): RFC 3602 §4 test cases 5-8 (AES-CBC ESP packets, no
 * integrity), RFC 7634 Appendix A (ChaCha20-Poly1305 ESP), sealEsp ∘ open for every cipher and
 * integrity transform with and without ESN, the §2.4 padding check, and hostile input.
 */
import { describe, expect, it } from 'vitest';
import { encrAlgorithm, integAlgorithm } from '../../src/crypto/algorithms.js';
import { createCipher } from '../../src/crypto/cipher.js';
import { createIntegrity } from '../../src/crypto/integrity.js';
import type { EncrAlgorithm, EspKeys, IntegAlgorithm } from '../../src/crypto/types.js';
import { EspDecryptor, sealEsp } from '../../src/esp/decrypt.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { IntegId } from '../../src/ikev2/registry/integ.js';
import { mutate, rng } from '../helpers/fuzz.js';
import { h, seeded, toHex } from '../crypto/support.js';

const cbc128 = encrAlgorithm(EncrId.ENCR_AES_CBC, 128)!;

describe('RFC 3602 §4 ESP test cases (AES-CBC-128, no authentication)', () => {
  const K56 = h('90d382b410eeba7ad938c46cec1a82bf');
  const K78 = h('0123456789abcdef0123456789abcdef');
  it.each([
    ['5', K56, '0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849a4870b66cc6b9965330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6',
      1, '08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637'],
    ['6', K56, '000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109689bb379d2d750c0d915dca346a89f75',
      1, '0800b5e8a80a0500a69c083d0b660e00777777777777777777777777'],
    ['7', K78, '0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c237ca96cf74a93013c1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d',
      4, '45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637'],
    ['8', K78, '000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048fe45318e11f8a0f62ede3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892',
      4, '45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'],
  ])('case %s', (_n, key, packet, nextHeader, payload) => {
    const keys: EspKeys = { encr: cbc128, encrKey: key, integrity: 'check' };
    const out = new EspDecryptor(keys).open(h(packet));
    // Without an integrity transform there is no ICV, so nothing is verified (RFC 4303 §3.2).
    expect(out).toMatchObject({ ok: true, nextHeader, integrity: 'unchecked', padding: 'default' });
    if (out.ok) expect(toHex(out.payload)).toBe(payload);
    const p = h(packet);
    const iv = p.subarray(8, 24);
    const spi = new DataView(p.buffer).getUint32(0);
    const seq = new DataView(p.buffer).getUint32(4);
    expect(toHex(sealEsp(keys, spi, seq, nextHeader, h(payload), { random: (b) => b.set(iv) }))).toBe(packet);
  });
});

describe('RFC 7634 Appendix A: ESP example (ChaCha20-Poly1305)', () => {
  const keys: EspKeys = {
    encr: encrAlgorithm(EncrId.ENCR_CHACHA20_POLY1305)!,
    encrKey: h('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3'),
    integrity: 'check',
  };
  const packet = h(
    '0102030400000005' + '1011121314151617' +
    '24039428b97f417e3c13753a4f05087b67c352e6a7fab1b982d466ef407ae5c614ee8099d52844eb61aa95dfab4c02f7' +
    '2aa71e7c4c4f64c9befe2facc638e8f3cbec163fac469b502773f6fb94e664da9165b82829f641e076aaa8266b7fb0f7' +
    'b11b369907e1ad43',
  );
  const ip = '45000054a6f200004001e778c6336405c000020508005b7a3a080000553bec100007362708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637';
  it('opens to the IPv4 echo request, Next Header 4', () => {
    const out = new EspDecryptor(keys).open(packet);
    expect(out).toMatchObject({ ok: true, nextHeader: 4, integrity: 'verified', padding: 'default' });
    if (out.ok) expect(toHex(out.payload)).toBe(ip);
  });
  it('seals back to the same octets', () => {
    expect(toHex(sealEsp(keys, 0x01020304, 5, 4, h(ip), { random: (b) => b.set(h('1011121314151617')) }))).toBe(toHex(packet));
  });
  it('with ESN, the high sequence bits enter the AAD', () => {
    const esn = { ...keys, esn: true };
    expect(new EspDecryptor(esn).open(packet, 0)).toMatchObject({ ok: false, reason: 'icv-mismatch' });
  });
});

const ENCRS: EncrAlgorithm[] = [
  encrAlgorithm(EncrId.ENCR_3DES)!, encrAlgorithm(EncrId.ENCR_DES)!, encrAlgorithm(EncrId.ENCR_NULL)!,
  ...[128, 192, 256].flatMap((b) => [
    EncrId.ENCR_AES_CBC, EncrId.ENCR_AES_CTR, EncrId.ENCR_AES_GCM_8, EncrId.ENCR_AES_GCM_12, EncrId.ENCR_AES_GCM_16,
    EncrId.ENCR_AES_CCM_8, EncrId.ENCR_AES_CCM_12, EncrId.ENCR_AES_CCM_16, EncrId.ENCR_NULL_AUTH_AES_GMAC,
  ].map((id) => encrAlgorithm(id, b)!)),
  encrAlgorithm(EncrId.ENCR_CHACHA20_POLY1305)!,
];
const INTEGS: IntegAlgorithm[] = [
  IntegId.AUTH_HMAC_MD5_96, IntegId.AUTH_HMAC_SHA1_96, IntegId.AUTH_AES_XCBC_96, IntegId.AUTH_HMAC_SHA1_160,
  IntegId.AUTH_AES_CMAC_96, IntegId.AUTH_HMAC_SHA2_256_128, IntegId.AUTH_HMAC_SHA2_384_192, IntegId.AUTH_HMAC_SHA2_512_256,
].map((id) => integAlgorithm(id)!);

describe('sealEsp and EspDecryptor.open round-trip', () => {
  const r = seeded(0xe5b);
  const combos = ENCRS.flatMap((e): Array<readonly [EncrAlgorithm, IntegAlgorithm | undefined]> => (e.aead ? [[e, undefined]] : INTEGS.map((i) => [e, i])));
  it.each(combos.map(([e, i]) => [`${e.name}${i ? ' + ' + i.name : ''}`, e, i] as const))('%s', (_n, encr, integ) => {
    for (const esn of [false, true]) {
      const keys: EspKeys = { encr, integ, encrKey: r.bytes(encr.keyBytes), integKey: integ && r.bytes(integ.keyBytes), integrity: 'check', esn };
      const d = new EspDecryptor(keys);
      for (const len of [0, 1, 2, 3, 13, 16, 84, 1400]) {
        const payload = r.bytes(len);
        const seqHigh = esn ? 1 + r.int(1000) : 0;
        const packet = sealEsp(keys, 0xc0ffee01, 1 + r.int(1 << 30), 4, payload, { seqHigh });
        // §2.4: the ciphertext ends on a 4-octet boundary.
        const icv = encr.aead ? encr.icvBytes : integ!.icvBytes;
        expect((packet.length - 8 - encr.ivBytes - icv) % Math.max(4, encr.blockBytes)).toBe(0);
        const out = d.open(packet, seqHigh);
        expect(out).toMatchObject({ ok: true, nextHeader: 4, integrity: 'verified', padding: 'default' });
        if (out.ok) expect(toHex(out.payload)).toBe(toHex(payload));
        if (esn) expect(d.open(packet, seqHigh + 1)).toMatchObject({ ok: false, reason: 'icv-mismatch' });
        const bad = packet.slice();
        bad[r.int(bad.length)] ^= 1 << r.int(8);
        expect(d.open(bad, seqHigh)).toMatchObject({ ok: false });
      }
    }
  });
});

/** An AES-CBC/HMAC packet around a plaintext given whole (trailer included), for padding cases sealEsp would not make. */
function sealTrailer(keys: EspKeys, pt: Uint8Array): Uint8Array {
  const cipher = createCipher(keys.encr, keys.encrKey);
  const mac = createIntegrity(keys.integ!, keys.integKey!);
  if (!cipher.ok || cipher.value.aead || !mac.ok) throw new Error('setup');
  const iv = new Uint8Array(keys.encr.ivBytes).fill(7);
  const body = new Uint8Array([...h('0a0b0c0d00000001'), ...iv, ...cipher.value.encrypt(iv, pt)]);
  return new Uint8Array([...body, ...mac.value.compute(body).subarray(0, keys.integ!.icvBytes)]);
}

describe('trailer checks (RFC 4303 §2.4-§2.6)', () => {
  const r = seeded(0x7a1);
  const keys: EspKeys = { encr: cbc128, integ: integAlgorithm(IntegId.AUTH_HMAC_SHA1_96)!, encrKey: r.bytes(16), integKey: r.bytes(20), integrity: 'check' };
  const d = new EspDecryptor(keys);
  it('padding other than 1, 2, 3, … is reported, not rejected', () => {
    const pt = new Uint8Array(32);
    pt.set([9, 9, 9], 27); // three padding octets that are not 1, 2, 3
    pt[30] = 3;
    pt[31] = 41;
    expect(d.open(sealTrailer(keys, pt))).toMatchObject({ ok: true, nextHeader: 41, padding: 'other' });
    pt.set([1, 2, 3], 27);
    expect(d.open(sealTrailer(keys, pt))).toMatchObject({ ok: true, nextHeader: 41, padding: 'default' });
  });
  it('a Pad Length beyond the plaintext is malformed, even behind a valid ICV', () => {
    const pt = new Uint8Array(16);
    pt[14] = 200;
    pt[15] = 4;
    expect(d.open(sealTrailer(keys, pt))).toMatchObject({ ok: false, reason: 'malformed', message: expect.stringContaining('Pad Length 200') });
  });
  it('dummy packets (Next Header 59, §2.6) come back as such', () => {
    const out = d.open(sealEsp(keys, 1, 1, 59, new Uint8Array(0)));
    expect(out).toMatchObject({ ok: true, nextHeader: 59 });
    if (out.ok) expect(out.payload.length).toBe(0);
  });
});

describe('integrity "skip"', () => {
  const r = seeded(0x5417);
  it('strips the ICV of the integ transform, or icvBytes, and reports unchecked', () => {
    const integ = integAlgorithm(IntegId.AUTH_HMAC_SHA2_256_128)!;
    const keys: EspKeys = { encr: cbc128, integ, encrKey: r.bytes(16), integKey: r.bytes(32), integrity: 'check' };
    const packet = sealEsp(keys, 7, 7, 4, h('4500'));
    packet[packet.length - 1] ^= 1;
    expect(new EspDecryptor(keys).open(packet)).toMatchObject({ ok: false, reason: 'icv-mismatch' });
    for (const k of [{ ...keys, integrity: 'skip' as const }, { encr: cbc128, encrKey: keys.encrKey, integrity: 'skip' as const, icvBytes: 16 }]) {
      const out = new EspDecryptor(k).open(packet);
      expect(out).toMatchObject({ ok: true, integrity: 'unchecked', nextHeader: 4 });
    }
  });
});

describe('hostile input gives results, never exceptions', () => {
  const r = seeded(0xbadd);
  const keys: EspKeys = { encr: cbc128, integ: integAlgorithm(IntegId.AUTH_HMAC_SHA1_96)!, encrKey: r.bytes(16), integKey: r.bytes(20), integrity: 'check' };
  const d = new EspDecryptor(keys);
  const good = sealEsp(keys, 0x1234, 9, 4, r.bytes(60));
  it.each([
    ['empty', new Uint8Array(0)],
    ['header only', good.subarray(0, 8)],
    ['no room for the trailer', good.subarray(0, 8 + 16 + 12 + 1)],
    ['ciphertext not a whole block', new Uint8Array([...good.subarray(0, 8 + 16 + 17), ...new Uint8Array(12)])],
  ])('%s', (_n, packet) => {
    expect(d.open(packet)).toMatchObject({ ok: false });
  });
  it.each([
    ['encryption key too short', { ...keys, encrKey: new Uint8Array(15) }],
    ['integrity key too short', { ...keys, integKey: new Uint8Array(16) }],
    ['unknown cipher', { ...keys, encr: { ...cbc128, id: 4242, name: 'ENCR(4242)' } }],
    ['an integrity transform without its key', { ...keys, integKey: undefined }],
  ])('keys: %s (reported by open, and as `problem`)', (_n, k) => {
    const bad = new EspDecryptor(k as EspKeys);
    expect(bad.problem).toMatchObject({ ok: false, reason: 'malformed' });
    expect(bad.open(good)).toBe(bad.problem);
  });
  it('5000 mutations: never throws', () => {
    const rand = rng(0xe5e5);
    let opened = 0;
    for (let i = 0; i < 5000; i++) {
      const out = d.open(mutate(rand, good));
      if (out.ok) opened++;
    }
    expect(opened).toBeLessThan(50);
  });
  it('a short AEAD packet', () => {
    const gcm: EspKeys = { encr: encrAlgorithm(EncrId.ENCR_AES_GCM_16, 128)!, encrKey: r.bytes(20), integrity: 'check' };
    expect(new EspDecryptor(gcm).open(new Uint8Array(8 + 8 + 16 + 1))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(new EspDecryptor(gcm).open(new Uint8Array(8 + 8 + 16 + 2))).toMatchObject({ ok: false, reason: 'icv-mismatch' });
  });
});

describe('openMany gives what open gives, packet by packet', () => {
  const r = seeded(0x3a7);
  it.each([
    ['AES-CBC-128 + HMAC-SHA1-96 (batched CBC)', encrAlgorithm(EncrId.ENCR_AES_CBC, 128)!, integAlgorithm(IntegId.AUTH_HMAC_SHA1_96)],
    ['3DES + HMAC-SHA2-256-128 (batched CBC)', encrAlgorithm(EncrId.ENCR_3DES)!, integAlgorithm(IntegId.AUTH_HMAC_SHA2_256_128)],
    ['AES-GCM-16 (one by one)', encrAlgorithm(EncrId.ENCR_AES_GCM_16, 256)!, undefined],
  ])('%s, with ESN, good and damaged packets mixed', (_n, encr, integ) => {
    const keys: EspKeys = { encr, integ, encrKey: r.bytes(encr.keyBytes), integKey: integ && r.bytes(integ.keyBytes), integrity: 'check', esn: true };
    const packets: Uint8Array[] = [];
    const highs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const hi = r.int(3);
      let p = sealEsp(keys, 0x99, i, 4 + r.int(2) * 37, r.bytes(r.int(300)), { seqHigh: hi });
      switch (r.int(5)) {
        case 0: p[r.int(p.length)] ^= 1; break; // damaged
        case 1: p = p.subarray(0, r.int(p.length)); break; // truncated
        default: break;
      }
      packets.push(p);
      highs.push(r.int(4) === 0 ? hi + 1 : hi); // sometimes the wrong ESN high half
    }
    const d = new EspDecryptor(keys);
    const one = packets.map((p, i) => d.open(p, highs[i]));
    const many = new EspDecryptor(keys).openMany(packets, highs);
    expect(many.map((x) => (x.ok ? toHex(x.payload) + x.nextHeader : x.reason))).toEqual(one.map((x) => (x.ok ? toHex(x.payload) + x.nextHeader : x.reason)));
    expect(one.filter((x) => x.ok).length).toBeGreaterThan(50);
    expect(one.filter((x) => !x.ok && x.reason === 'icv-mismatch').length).toBeGreaterThan(10);
  });
  it('a decryptor with bad keys answers every packet with its problem', () => {
    const d = new EspDecryptor({ encr: cbc128, encrKey: new Uint8Array(3), integrity: 'check' });
    expect(d.openMany([new Uint8Array(40), new Uint8Array(50)])).toEqual([d.problem, d.problem]);
  });
});
