/**
 * HMAC-MD5, HMAC-SHA1 (RFC 2202), HMAC-SHA-256/384/512 (RFC 4231), their IPsec truncations
 * (RFC 2403, 2404, 4595, 4868 §2.7.2), and a seeded cross-check against node:crypto's
 * createHmac — including every length around SHA-1's 64-octet block, where the JavaScript
 * SHA-1 of hmac.ts pads and splits.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { integAlgorithm } from '../../src/crypto/algorithms.js';
import { hmac, hmacKey } from '../../src/crypto/hmac.js';
import { createIntegrity } from '../../src/crypto/integrity.js';
import { IntegId } from '../../src/ikev2/registry/integ.js';
import { ascii, h, repeat, seeded, toHex } from './support.js';

const range = (from: number, to: number): Uint8Array => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);
const LARGE_KEY_80 = 'Test Using Larger Than Block-Size Key - Hash Key First';
const LARGE_80_DATA = 'Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data';

describe('RFC 2202 HMAC-MD5 and HMAC-SHA1', () => {
  const cases: [string, Uint8Array, Uint8Array, string, string][] = [
    ['1', repeat(0x0b, 16), ascii('Hi There'), '9294727a3638bb1c13f48ef8158bfc9d', ''],
    ['2', ascii('Jefe'), ascii('what do ya want for nothing?'), '750c783e6ab0b503eaa86e310a5db738', 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
    ['3', repeat(0xaa, 16), repeat(0xdd, 50), '56be34521d144c88dbb8c733f0e8b3f6', ''],
    ['4', range(1, 25), repeat(0xcd, 50), '697eaf0aca3a3aea3a75164746ffaa79', '4c9007f4026250c6bc8414f9bf50c86c2d7235da'],
    ['6', repeat(0xaa, 80), ascii(LARGE_KEY_80), '6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd', 'aa4ae5e15272d00e95705637ce8a3b55ed402112'],
    ['7', repeat(0xaa, 80), ascii(LARGE_80_DATA), '6f630fad67cda0ee1fb1f562db3aa53e', 'e8e99d0f45237d786d6bbaa7965c7808bbff1a91'],
  ];
  it.each(cases)('test case %s', (_n, key, data, md5, sha1) => {
    expect(toHex(hmac('md5', key, data))).toBe(md5);
    if (sha1) expect(toHex(hmac('sha1', key, data))).toBe(sha1);
  });
  it('SHA-1 test cases 1 and 3 (20-octet keys)', () => {
    expect(toHex(hmac('sha1', repeat(0x0b, 20), ascii('Hi There')))).toBe('b617318655057264e28bc0b6fb378c8ef146be00');
    expect(toHex(hmac('sha1', repeat(0xaa, 20), repeat(0xdd, 50)))).toBe('125d7342b9ac11cd91a39af48aa17b4f63f175d3');
  });
});

describe('RFC 4231 HMAC-SHA-256/384/512', () => {
  const cases: [string, Uint8Array, Uint8Array, string, string, string][] = [
    ['1', repeat(0x0b, 20), ascii('Hi There'),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
      'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6',
      '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854'],
    ['3', repeat(0xaa, 20), repeat(0xdd, 50),
      '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
      '88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27',
      'fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb'],
    ['4', range(1, 25), repeat(0xcd, 50),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
      '3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb',
      'b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd'],
    ['6', repeat(0xaa, 131), ascii(LARGE_KEY_80),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
      '4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952',
      '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598'],
  ];
  it.each(cases)('test case %s', (_n, key, data, s256, s384, s512) => {
    expect(toHex(hmac('sha256', key, data))).toBe(s256);
    expect(toHex(hmac('sha384', key, data))).toBe(s384);
    expect(toHex(hmac('sha512', key, data))).toBe(s512);
  });
  it('test case 7 (large key and data), SHA-256', () => {
    const data = ascii('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.');
    expect(toHex(hmac('sha256', repeat(0xaa, 131), data))).toBe('9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2');
  });
});

describe('IPsec integrity transforms truncate the HMAC', () => {
  // RFC 4868 §2.7.2.1-3 (authenticator test vectors with keys of the full hash length).
  const cases: [number, Uint8Array, Uint8Array, string][] = [
    [IntegId.AUTH_HMAC_SHA2_256_128, repeat(0x0b, 32), ascii('Hi There'), '198a607eb44bfbc69903a0f1cf2bbdc5'],
    [IntegId.AUTH_HMAC_SHA2_256_128, ascii('Jefe'.repeat(8)), ascii('what do ya want for nothing?'), '167f928588c5cc2eef8e3093caa0e87c'],
    [IntegId.AUTH_HMAC_SHA2_256_128, repeat(0xaa, 32), repeat(0xdd, 50), 'cdcb1220d1ecccea91e53aba3092f962'],
    [IntegId.AUTH_HMAC_SHA2_384_192, repeat(0x0b, 48), ascii('Hi There'), 'b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973'],
    [IntegId.AUTH_HMAC_SHA2_384_192, ascii('Jefe'.repeat(12)), ascii('what do ya want for nothing?'), '2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d'],
    [IntegId.AUTH_HMAC_SHA2_384_192, repeat(0xaa, 48), repeat(0xdd, 50), '809f439be00274321d4a538652164b53554a508184a0c316'],
    [IntegId.AUTH_HMAC_SHA2_512_256, repeat(0x0b, 64), ascii('Hi There'), '637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8'],
    [IntegId.AUTH_HMAC_SHA2_512_256, ascii('Jefe'.repeat(16)), ascii('what do ya want for nothing?'), 'cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454'],
    [IntegId.AUTH_HMAC_SHA2_512_256, repeat(0xaa, 64), repeat(0xdd, 50), '2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8'],
    // RFC 2202 cases 1 and 3 cut to 96 bits (RFC 2403 / 2404), and whole (RFC 4595).
    [IntegId.AUTH_HMAC_MD5_96, repeat(0x0b, 16), ascii('Hi There'), '9294727a3638bb1c13f48ef8'],
    [IntegId.AUTH_HMAC_MD5_128, repeat(0xaa, 16), repeat(0xdd, 50), '56be34521d144c88dbb8c733f0e8b3f6'],
    [IntegId.AUTH_HMAC_SHA1_96, repeat(0x0b, 20), ascii('Hi There'), 'b617318655057264e28bc0b6'],
    [IntegId.AUTH_HMAC_SHA1_160, repeat(0xaa, 20), repeat(0xdd, 50), '125d7342b9ac11cd91a39af48aa17b4f63f175d3'],
  ];
  it.each(cases)('transform %i', (id, key, data, icv) => {
    const alg = integAlgorithm(id)!;
    const mac = createIntegrity(alg, key);
    expect(mac.ok).toBe(true);
    if (mac.ok) expect(toHex(mac.value.compute(data).subarray(0, alg.icvBytes))).toBe(icv);
  });
  it('refuses a key of the wrong length as a result', () => {
    const r = createIntegrity(integAlgorithm(IntegId.AUTH_HMAC_SHA1_96)!, new Uint8Array(16));
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('20 octets') });
  });
});

describe('cross-check with node:crypto createHmac (seeded)', () => {
  const r = seeded(0x4d4143);
  for (const hash of ['md5', 'sha1', 'sha256', 'sha384', 'sha512'] as const) {
    it(`${hash}: every message length 0..300 and key lengths 0..200`, () => {
      for (let len = 0; len <= 300; len++) {
        const key = r.bytes(r.int(201));
        const data = r.bytes(len);
        const mac = hmacKey(hash, key);
        const want = createHmac(hash, key).update(data).digest('hex');
        expect(toHex(mac.compute(data)), `len ${len} key ${key.length}`).toBe(want);
        // The same keyed object again (its scratch state must not leak between calls).
        expect(toHex(mac.compute(data))).toBe(want);
      }
    });
    it(`${hash}: data | suffix equals the concatenation (ESN high bits, RFC 4303 §2.2.1)`, () => {
      const key = r.bytes(20);
      const mac = hmacKey(hash, key);
      for (let len = 0; len <= 140; len++) {
        const data = r.bytes(len);
        const suffix = r.bytes(4);
        const out = new Uint8Array(mac.outBytes);
        mac.computeInto(out, data, suffix);
        expect(toHex(out)).toBe(createHmac(hash, key).update(data).update(suffix).digest('hex'));
      }
    });
  }
  it('sha1: a 1 MiB message (multi-block path)', () => {
    const key = r.bytes(20);
    const data = r.bytes(1 << 20);
    expect(toHex(hmac('sha1', key, data))).toBe(createHmac('sha1', key).update(data).digest('hex'));
  });
});

describe('RFC vectors are not trivially satisfied', () => {
  it('a one-bit change of key or data changes the MAC', () => {
    const key = repeat(0x0b, 20);
    const base = toHex(hmac('sha1', key, ascii('Hi There')));
    expect(toHex(hmac('sha1', key, ascii('Hi Therf')))).not.toBe(base);
    const k2 = key.slice();
    k2[19] ^= 1;
    expect(toHex(hmac('sha1', k2, ascii('Hi There')))).not.toBe(base);
    expect(h(base).length).toBe(20);
  });
});
