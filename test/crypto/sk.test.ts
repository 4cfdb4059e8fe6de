/**
 * SK payload framing (RFC 7296 §3.14, RFC 5282 §5, RFC 7383 §2.5): RFC 7634's IKEv2 example
 * message, sealSk ∘ openSk for every cipher and integrity transform (SK and SKF), the "No
 * Checking" path, and hostile input — short, lying lengths, impossible padding, wrong key
 * sizes, mutations of real messages — which gives results, never exceptions.
 */
import { describe, expect, it } from 'vitest';
import { encrAlgorithm, integAlgorithm } from '../../src/crypto/algorithms.js';
import { createCipher } from '../../src/crypto/cipher.js';
import { createIntegrity } from '../../src/crypto/integrity.js';
import { openSk, sealSk } from '../../src/crypto/sk.js';
import type { EncrAlgorithm, IntegAlgorithm, SkKeys } from '../../src/crypto/types.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { IntegId } from '../../src/ikev2/registry/integ.js';
import { mutate, rng } from '../helpers/fuzz.js';
import { h, seeded, toHex } from './support.js';

describe('RFC 7634 Appendix B: IKEv2 example (ChaCha20-Poly1305)', () => {
  const message = h(
    'c0c1c2c3c4c5c6c7d0d1d2d3d4d5d6d72e20250000000009000000452900002910111213141516176103' +
    '94701f8d017f7c129248896b71bfe25236efd7cdc67066906315b2',
  );
  const keys: SkKeys = {
    encr: encrAlgorithm(EncrId.ENCR_CHACHA20_POLY1305)!,
    encrKey: h('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3'),
    integrity: 'check',
  };
  it('opens to the Notify payload, Pad Length 0 removed', () => {
    expect(message.length).toBe(0x45);
    const r = openSk(message, 28, keys);
    expect(r).toMatchObject({ ok: true, integrity: 'verified' });
    if (r.ok) expect(toHex(r.plaintext)).toBe('0000000c000040010000000a');
  });
  it('seals back to the same octets with the same IV', () => {
    const prefix = message.slice(0, 28);
    const sealed = sealSk(prefix, 0x29, h('0000000c000040010000000a'), keys, { random: (iv) => iv.set(h('1011121314151617')) });
    expect(toHex(sealed)).toBe(toHex(message));
  });
  it('a changed AAD octet (the SK header) fails the tag', () => {
    const bad = message.slice();
    bad[29] = 0x80; // critical bit set in the SK generic header
    expect(openSk(bad, 28, keys)).toMatchObject({ ok: false, reason: 'icv-mismatch' });
  });
});

/** IKE header with SPIs, exchange type, flags, message ID; Next Payload and Length left to sealSk. */
function header(initiator = true): Uint8Array {
  const b = new Uint8Array(28);
  b.set(h('0102030405060708'), 0);
  b.set(h('1112131415161718'), 8);
  b[17] = 0x20;
  b[18] = 35; // IKE_AUTH
  b[19] = initiator ? 0x08 : 0x20;
  b[23] = 1;
  return b;
}

const ENCRS: EncrAlgorithm[] = [
  encrAlgorithm(EncrId.ENCR_3DES)!, encrAlgorithm(EncrId.ENCR_DES)!, encrAlgorithm(EncrId.ENCR_NULL)!,
  ...[128, 192, 256].flatMap((b) => [
    EncrId.ENCR_AES_CBC, EncrId.ENCR_AES_CTR, EncrId.ENCR_AES_GCM_8, EncrId.ENCR_AES_GCM_12, EncrId.ENCR_AES_GCM_16,
    EncrId.ENCR_AES_CCM_8, EncrId.ENCR_AES_CCM_12, EncrId.ENCR_AES_CCM_16,
  ].map((id) => encrAlgorithm(id, b)!)),
  encrAlgorithm(EncrId.ENCR_CHACHA20_POLY1305)!,
];
const INTEGS: IntegAlgorithm[] = [
  IntegId.AUTH_HMAC_MD5_96, IntegId.AUTH_HMAC_SHA1_96, IntegId.AUTH_AES_XCBC_96, IntegId.AUTH_HMAC_MD5_128,
  IntegId.AUTH_HMAC_SHA1_160, IntegId.AUTH_AES_CMAC_96, IntegId.AUTH_HMAC_SHA2_256_128,
  IntegId.AUTH_HMAC_SHA2_384_192, IntegId.AUTH_HMAC_SHA2_512_256,
].map((id) => integAlgorithm(id)!);

