/**
 * AES-CCM through ENCR_AES_CCM_8/12/16 (RFC 4309 / RFC 5282 key layout: key | 3-octet salt,
 * 8-octet IV, so an 11-octet nonce). RFC 4309 has no test vectors and RFC 3610's use 13-octet
 * nonces, so these are NIST CAVS CCM vectors with 11-octet nonces (as the Linux kernel and
 * strongSwan carry them for RFC 4309), plus RFC 3610 packet vector #1 for the keystream
 * layout that decryptUnchecked (and Wireshark's CTR-for-CCM row) relies on.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encrAlgorithm } from '../../src/crypto/algorithms.js';
import { aesCtrXor } from '../../src/crypto/aes-ctr.js';
import { createCipher, type Aead } from '../../src/crypto/cipher.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { h, seeded, toHex } from './support.js';

const ID = { 8: EncrId.ENCR_AES_CCM_8, 12: EncrId.ENCR_AES_CCM_12, 16: EncrId.ENCR_AES_CCM_16 } as const;

function aead(icv: 8 | 12 | 16, keyAndSalt: Uint8Array): Aead {
  const alg = encrAlgorithm(ID[icv], (keyAndSalt.length - 3) * 8)!;
  const c = createCipher(alg, keyAndSalt);
  if (!c.ok || !c.value.aead) throw new Error('not an AEAD');
  return c.value;
}

describe('CAVS CCM vectors with 11-octet nonces (salt | IV)', () => {
  const cases: [string, 8 | 12 | 16, string, string, string, string, string][] = [
    ['AES-128, no AAD', 16, '83ac5466c2ebe5052e01d1fc5d82662e96ac59', '3007a1e2a2c75524', '',
      '19c881f6e986ff930b7867e5bbb7fc6e8377b3a60c8c9f9c352eade062f991a1',
      'ab6fe1691d1999a892a0c46f7ee28bb170bb8ca64c6e978a572bbe5d98a6b132da24ead9a13998fda4bed9f21a6d22a8'],
    ['AES-128, AAD', 16, '1e2c7e01419aefc00d58966e5ca24bd34fa319', 'd3015ad830601556',
      'dae6289c452dfd635eda4cb6e6fcf9b70c56cbe4e0057ae10a630978bc2c55de',
      '87a336fd96b39378a92863ba12a31485571e06c97b21ef767f387e8e29a43e7e',
      '8a1e11f0026be219fc70c46d8eb799abc54ba2acd3f348ff3bb5ce53efdebb02a986156c13feda0a22b8293dd8399a23'],
    ['AES-192, AAD, empty payload', 16, 'f46bc27562feb4e1a3f0ffdd4e4b1275531473668d88f680a02035', '26f2218d5020dae2',
      '5b9e1367025eefc16cf9d71e528f7a47e9d4cf20146ef02dd89e2b56102356e7', '', '36ea7a7008dc6abcad0c7a63f661fd9b'],
    ['AES-192, AAD', 16, '56df5c8f263f0e42ef7ad3cefc846062cab440af5fc9c901d63c8c', '8684b6cdef092e94',
      '0265783ce9213091b1b9da769a786d95f28832a3f250cb4ce300736984698779',
      '9fd2024b5249313c43693a2d8e70ad7ee0e54609808913b28c8bd93f86fbb56b',
      '39df7c3c5a29b9625d51c216d8bd069f9b6a0970c15183c266881d4f9adae01ec7791158e56b20407aea46428be46fe1'],
    ['AES-256, ICV 8', 8, 'e08d997160d7971abd0199d58adf713ad3df244b5e3d4b4e307ab9d8530a5e2b1e2991', 'ad8ec1530acf2dbe',
      '19b61f57c4f3f08b782b9402290f42276b75cb9834087e79e43e490d848b2287',
      'e1d9d813eb3a753f9dbd5f66bedcbb66bf1799624a39271f1ddc24ae192f984c',
      '19b86133452b43966f51d020307d9bc6263df8c96516a89ff0621734f21e8d754e13ccc0c32a542d'],
    ['AES-256, ICV 12', 12, '7cc8183b8d99e07c4541b8bd5ca7c2328ab80259a4fea92c09759a9b3c9b2739f9d94e', '63b53d9d43f61e50',
      '57f56b8b575c3d3b1302010c834c96358ed639cf7d149b94b03936e68f57e013',
      '3b6c2936b6ef07a68372074fcffa66895fcab1bad58f2c2730db750993d465e4',
      'b0885a33aae5c71d8523c7c62ff41e3dcc63442507784f9e96b888ebbc481f0639af39acd84a80397b728af7'],
    ['AES-256, ICV 16', 16, 'abd0e9330726e5838c7695d4b6dcf346f98fade3021383773fb0f1a1a1220f2b24a78b', '07cbcc0ee633bff5',
      'd4db301d03fefd5f87d48cb6b6f17a5dab90658d8eca4d4f160c40904bc73673',
      'f5c67d48c1b7e692975acac4a96df93d6cdebcf190ea6ab2358636af5cfe4b3a',
      '836f408772cfc113efbb8021046c5809071bfcdfc03f5bc7e079a86e717c3fcf5cdab233e513e20d74d1efb50f3ab5f8'],
    ['AES-128, ICV 8, nothing', 8, 'ab2f8a74b71cd2b1ff802e487d82f8b9af9487', '783582817f889468', '', '', '413cb88773cbf3f3'],
    ['AES-192, ICV 8, AAD only', 8, '39bba7be59979e73a2bc6b98d7757fe3a448933926714ac6ee4983', 'e9a9ffe957bafd9e',
      '44a62c05e9e143b1587cf25c6d390a64a4f01305d177996711c4c6db00563661', '', '7199faf44412689b'],
    ['AES-256, ICV 8, nothing', 8, 'a44b54290ab86d015b802acf25c4b75c202cad30c22b41fb0e85bc33ad0f2bffee4983', 'e9a9ffe957bafd9e', '', '', '1fb88fa3dd5400f2'],
    ['AES-192, ICV 8, AAD', 8, '585da096651a04d796e5c568aa9535e029a0ba9e4878d1baee4983', 'e9a9ffe957bafd9e',
      '44a62c05e9e143b1587cf25c6d390a64a4f01305d177996711c4c6db00563661',
      '85346642c8920f3658e06b913c985cbb0a85cc02ad7a96e96543a4c30fdc5581',
      'fbe55d34bee5e8e75aef2fbf1f7fd4b266ca611e967a61b31c164552ba049c9fb1d240bc527c6fb1'],
  ];
  it.each(cases)('%s', (_n, icv, key, iv, aad, pt, sealed) => {
    const c = aead(icv, h(key));
    expect(toHex(c.seal(h(iv), h(aad), h(pt)))).toBe(sealed);
    const s = h(sealed);
    const ct = s.subarray(0, s.length - icv);
    const tag = s.subarray(s.length - icv);
    expect(toHex(c.open(h(iv), h(aad), ct, tag)!)).toBe(pt);
    expect(toHex(c.decryptUnchecked(h(iv), ct))).toBe(pt);
    const bad = tag.slice();
    bad[0] ^= 1;
    expect(c.open(h(iv), h(aad), ct, bad)).toBeUndefined();
  });
});

describe('CCM keystream layout (RFC 3610 §2.3)', () => {
  it('packet vector #1: CTR from A_1 = flags | nonce | 0001 decrypts the payload', () => {
    // RFC 3610 §8, packet vector #1: 13-octet nonce, so flags = L - 1 = 1; 8 cleartext header octets.
    const key = h('c0c1c2c3c4c5c6c7c8c9cacbcccdcecf');
    const a1 = h('0100000003020100a0a1a2a3a4a50001');
    const ct = h('588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0').subarray(0, 23);
    expect(toHex(aesCtrXor(key, a1, ct))).toBe('08090a0b0c0d0e0f101112131415161718191a1b1c1d1e');
  });
  it('node:crypto agrees on the RFC 3610 packet (13-octet nonce, 8-octet tag)', () => {
    const c = createCipheriv('aes-128-ccm', h('c0c1c2c3c4c5c6c7c8c9cacbcccdcecf'), h('00000003020100a0a1a2a3a4a5'), { authTagLength: 8 });
    c.setAAD(h('0001020304050607'), { plaintextLength: 23 });
    const ct = c.update(h('08090a0b0c0d0e0f101112131415161718191a1b1c1d1e'));
    c.final();
    expect(toHex(ct) + toHex(c.getAuthTag())).toBe('588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0');
  });
  it('seal and open round-trip on random input (seeded)', () => {
    const r = seeded(0xcc3);
    for (const icv of [8, 12, 16] as const) {
      for (let i = 0; i < 30; i++) {
        const c = aead(icv, r.bytes([16, 24, 32][r.int(3)]! + 3));
        const iv = r.bytes(8);
        const aad = r.bytes(r.int(30));
        const pt = r.bytes(r.int(200));
        const s = c.seal(iv, aad, pt);
        expect(toHex(c.open(iv, aad, s.subarray(0, pt.length), s.subarray(pt.length))!)).toBe(toHex(pt));
        expect(toHex(c.decryptUnchecked(iv, s.subarray(0, pt.length)))).toBe(toHex(pt));
      }
    }
  });
});
