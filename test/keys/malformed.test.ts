/**
 * Malformed key sources give problems, never exceptions, and never key bytes in a message
 * (DESIGN.md "Secrets"): hand-made defects with their exact problem, then text mutations of
 * every real source under a fixed seed. What loads despite the damage still has keys of the
 * lengths its algorithms take.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/keys/json.js';
import { loadKeys, parseKeyText, type ParsedKeys } from '../../src/keys/load.js';
import { espKeyProblem, ikeKeyProblem } from '../../src/keys/validate.js';
import { CAPTURES, WIRESHARK_TESTS } from '../helpers/cli.js';
import { int, rng } from '../helpers/fuzz.js';

/** No run of 8 hex digits: a key (or a slice of one) would show as one. */
const KEYLIKE = /[0-9a-fA-F]{8,}/;

function wellFormed(r: ParsedKeys): void {
  for (const p of r.problems) {
    expect(p.code).toMatch(/^keys\/[a-z-]+$/);
    expect(p.message).not.toMatch(KEYLIKE);
    expect(p.message).not.toMatch(/\n/);
  }
  for (const s of r.ike) expect(ikeKeyProblem(s)).toBeUndefined();
  for (const s of r.esp) expect(espKeyProblem(s)).toBeUndefined();
}

const SK = '00112233445566778899aabbccddeeff';
const AI = '0123456789abcdef0123456789abcdef01234567';

