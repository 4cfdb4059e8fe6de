/**
 * esp_sa rows as Wireshark's packet-ipsec.c reads them: names without key length (the key
 * tells it), keys as 0x-hex or the string's own bytes, SPI forms, protocol and address
 * patterns, the 4.2 columns; and the rows it cannot use, reported.
 */
import { describe, expect, it } from 'vitest';
import { EncrId, IntegId } from '../../src/ikev2/registry/index.js';
import { parseKeyText } from '../../src/keys/load.js';
import { toHex } from '../../src/keys/text.js';

const k = (bytes: number) => `0x${'ab'.repeat(bytes)}`;
const one = (fields: string[]) => parseKeyText(`${fields.map((f) => `"${f}"`).join(',')}\n`, 'esp_sa');
const sha1 = ['HMAC-SHA-1-96 [RFC2404]', k(20)];

describe('esp_sa rows', () => {
  it.each([
    ['AES-CBC [RFC3602]', 16, { id: EncrId.ENCR_AES_CBC, keyLength: 128 }],
    ['AES-CBC [RFC3602]', 24, { id: EncrId.ENCR_AES_CBC, keyLength: 192 }],
    ['AES-CBC [RFC3602]', 32, { id: EncrId.ENCR_AES_CBC, keyLength: 256 }],
    ['AES-CTR [RFC3686]', 20, { id: EncrId.ENCR_AES_CTR, keyLength: 128 }],
    ['AES-CTR [RFC3686]', 36, { id: EncrId.ENCR_AES_CTR, keyLength: 256 }],
    ['TripleDES-CBC [RFC2451]', 24, { id: EncrId.ENCR_3DES }],
    ['DES-CBC [RFC2405]', 8, { id: EncrId.ENCR_DES }],
    ['CAST5-CBC [RFC2144]', 16, { id: EncrId.ENCR_CAST, keyLength: 128 }],
    ['BLOWFISH-CBC [RFC2451]', 16, { id: EncrId.ENCR_BLOWFISH, keyLength: 128 }],
  ])('%s with a %i-octet key is %o', (name, bytes, encr) => {
    const r = one(['IPv4', '*', '*', '0x00000001', name, k(bytes), ...sha1]);
    expect(r.problems).toEqual([]);
    expect(r.esp[0]!.encr).toEqual(encr);
    expect(r.esp[0]!.encrKey).toHaveLength(bytes);
  });

  it.each([
    ['AES-GCM with 8 octet ICV [RFC4106]', 20, EncrId.ENCR_AES_GCM_8, 128],
    ['AES-GCM with 12 octet ICV [RFC4106]', 28, EncrId.ENCR_AES_GCM_12, 192],
    ['AES-GCM with 16 octet ICV [RFC4106]', 36, EncrId.ENCR_AES_GCM_16, 256],
    ['AES-GCM with IIV and 16 octet ICV [RFC4106 & RFC8750]', 20, EncrId.ENCR_AES_GCM_16_IIV, 128],
  ])('%s: combined mode, "NULL" authentication, salt in the key', (name, bytes, id, bits) => {
    const r = one(['IPv6', '*', '*', '*', name, k(bytes), 'NULL', '']);
    expect(r.problems).toEqual([]);
    expect(r.esp[0]).toMatchObject({ encr: { id, keyLength: bits }, integ: { kind: 'none' } });
    expect(r.esp[0]!.integKey).toBeUndefined();
    expect(r.esp[0]!.spi).toBeUndefined();
  });

  it('ChaCha20 with Poly1305 (Wireshark 4.2) takes 36 octets, no key length', () => {
    const r = one(['Any', '*', '*', '0x1234', 'ChaCha20 with Poly1305 [RFC7634]', k(36), 'NULL', '']);
    expect(r.problems).toEqual([]);
    expect(r.esp[0]).toMatchObject({ encr: { id: EncrId.ENCR_CHACHA20_POLY1305 }, integ: { kind: 'none' }, spi: 0x1234 });
  });

  it('"AES-GCM [RFC4106]" (save-keys) takes its ICV length from "ANY n bit authentication"', () => {
    for (const [bits, id] of [[64, EncrId.ENCR_AES_GCM_8], [96, EncrId.ENCR_AES_GCM_12], [128, EncrId.ENCR_AES_GCM_16]] as const) {
      const r = one(['IPv4', '*', '*', '*', 'AES-GCM [RFC4106]', k(36), `ANY ${bits} bit authentication [no checking]`, '']);
      expect(r.problems).toEqual([]);
      expect(r.esp[0]).toMatchObject({ encr: { id, keyLength: 256 }, integ: { kind: 'none' } });
    }
  });

  it('"ANY n bit authentication [no checking]" strips n bits unchecked; "NULL" has none', () => {
    expect(one(['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', k(16), 'ANY 96 bit authentication [no checking]', '']).esp[0]!.integ).toEqual({ kind: 'unchecked', icvBytes: 12 });
    expect(one(['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', k(16), 'ANY 256 bit authentication [no checking]', '']).esp[0]!.integ).toEqual({ kind: 'unchecked', icvBytes: 32 });
    const nul = one(['IPv4', '*', '*', '*', 'NULL', '', 'NULL', '']);
    expect(nul.problems).toEqual([]);
    expect(nul.esp[0]).toMatchObject({ encr: { id: EncrId.ENCR_NULL }, integ: { kind: 'none' } });
    expect(nul.esp[0]!.encrKey).toHaveLength(0);
  });

  it.each([
    ['HMAC-SHA-256-128 [RFC4868]', 32, IntegId.AUTH_HMAC_SHA2_256_128],
    ['HMAC-SHA-384-192 [RFC4868]', 48, IntegId.AUTH_HMAC_SHA2_384_192],
    ['HMAC-SHA-512-256 [RFC4868]', 64, IntegId.AUTH_HMAC_SHA2_512_256],
    ['HMAC-MD5-96 [RFC2403]', 16, IntegId.AUTH_HMAC_MD5_96],
    ['HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]', 32, 1026],
  ])('%s with a %i-octet key', (name, bytes, id) => {
    const r = one(['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', k(16), name, k(bytes)]);
    expect(r.problems).toEqual([]);
    expect(r.esp[0]!.integ).toEqual({ kind: 'transform', ref: { id } });
    expect(r.esp[0]!.integKey).toHaveLength(bytes);
  });

  it("keys as compute_ascii_key reads them: an odd hex digit count gets a leading 0, no 0x means the string's bytes", () => {
    const odd = one(['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', `0x${'f'.repeat(31)}`, ...sha1]);
    expect(toHex(odd.esp[0]!.encrKey)).toBe(`0f${'f'.repeat(30)}`);
    const ascii = one(['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', 'sixteen byte key', 'HMAC-SHA-1-96 [RFC2404]', 'twenty bytes of key!']);
    expect(ascii.problems).toEqual([]);
    expect(Buffer.from(ascii.esp[0]!.encrKey).toString()).toBe('sixteen byte key');
    expect(Buffer.from(ascii.esp[0]!.integKey!).toString()).toBe('twenty bytes of key!');
  });

  it('reads the SPI as filter_spi_match does: 0x hex, decimal, octal, "*"', () => {
    const spi = (s: string) => one(['IPv4', '*', '*', s, 'AES-CBC [RFC3602]', k(16), ...sha1]).esp[0]!.spi;
    expect(spi('0xC254FE64')).toBe(0xc254fe64);
    expect(spi('3260350052')).toBe(0xc254fe64);
    expect(spi('010')).toBe(8);
    expect(spi('*')).toBeUndefined();
  });

  it('an SPI with wildcard digits is tried on every SPI, and says so', () => {
    const r = one(['IPv4', '*', '*', '0xc254****', 'AES-CBC [RFC3602]', k(16), ...sha1]);
    expect(r.esp).toHaveLength(1);
    expect(r.esp[0]!.spi).toBeUndefined();
    expect(r.problems.map((p) => p.code)).toEqual(['keys/spi-pattern']);
  });

  it('keeps address patterns; "*" under protocol IPv4 or IPv6 keeps the family', () => {
    const r = parseKeyText([
      '"IPv4","192.168.*","10.0.0.0/8","0x1","AES-CBC [RFC3602]","0x00112233445566778899aabbccddeeff","NULL",""',
      '"IPv6","2001:db8::1","*","0x2","AES-CBC [RFC3602]","0x00112233445566778899aabbccddeeff","NULL",""',
      '"Any","*","*","0x3","AES-CBC [RFC3602]","0x00112233445566778899aabbccddeeff","NULL",""',
    ].join('\n'), 'esp_sa');
    expect(r.problems).toEqual([]);
    expect(r.esp.map((s) => [s.src, s.dst])).toEqual([['192.168.*', '10.0.0.0/8'], ['2001:db8::1', '::/0'], [undefined, undefined]]);
  });

  it("reads Wireshark 4.2's SN column: 64-bit is ESN", () => {
    const r = parseKeyText([
      '"IPv4","*","*","0x1","AES-CBC [RFC3602]","0x00112233445566778899aabbccddeeff","NULL","","64-bit","0"',
      '"IPv4","*","*","0x2","AES-CBC [RFC3602]","0x00112233445566778899aabbccddeeff","NULL","","32-bit"',
    ].join('\n'), 'esp_sa');
    expect(r.problems).toEqual([]);
    expect(r.esp.map((s) => s.esn)).toEqual([true, false]);
  });

  it.each([
    [['IPv5', '*', '*', '*', 'AES-CBC [RFC3602]', k(16), ...sha1], 'keys/bad-row', /Protocol must be "IPv4", "IPv6" or "Any"/],
    [['IPv4', '2001:db8::1', '*', '*', 'AES-CBC [RFC3602]', k(16), ...sha1], 'keys/bad-row', /Src IP is an IPv6 pattern in an IPv4 row/],
    [['IPv4', 'gateway.example', '*', '*', 'AES-CBC [RFC3602]', k(16), ...sha1], 'keys/bad-row', /Src IP 'gateway.example' is not an address/],
    [['IPv4', '*', '*', 'twelve', 'AES-CBC [RFC3602]', k(16), ...sha1], 'keys/bad-row', /SPI 'twelve' is not/],
    [['IPv4', '*', '*', '*', 'TWOFISH-CBC', k(16), ...sha1], 'keys/unsupported-algorithm', /has no IANA ESP transform/],
    [['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', k(16), 'MAC-RIPEMD-160-96 [RFC2857]', k(20)], 'keys/unsupported-algorithm', /has no IANA ESP transform/],
    [['IPv4', '*', '*', '*', 'Serpent', k(16), ...sha1], 'keys/unknown-algorithm', /unknown ESP encryption 'Serpent'/],
    [['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', k(16), 'HMAC-SHA-3', k(20)], 'keys/unknown-algorithm', /unknown ESP authentication 'HMAC-SHA-3'/],
    [['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', k(10), ...sha1], 'keys/key-length', /encryption key is 10 octets; 'AES-CBC \[RFC3602\]' takes 16, 24 or 32 octets/],
    [['IPv4', '*', '*', '*', 'AES-GCM with 16 octet ICV [RFC4106]', k(32), 'NULL', ''], 'keys/key-length', /takes 20, 28 or 36 octets \(key and 4-octet salt\)/],
    [['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', k(16), 'HMAC-SHA-1-96 [RFC2404]', k(16)], 'keys/key-length', /authentication key is 16 octets but AUTH_HMAC_SHA1_96 takes 20/],
    [['IPv4', '*', '*', '*', 'AES-GCM with 16 octet ICV [RFC4106]', k(36), ...sha1], 'keys/bad-row', /combined-mode cipher and takes "NULL" authentication/],
    [['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', '0xzz', ...sha1], 'keys/bad-row', /encryption key is not hex after its 0x/],
    [['IPv4', '*', '*', '*', 'AES-CBC [RFC3602]', k(16), 'NULL'], 'keys/bad-row', /esp_sa row has 8 fields/],
  ])('refuses %o: %s', (fields, code, message) => {
    const r = one(fields as string[]);
    expect(r.esp).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.code).toBe(code);
    expect(r.problems[0]!.message).toMatch(/^esp_sa:1: /);
    expect(r.problems[0]!.message).toMatch(message);
    expect(r.problems[0]!.message).toMatch(/row skipped$/);
  });
});
