/**
 * ikescope.keys/1: every key set any source gives survives toJson → parse unchanged; the
 * document has the documented shape (IANA names, hex, null for no integrity, {"unchecked": n}).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncrId, IntegId, PrfId } from '../../src/ikev2/registry/index.js';
import { KEYS_SCHEMA, toJson } from '../../src/keys/json.js';
import { loadKeys, parseKeyText } from '../../src/keys/load.js';
import type { KeyStore } from '../../src/keys/model.js';
import { CAPTURES, ROOT, WIRESHARK_TESTS } from '../helpers/cli.js';
import { comparable } from './helpers.js';

const allSources = () => [
  join(WIRESHARK_TESTS, 'ikev2_decryption_table'),
  join(WIRESHARK_TESTS, 'esp_sa'),
  ...readdirSync(CAPTURES).filter((f) => f.endsWith('.log')).sort().map((f) => join(CAPTURES, f)),
];

describe('ikescope.keys/1', () => {
  it('round-trips every key set of every source', async () => {
    const { store } = await loadKeys(allSources());
    expect(store.ike.length).toBeGreaterThan(20);
    const json = toJson(store);
    const back = parseKeyText(json, 'keys.json');
    expect(back.format).toBe('ikescope-json');
    expect(back.problems).toEqual([]);
    expect(comparable(back)).toEqual(comparable(store));
    expect(toJson({ ...back, sources: [] })).toBe(json);
  });

  it('writes the documented shape', () => {
    const store: KeyStore = {
      sources: ['x'],
      ike: [{
        source: 'x:1', ispi: 'a4f1ff478ef48424', rspi: '383f93678fe89c74',
        encr: { id: EncrId.ENCR_AES_CBC, keyLength: 128 }, integ: { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA2_256_128 } }, prf: { id: PrfId.PRF_HMAC_SHA2_256 },
        skD: new Uint8Array([1]), skEi: new Uint8Array([2, 0xab]),
      }, {
        source: 'x:2', encr: { id: EncrId.ENCR_AES_GCM_16, keyLength: 256 }, integ: { kind: 'none' }, skEi: new Uint8Array(0),
      }],
      esp: [{
        source: 'x:3', spi: 0xc254fe64, src: '192.168.0.100', dst: '192.168.*',
        encr: { id: EncrId.ENCR_AES_CTR, keyLength: 128 }, integ: { kind: 'unchecked', icvBytes: 12 }, encrKey: new Uint8Array([0xff]), esn: true,
      }, {
        source: 'x:4', encrKey: new Uint8Array([0x0a]), integKey: new Uint8Array([0x0b]),
      }],
    };
    expect(JSON.parse(toJson(store))).toEqual({
      schema: KEYS_SCHEMA,
      ike: [
        { ispi: 'a4f1ff478ef48424', rspi: '383f93678fe89c74', encr: 'ENCR_AES_CBC_128', integ: 'AUTH_HMAC_SHA2_256_128', prf: 'PRF_HMAC_SHA2_256', skD: '01', skEi: '02ab' },
        { encr: 'ENCR_AES_GCM_16_256', integ: null, skEi: '' },
      ],
      esp: [
        { spi: 'c254fe64', src: '192.168.0.100', dst: '192.168.*', encr: 'ENCR_AES_CTR_128', integ: { unchecked: 12 }, encrKey: 'ff', esn: true },
        { encrKey: '0a', integKey: '0b' },
      ],
    });
  });

  it('reads what a person would write: 0x, upper case, colons, numeric IDs, no key length, strongSwan private names', () => {
    const r = parseKeyText(JSON.stringify({
      schema: KEYS_SCHEMA,
      ike: [{ ispi: '0xA4F1FF478EF48424', rspi: 'a4:f1:ff:47:8e:f4:84:25', encr: 12, integ: 'AUTH_HMAC_SHA1_96', prf: 'PRF_HMAC_SHA1' }],
      esp: [
        { spi: 4294967295, encr: 'ENCR_3DES', integ: 'AUTH_HMAC_SHA2_256_96', encrKey: '11'.repeat(24), integKey: '22'.repeat(32) },
        { spi: '0x1', encr: 'ENCR_AES_CBC', encrKey: '00'.repeat(32) },
      ],
    }), 'k.json');
    expect(r.problems).toEqual([]);
    expect(r.ike[0]).toMatchObject({ ispi: 'a4f1ff478ef48424', rspi: 'a4f1ff478ef48425', encr: { id: 12 }, integ: { kind: 'transform', ref: { id: 2 } }, prf: { id: 2 } });
    expect(r.esp.map((s) => [s.spi, s.encr, s.integ])).toEqual([
      [0xffffffff, { id: 3 }, { kind: 'transform', ref: { id: 1026 } }],
      [1, { id: EncrId.ENCR_AES_CBC, keyLength: 256 }, undefined],
    ]);
  });

  it('names every entry it skips, and why', () => {
    const r = parseKeyText(JSON.stringify({
      schema: KEYS_SCHEMA,
      ike: [{ ispi: '12' }, { encr: 'ENCR_ROT13' }, { encr: 'ENCR_AES_CBC_128', skEi: '00' }, 'nope', { skD: 'xyz' }],
      esp: [{ spi: 'nine', encrKey: '' }, { encrKey: 5 }, { integ: { unchecked: 'a' }, encrKey: '' }, { esn: 'yes', encrKey: '' }, { src: 'host', encrKey: '' }, { encr: 'ENCR_PRIVATE_USE(1027)_128', encrKey: '' }],
    }), 'k.json');
    expect(r.format).toBe('ikescope-json');
    expect(r.ike).toEqual([]);
    expect(r.esp).toEqual([]);
    expect(r.problems.map((p) => p.message)).toEqual([
      'k.json:ike[0]: "ispi" must be 16 hex digits; entry skipped',
      'k.json:ike[1]: unknown "encr" \'ENCR_ROT13\' (IANA names: "ENCR_AES_CBC_128", "ENCR_AES_GCM_16_256", "ENCR_3DES", …); entry skipped',
      'k.json:ike[2]: SK_ei is 1 octets but ENCR_AES_CBC_128 takes 16; entry skipped',
      'k.json:ike[3]: not an object; entry skipped',
      'k.json:ike[4]: "skD" is not hex; entry skipped',
      'k.json:esp[0]: "spi" must be up to 8 hex digits; entry skipped',
      'k.json:esp[1]: "encrKey" is not hex; entry skipped',
      'k.json:esp[2]: unknown "integ" \'{"unchecked":"a"}\'; entry skipped',
      'k.json:esp[3]: "esn" must be true or false; entry skipped',
      'k.json:esp[4]: "src" is not an address or esp_sa address pattern; entry skipped',
      'k.json:esp[5]: ikescope knows no key size for ENCR_PRIVATE_USE(1027)_128; entry skipped',
    ]);
    expect(r.problems[r.problems.length - 1]!.code).toBe('keys/unknown-algorithm');
  });

  it("fixtures/keys/wireshark-tests.keys.json is Wireshark's test tables in this form", async () => {
    const fixture = await loadKeys([join(ROOT, 'fixtures/keys/wireshark-tests.keys.json')]);
    const tables = await loadKeys([join(WIRESHARK_TESTS, 'ikev2_decryption_table'), join(WIRESHARK_TESTS, 'esp_sa')]);
    expect(fixture.problems).toEqual([]);
    expect(comparable(fixture.store)).toEqual(comparable(tables.store));
  });

  it('JSON of another kind is no key file', () => {
    const r = parseKeyText('{"schema": "ikescope.report/1", "ikeSas": []}', 'report.json');
    expect(r.format).toBeUndefined();
    expect(r.problems).toEqual([{ code: 'keys/unknown-format', message: 'report.json: JSON, but not an ikescope key file (its "schema" is \'ikescope.report/1\', expected "ikescope.keys/1")', fatal: true }]);
  });
});
