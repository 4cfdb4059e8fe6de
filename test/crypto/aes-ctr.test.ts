/**
 * AES-CTR with the RFC 3686 counter block: the nine test vectors of RFC 3686 §6 through
 * ENCR_AES_CTR (key | 4-octet nonce, 8-octet IV), and a seeded cross-check with
 * @noble/ciphers' CTR on the same counter block.
 */
import { ctr } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { encrAlgorithm } from '../../src/crypto/algorithms.js';
import { ctrBlock } from '../../src/crypto/aes-ctr.js';
import { createCipher, type Cipher } from '../../src/crypto/cipher.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { ascii, h, seeded, toHex } from './support.js';

function cipher(key: Uint8Array, nonce: Uint8Array): Cipher {
  const alg = encrAlgorithm(EncrId.ENCR_AES_CTR, key.length * 8)!;
  expect(alg.keyBytes).toBe(key.length + 4);
  const c = createCipher(alg, new Uint8Array([...key, ...nonce]));
  if (!c.ok || c.value.aead) throw new Error('not a CTR cipher');
  return c.value;
}

const P32 = h('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const P36 = h('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223');

describe('RFC 3686 §6 test vectors', () => {
  const cases: [string, string, string, string, Uint8Array, string][] = [
    ['#1', 'ae6852f8121067cc4bf7a5765577f39e', '00000030', '0000000000000000', ascii('Single block msg'), 'e4095d4fb7a7b3792d6175a3261311b8'],
    ['#2', '7e24067817fae0d743d6ce1f32539163', '006cb6db', 'c0543b59da48d90b', P32, '5104a106168a72d9790d41ee8edad388eb2e1efc46da57c8fce630df9141be28'],
    ['#3', '7691be035e5020a8ac6e618529f9a0dc', '00e0017b', '27777f3f4a1786f0', P36, 'c1cf48a89f2ffdd9cf4652e9efdb72d74540a42bde6d7836d59a5ceaaef3105325b2072f'],
    ['#4', '16af5b145fc9f579c175f93e3bfb0eed863d06ccfdb78515', '00000048', '36733c147d6d93cb', ascii('Single block msg'), '4b55384fe259c9c84e7935a003cbe928'],
    ['#5', '7c5cb2401b3dc33c19e7340819e0f69c678c3db8e6f6a91a', '0096b03b', '020c6eadc2cb500d', P32, '453243fc609b23327edfaafa7131cd9f8490701c5ad4a79cfc1fe0ff42f4fb00'],
    ['#6', '02bf391ee8ecb159b959617b0965279bf59b60a786d3e0fe', '0007bdfd', '5cbd60278dcc0912', P36, '96893fc55e5c722f540b7dd1ddf7e758d288bc95c69165884536c811662f2188abee0935'],
    ['#7', '776beff2851db06f4c8a0542c8696f6c6a81af1eec96b4d37fc1d689e6c1c104', '00000060', 'db5672c97aa8f0b2', ascii('Single block msg'), '145ad01dbf824ec7560863dc71e3e0c0'],
    ['#8', 'f6d66d6bd52d59bb0796365879eff886c66dd51a5b6a99744b50590c87a23884', '00faac24', 'c1585ef15a43d875', P32, 'f05e231b3894612c49ee000b804eb2a9b8306b508f839d6a5530831d9344af1c'],
    ['#9', 'ff7a617ce69148e4f1726e2f43581de2aa62d9f805532edff1eed687fb54153d', '001cc5b7', '51a51d70a1c11148', P36, 'eb6c52821d0bbbf7ce7594462aca4faab407df866569fd07f48cc0b583d6071f1ec0e6b8'],
  ];
  it.each(cases)('test vector %s', (_n, key, nonce, iv, pt, ct) => {
    const c = cipher(h(key), h(nonce));
    expect(toHex(c.encrypt(h(iv), pt))).toBe(ct);
    expect(toHex(c.decrypt(h(iv), h(ct)))).toBe(toHex(pt));
  });
  it('the counter block is nonce | IV | 00000001 (RFC 3686 §4)', () => {
    expect(toHex(ctrBlock(h('006cb6db'), h('c0543b59da48d90b')))).toBe('006cb6dbc0543b59da48d90b00000001');
  });
});

describe('cross-check with @noble/ciphers ctr (seeded)', () => {
  const r = seeded(0xc7e);
  for (const bits of [128, 192, 256]) {
    it(`AES-${bits}: 200 messages of 0..300 octets`, () => {
      for (let i = 0; i < 200; i++) {
        const key = r.bytes(bits / 8);
        const nonce = r.bytes(4);
        const iv = r.bytes(8);
        const pt = r.bytes(r.int(301));
        const want = ctr(key, ctrBlock(nonce, iv)).encrypt(pt);
        expect(toHex(cipher(key, nonce).encrypt(iv, pt))).toBe(toHex(want));
      }
    });
  }
});