describe('sealSk and openSk round-trip', () => {
  const r = seeded(0x5ea1);
  const combos = ENCRS.flatMap((encr): Array<readonly [EncrAlgorithm, IntegAlgorithm | undefined]> => (encr.aead ? [[encr, undefined]] : INTEGS.map((i) => [encr, i])));
  it.each(combos.map(([e, i]) => [`${e.name}${i ? ' + ' + i.name : ''}`, e, i] as const))('%s', (_n, encr, integ) => {
    const keys: SkKeys = { encr, integ, encrKey: r.bytes(encr.keyBytes), integKey: integ && r.bytes(integ.keyBytes), integrity: 'check' };
    for (const len of [0, 1, 7, 15, 16, 17, 100]) {
      const inner = r.bytes(len);
      for (const fragment of [undefined, { number: 2, total: 3 }]) {
        const msg = sealSk(header(), 41, inner, keys, { fragment });
        // Length field of the IKE header and the padding alignment (§3.14).
        expect(new DataView(msg.buffer).getUint32(24)).toBe(msg.length);
        expect(msg[16]).toBe(fragment ? 53 : 46);
        const out = openSk(msg, 28, keys);
        expect(out).toMatchObject({ ok: true, integrity: 'verified' });
        if (out.ok) expect(toHex(out.plaintext)).toBe(toHex(inner));
        const hdrLen = fragment ? 8 : 4;
        const icv = encr.aead ? encr.icvBytes : integ!.icvBytes;
        expect((msg.length - 28 - hdrLen - encr.ivBytes - icv) % encr.blockBytes).toBe(0);
        // The fragment header is covered (RFC 7383 §2.5).
        if (fragment) {
          const bad = msg.slice();
          bad[28 + 5] ^= 1;
          expect(openSk(bad, 28, keys)).toMatchObject({ ok: false, reason: 'icv-mismatch' });
        }
      }
    }
  });
  it('keeps payloads before SK in the covered region and points their Next Payload at SK', () => {
    const keys: SkKeys = { encr: ENCRS[3]!, integ: INTEGS[6]!, encrKey: r.bytes(ENCRS[3]!.keyBytes), integKey: r.bytes(32), integrity: 'check' };
    const prefix = new Uint8Array(28 + 8);
    prefix.set(header());
    prefix[16] = 43; // V
    prefix.set(h('0000000801020304'), 28);
    const msg = sealSk(prefix, 41, h('00000008000040000000'), keys);
    expect(msg[28]).toBe(46);
    expect(openSk(msg, 36, keys).ok).toBe(true);
    const bad = msg.slice();
    bad[35] ^= 1; // inside the Vendor ID
    expect(openSk(bad, 36, keys)).toMatchObject({ ok: false, reason: 'icv-mismatch' });
    expect(openSk(msg, 28, keys)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('integrity "skip" (a key table that says No Checking)', () => {
  const r = seeded(0x5c1b);
  it('decrypts, strips the ICV and reports unchecked, even with a wrong ICV', () => {
    const encr = encrAlgorithm(EncrId.ENCR_AES_CBC, 128)!;
    const integ = integAlgorithm(IntegId.AUTH_HMAC_SHA1_96)!;
    const keys: SkKeys = { encr, integ, encrKey: r.bytes(16), integKey: r.bytes(20), integrity: 'check' };
    const msg = sealSk(header(), 41, h('0102030405'), keys);
    msg[msg.length - 1] ^= 0xff;
    expect(openSk(msg, 28, keys)).toMatchObject({ ok: false, reason: 'icv-mismatch' });
    for (const skip of [{ ...keys, integrity: 'skip' as const }, { encr, encrKey: keys.encrKey, integrity: 'skip' as const, icvBytes: 12 }]) {
      const out = openSk(msg, 28, skip);
      expect(out).toMatchObject({ ok: true, integrity: 'unchecked' });
      if (out.ok) expect(toHex(out.plaintext)).toBe('0102030405');
    }
  });
  it('AEAD ciphers decrypt without the tag', () => {
    for (const encr of ENCRS.filter((e) => e.aead)) {
      const keys: SkKeys = { encr, encrKey: r.bytes(encr.keyBytes), integrity: 'check' };
      const msg = sealSk(header(false), 41, h('aabbccddeeff'), keys);
      msg[msg.length - 1] ^= 1;
      const out = openSk(msg, 28, { ...keys, integrity: 'skip' });
      expect(out, encr.name).toMatchObject({ ok: true, integrity: 'unchecked' });
      if (out.ok) expect(toHex(out.plaintext)).toBe('aabbccddeeff');
    }
  });
});

describe('hostile input gives results, never exceptions', () => {
  const r = seeded(0xbad);
  const encr = encrAlgorithm(EncrId.ENCR_AES_CBC, 128)!;
  const integ = integAlgorithm(IntegId.AUTH_HMAC_SHA2_256_128)!;
  const keys: SkKeys = { encr, integ, encrKey: r.bytes(16), integKey: r.bytes(32), integrity: 'check' };
  const good = sealSk(header(), 41, r.bytes(40), keys);

  it.each([
    ['empty message', new Uint8Array(0), 28],
    ['header only', good.subarray(0, 28), 28],
    ['SK header cut', good.subarray(0, 30), 28],
    ['payload shorter than IV + ICV', good.subarray(0, 28 + 4 + 16 + 16), 28],
    ['offset beyond the message', good, 5000],
    ['offset inside a payload', good, 30],
    ['negative offset', good, -4],
  ])('%s', (_n, msg, offset) => {
    expect(openSk(msg, offset, keys)).toMatchObject({ ok: false, reason: 'malformed' });
  });
  it('an SK length running past the message', () => {
    const bad = good.slice();
    bad[30] = 0xff;
    expect(openSk(bad, 28, keys)).toMatchObject({ ok: false, reason: 'malformed' });
  });
  it('a ciphertext that is not a whole number of blocks', () => {
    const bad = good.slice(0, good.length - 1);
    const len = ((bad[30]! << 8) | bad[31]!) - 1;
    bad[30] = len >> 8;
    bad[31] = len & 0xff;
    expect(openSk(bad, 28, keys)).toMatchObject({ ok: false, reason: 'malformed', message: expect.stringContaining('block') });
  });
  it('a Pad Length larger than the plaintext, behind a valid ICV', () => {
    // Built by hand: the sender encrypted "Pad Length 200" after 15 octets, and MACed it.
    const c = createCipher(encr, keys.encrKey);
    const m = createIntegrity(integ, keys.integKey!);
    if (!c.ok || c.value.aead || !m.ok) throw new Error('setup');
    const pt = new Uint8Array(16);
    pt[15] = 200;
    const msg = new Uint8Array(28 + 4 + 16 + 16 + 16);
    msg.set(header());
    msg[16] = 46;
    new DataView(msg.buffer).setUint32(24, msg.length);
    msg[28] = 41;
    msg[31] = 4 + 16 + 16 + 16;
    const iv = r.bytes(16);
    msg.set(iv, 32);
    msg.set(c.value.encrypt(iv, pt), 48);
    msg.set(m.value.compute(msg.subarray(0, 64)).subarray(0, 16), 64);
    expect(openSk(msg, 28, keys)).toMatchObject({ ok: false, reason: 'malformed', message: expect.stringContaining('Pad Length 200') });
  });
  it.each([
    ['SK_e too short', { ...keys, encrKey: new Uint8Array(15) }],
    ['SK_a too long', { ...keys, integKey: new Uint8Array(33) }],
    ['no integrity for a non-AEAD cipher', { encr, encrKey: keys.encrKey, integrity: 'check' as const }],
    ['GMAC, which IKEv2 does not define', { encr: encrAlgorithm(EncrId.ENCR_NULL_AUTH_AES_GMAC, 128)!, encrKey: new Uint8Array(20), integrity: 'check' as const }],
    ['an unknown cipher', { ...keys, encr: { ...encr, id: 999, name: 'ENCR(999)' } }],
  ])('keys: %s', (_n, k) => {
    expect(openSk(good, 28, k as SkKeys)).toMatchObject({ ok: false, reason: 'malformed' });
  });
  it('2000 mutations of a sealed message: never throws, never verifies', () => {
    const rand = rng(0x5eed);
    for (let i = 0; i < 2000; i++) {
      const msg = mutate(rand, good);
      const out = openSk(msg, 28, keys);
      expect(out.ok === false || toHex(msg.subarray(0, good.length)) === toHex(good), `case ${i}`).toBe(true);
    }
  });
});