describe('malformed key sources', () => {
  it.each([
    ['a shifted column puts a key where a name was', `0123456789abcdef,fedcba9876543210,${SK},${SK},"${SK}",${AI},${AI},"HMAC_SHA1_96 [RFC2404]"`, 'keys/unknown-algorithm', /unknown IKEv2 encryption algorithm '<32 hex digits>'/],
    ['an SPI of 7 octets', `0123456789abcd,fedcba9876543210,${SK},${SK},"AES-CBC-128 [RFC3602]",${AI},${AI},"HMAC_SHA1_96 [RFC2404]"`, 'keys/bad-row', /Initiator's SPI must be 8 octets \(16 hex digits\), not 7/],
    ['odd hex', `0123456789abcdef,fedcba9876543210,${SK}0,${SK},"AES-CBC-128 [RFC3602]",${AI},${AI},"HMAC_SHA1_96 [RFC2404]"`, 'keys/bad-row', /SK_ei is not hex/],
    ['SK_e too short', `0123456789abcdef,fedcba9876543210,${SK.slice(2)},${SK},"AES-CBC-128 [RFC3602]",${AI},${AI},"HMAC_SHA1_96 [RFC2404]"`, 'keys/key-length', /SK_ei is 15 octets but ENCR_AES_CBC_128 takes 16/],
    ['SK_a given with NONE', `0123456789abcdef,fedcba9876543210,${SK}00112233,${SK}00112233,"AES-GCM-128 with 16 octet ICV [RFC5282]",${AI},${AI},"NONE [RFC4306]"`, 'keys/key-length', /SK_ai is given \(20 octets\) but the integrity is none/],
    ['AEAD with an integrity algorithm', `0123456789abcdef,fedcba9876543210,${SK}00112233,${SK}00112233,"AES-GCM-128 with 16 octet ICV [RFC5282]",${AI},${AI},"HMAC_SHA1_96 [RFC2404]"`, 'keys/key-length', /combined-mode cipher and takes no integrity transform/],
    ['an unknown integrity name', `0123456789abcdef,fedcba9876543210,${SK},${SK},"AES-CBC-128 [RFC3602]",${AI},${AI},"HMAC_WHIRLPOOL"`, 'keys/unknown-algorithm', /unknown IKEv2 integrity algorithm 'HMAC_WHIRLPOOL'/],
  ])('ikev2_decryption_table, %s', (_what, line, code, message) => {
    const good = `1111111111111111,2222222222222222,${SK},${SK},"AES-CBC-128 [RFC3602]",${AI},${AI},"HMAC_SHA1_96 [RFC2404]"`;
    const r = parseKeyText(`${good}\n${line}\n${good.replace(/^1/, '3')}\n`, 'table');
    wellFormed(r);
    expect(r.ike.map((s) => s.ispi)).toEqual(['1111111111111111', '3111111111111111']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.code).toBe(code);
    expect(r.problems[0]!.message).toMatch(/^table:2: /);
    expect(r.problems[0]!.message).toMatch(message);
  });

  it('a charon log cut inside a hex dump keeps what came before and says where', () => {
    const text = readFileSync(join(CAPTURES, 'eap-mschapv2-ping.gateway.log'), 'utf8').split('\n');
    const at = text.findIndex((l) => /Sk_ar secret =>/.test(l));
    const r = parseKeyText(text.slice(0, at + 2).join('\n'), 'gw.log');
    wellFormed(r);
    expect(r.ike).toHaveLength(1);
    expect(Object.keys(r.ike[0]!).filter((k) => k.startsWith('sk')).sort()).toEqual(['skAi', 'skD']);
    expect(r.problems.map((p) => p.message)).toEqual([`gw.log:${at + 1}: the log ends inside the hex dump of 'Sk_ar secret'; that key is skipped`]);
  });

  it('a hex dump broken by another line of the same thread loses that key only', () => {
    const text = readFileSync(join(CAPTURES, 'eap-mschapv2-ping.gateway.log'), 'utf8').split('\n');
    const at = text.findIndex((l) => /Sk_pi secret =>/.test(l));
    const broken = [...text.slice(0, at + 1), text[at]!.replace(/Sk_pi secret => .*/, 'something else'), ...text.slice(at + 1)];
    const r = parseKeyText(broken.join('\n'), 'gw.log');
    wellFormed(r);
    expect(r.ike[0]!.skPi).toBeUndefined();
    expect(r.ike[0]!.skPr).toHaveLength(32);
    expect(r.problems.map((p) => p.code)).toEqual(['keys/bad-dump']);
  });

  it('a charon log whose proposal disagrees with its keys keeps the keys and drops the algorithms', () => {
    const text = readFileSync(join(CAPTURES, 'eap-mschapv2-ping.gateway.log'), 'utf8').replace('selected proposal: IKE:AES_CBC_128/', 'selected proposal: IKE:AES_CBC_256/');
    const r = parseKeyText(text, 'gw.log');
    wellFormed(r);
    expect(r.ike[0]!.encr).toBeUndefined();
    expect(r.ike[0]!.skEi).toHaveLength(16);
    expect(r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^gw\.log:\d+: SK_ei is 16 octets but ENCR_AES_CBC_256 takes 32; the keys are kept without the algorithms$/)]);
  });

  it('an unknown keyword in a selected proposal is named and the keys stay', () => {
    const text = readFileSync(join(CAPTURES, 'eap-mschapv2-ping.gateway.log'), 'utf8').replace('selected proposal: ESP:AES_CBC_128/', 'selected proposal: ESP:AES_CBC_128/FROB_42/');
    const r = parseKeyText(text, 'gw.log');
    wellFormed(r);
    expect(r.esp).toHaveLength(2);
    expect(r.problems.map((p) => p.code)).toEqual(['keys/unknown-algorithm']);
    expect(r.problems[0]!.message).toMatch(/unknown algorithm 'FROB_42' in the selected proposal/);
  });

  it('ESP keys a log cannot bind to SPIs are given without SPI, and it says so', () => {
    const text = readFileSync(join(CAPTURES, 'eap-mschapv2-ping.gateway.log'), 'utf8').split('\n')
      .filter((l) => !/SPI 0x|established with SPIs|parsed .* request|is initiating/.test(l)).join('\n');
    const r = parseKeyText(text, 'gw.log');
    wellFormed(r);
    expect(r.esp).toHaveLength(2);
    expect(r.esp.every((s) => s.spi === undefined)).toBe(true);
    expect(r.problems.map((p) => p.code)).toEqual(['keys/unbound']);
  });

  describe('mutations of every real source (seeded)', () => {
    const sources: Array<[string, string]> = [
      ['ikev2_decryption_table', readFileSync(join(WIRESHARK_TESTS, 'ikev2_decryption_table'), 'utf8')],
      ['esp_sa', readFileSync(join(WIRESHARK_TESTS, 'esp_sa'), 'utf8')],
      ...readdirSync(CAPTURES).filter((f) => f.endsWith('.gateway.log')).slice(0, 4).map((f): [string, string] => [f, readFileSync(join(CAPTURES, f), 'utf8')]),
    ];
    it('gives problems, not exceptions, and no key bytes in them', async () => {
      const { store } = await loadKeys([join(WIRESHARK_TESTS, 'ikev2_decryption_table'), join(WIRESHARK_TESTS, 'esp_sa'), join(CAPTURES, 'nat-t.gateway.log')]);
      sources.push(['keys.json', toJson(store)]);
      const r = rng(0x6b657973);
      let problems = 0;
      for (const [name, text] of sources) {
        for (let n = 0; n < 150; n++) {
          const lines = text.split('\n');
          for (let k = 1 + int(r, 4); k > 0; k--) {
            const i = int(r, lines.length);
            const l = lines[i] ?? '';
            switch (int(r, 8)) {
              case 0: lines.splice(i, 1); break; // a line lost
              case 1: lines.splice(i, 0, l); break; // a line doubled
              case 2: lines[i] = l.slice(0, int(r, l.length + 1)); break; // a line cut
              case 3: lines[i] = l.replace(/[0-9a-f]/i, 'g'); break; // not hex any more
              case 4: lines[i] = l.replace(',', ''); break; // a column lost
              case 5: lines[i] = l.replace(/"/, ''); break; // a quote lost
              case 6: lines[i] = l.replace(/\d+/, String(int(r, 100000))); break; // a number changed
              case 7: lines.length = i; break; // the file cut
            }
          }
          const mutated = lines.join('\n');
          let out: ParsedKeys | undefined;
          expect(() => { out = parseKeyText(mutated, `${name}#${n}`); }).not.toThrow();
          wellFormed(out!);
          problems += out!.problems.length;
        }
      }
      expect(problems).toBeGreaterThan(100); // the mutations did damage
    });

    it('random bytes and binary are no key file', () => {
      const r = rng(7);
      for (let n = 0; n < 200; n++) {
        const text = Array.from({ length: int(r, 300) }, () => String.fromCharCode(int(r, 128))).join('');
        let out: ParsedKeys | undefined;
        expect(() => { out = parseKeyText(text, 'noise'); }).not.toThrow();
        wellFormed(out!);
      }
    });
  });
});
