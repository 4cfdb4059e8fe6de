/**
 * ChaCha20-Poly1305 through ENCR_CHACHA20_POLY1305 (RFC 7634 §2: 32-octet key | 4-octet
 * salt, 8-octet IV): the AEAD vectors of RFC 8439 §2.8.2 and Appendix A.5 split into salt and
 * IV, and a seeded cross-check with @noble/ciphers. RFC 7634's own ESP and IKEv2 examples
 * are whole packets and are tested where those are opened (test/esp, test/crypto/sk-*).
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import { encrAlgorithm } from '../../src/crypto/algorithms.js';
import { createCipher, type Aead } from '../../src/crypto/cipher.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { ascii, h, seeded, toHex } from './support.js';

function aead(keyAndSalt: Uint8Array): Aead {
  const alg = encrAlgorithm(EncrId.ENCR_CHACHA20_POLY1305)!;
  expect(alg.keyBytes).toBe(36);
  const c = createCipher(alg, keyAndSalt);
  if (!c.ok || !c.value.aead) throw new Error('not an AEAD');
  return c.value;
}

describe('RFC 8439 AEAD vectors', () => {
  it('§2.8.2', () => {
    const c = aead(h('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f' + '07000000'));
    const pt = ascii("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const aad = h('50515253c0c1c2c3c4c5c6c7');
    const ct = 'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116';
    const tag = '1ae10b594f09e26a7e902ecbd0600691';
    const iv = h('4041424344454647');
    expect(toHex(c.seal(iv, aad, pt))).toBe(ct + tag);
    expect(toHex(c.open(iv, aad, h(ct), h(tag))!)).toBe(toHex(pt));
    expect(toHex(c.decryptUnchecked(iv, h(ct)))).toBe(toHex(pt));
    const bad = h(tag);
    bad[15] ^= 0x40;
    expect(c.open(iv, aad, h(ct), bad)).toBeUndefined();
  });
  it('Appendix A.5 (decryption)', () => {
    const c = aead(h('1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0' + '00000000'));
    const ct = h(
      '64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb24c6cfc18755d43eea09ee94e382d26b0' +
      'bdb7b73c321b0100d4f03b7f355894cf332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855' +
      '9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4b9166c767b804d46a59b5216cde7a4e9' +
      '9040c5a40433225ee282a1b0a06c523eaf4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a' +
      '0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a1049e617d91d361094fa68f0ff77987130' +
      '305beaba2eda04df997b714d6c6f2c29a6ad5cb4022b02709b',
    );
    const tag = h('eead9d67890cbb22392336fea1851f38');
    const pt = new TextDecoder().decode(c.open(h('0102030405060708'), h('f33388860000000000004e91'), ct, tag)!);
    expect(pt.startsWith('Internet-Drafts are draft documents valid for a maximum of six months')).toBe(true);
    expect(pt.endsWith('/\u201cwork in progress./\u201d')).toBe(true);
  });
});

describe('cross-check with @noble/ciphers chacha20poly1305 (seeded)', () => {
  it('200 messages of 0..300 octets with 0..40 octets of AAD', () => {
    const r = seeded(0xc4a);
    for (let i = 0; i < 200; i++) {
      const key = r.bytes(32);
      const salt = r.bytes(4);
      const iv = r.bytes(8);
      const aad = r.bytes(r.int(41));
      const pt = r.bytes(r.int(301));
      const want = chacha20poly1305(key, new Uint8Array([...salt, ...iv]), aad).encrypt(pt);
      const c = aead(new Uint8Array([...key, ...salt]));
      expect(toHex(c.seal(iv, aad, pt))).toBe(toHex(want));
      expect(toHex(c.decryptUnchecked(iv, want.subarray(0, pt.length)))).toBe(toHex(pt));
    }
  });
});
