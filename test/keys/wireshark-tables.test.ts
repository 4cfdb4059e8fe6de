/**
 * Wireshark's own decryption tables (test/config/*.tmpl of its test suite, in the shared
 * folder) load exactly: every row, with the SPIs, algorithms and keys it states, including the
 * two odd rows the README describes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncrId, IntegId } from '../../src/ikev2/registry/index.js';
import { loadKeys } from '../../src/keys/load.js';
import { toHex } from '../../src/keys/text.js';
import { WIRESHARK_TESTS } from '../helpers/cli.js';

const ikeTable = join(WIRESHARK_TESTS, 'ikev2_decryption_table');
const espTable = join(WIRESHARK_TESTS, 'esp_sa');

/** The table's rows split the simple way (its quoted fields hold no commas). */
const rows = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split(',').map((f) => f.replace(/^"|"$/g, '')));

describe('Wireshark ikev2_decryption_table', () => {
  it('loads every row with its SPIs, algorithms and keys, and no problem', async () => {
    const { store, problems } = await loadKeys([ikeTable]);
    expect(problems).toEqual([]);
    const raw = rows(ikeTable);
    expect(store.ike).toHaveLength(raw.length);
    expect(raw).toHaveLength(9);
    store.ike.forEach((s, i) => {
      const f = raw[i]!;
      expect(s.source).toBe(`${ikeTable}:${i + 1}`);
      expect(s.ispi).toBe(f[0]);
      expect(s.rspi).toBe(f[1]);
      expect(toHex(s.skEi!)).toBe(f[2]);
      expect(toHex(s.skEr!)).toBe(f[3]);
      expect(s.skAi ? toHex(s.skAi) : '').toBe(f[5]);
      expect(s.skAr ? toHex(s.skAr) : '').toBe(f[6]);
    });
    const algs = store.ike.map((s) => [s.encr, s.integ]);
    expect(algs).toEqual([
      [{ id: EncrId.ENCR_NULL }, { kind: 'none' }],
      [{ id: EncrId.ENCR_3DES }, { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA1_160 } }],
      [{ id: EncrId.ENCR_AES_CCM_12, keyLength: 128 }, { kind: 'none' }],
      [{ id: EncrId.ENCR_AES_CTR, keyLength: 128 }, { kind: 'unchecked', icvBytes: 12 }],
      [{ id: EncrId.ENCR_AES_CTR, keyLength: 192 }, { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_512_256 } }],
      [{ id: EncrId.ENCR_AES_CBC, keyLength: 256 }, { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_256_128 } }],
      [{ id: EncrId.ENCR_AES_CCM_16, keyLength: 256 }, { kind: 'none' }],
      [{ id: EncrId.ENCR_AES_GCM_8, keyLength: 256 }, { kind: 'none' }],
      [{ id: EncrId.ENCR_AES_GCM_16, keyLength: 256 }, { kind: 'none' }],
    ]);
  });

  it('keeps the row that matches no capture (NULL, empty keys) as an ordinary key set', async () => {
    const { store } = await loadKeys([ikeTable]);
    const odd = store.ike[0]!;
    expect(odd).toMatchObject({ ispi: '1234567890123456', rspi: '0987654321098765', encr: { id: EncrId.ENCR_NULL }, integ: { kind: 'none' } });
    expect(odd.skEi).toHaveLength(0);
    expect(odd.skAi).toBeUndefined();
  });

  it('honours AES-CTR-128 with "ANY 96-bits of Authentication [No Checking]" as written (the CCM session)', async () => {
    const { store } = await loadKeys([ikeTable]);
    const ccm2 = store.ike.find((s) => s.ispi === 'a2926ae833c6f138')!;
    expect(ccm2.encr).toEqual({ id: EncrId.ENCR_AES_CTR, keyLength: 128 });
    expect(ccm2.integ).toEqual({ kind: 'unchecked', icvBytes: 12 });
    expect(ccm2.skEi).toHaveLength(20); // 16 octets of AES key and RFC 5930's 4-octet nonce
    expect(ccm2.skAi).toBeUndefined();
  });

  it('AEAD key sets carry the salt in SK_e (RFC 5282 §7.1: 3 octets for CCM, 4 for GCM)', async () => {
    const { store } = await loadKeys([ikeTable]);
    expect(store.ike.find((s) => s.ispi === 'ea684d21597afd36')!.skEi).toHaveLength(16 + 3);
    expect(store.ike.find((s) => s.ispi === 'cd7ae76304b277e2')!.skEi).toHaveLength(32 + 3);
    expect(store.ike.find((s) => s.ispi === '0158b8fb90b7623d')!.skEi).toHaveLength(32 + 4);
  });
});

describe('Wireshark esp_sa', () => {
  it('loads both SAs of esp-bug-12671 with addresses, SPIs, algorithms and keys', async () => {
    const { store, problems } = await loadKeys([espTable]);
    expect(problems).toEqual([]);
    const raw = rows(espTable);
    expect(store.esp).toHaveLength(2);
    store.esp.forEach((s, i) => {
      const f = raw[i]!;
      expect(s.src).toBe(f[1]);
      expect(s.dst).toBe(f[2]);
      expect(s.spi).toBe(parseInt(f[3]!, 16));
      expect(`0x${toHex(s.encrKey)}`).toBe(f[5]);
      expect(`0x${toHex(s.integKey!)}`).toBe(f[7]);
      expect(s.encr).toEqual({ id: EncrId.ENCR_AES_CBC, keyLength: 128 });
      expect(s.integ).toEqual({ kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA1_96 } });
    });
    expect(store.esp.map((s) => s.spi)).toEqual([0x070883c2, 0xc254fe64]);
  });

  it('both tables together form one store that names both files as sources', async () => {
    const { store, problems } = await loadKeys([ikeTable, espTable]);
    expect(problems).toEqual([]);
    expect(store.sources).toEqual([ikeTable, espTable]);
    expect(store.ike).toHaveLength(9);
    expect(store.esp).toHaveLength(2);
  });
});
