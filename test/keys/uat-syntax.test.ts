/**
 * The UAT file syntax as Wireshark's uat_load.l reads it: quoted and bare fields, escapes,
 * comments, blank lines, CRLF, spaces around commas, empty fields; a bad record is reported
 * with its line and the records after it still load.
 */
import { describe, expect, it } from 'vitest';
import { parseKeyText } from '../../src/keys/load.js';
import { parseUat, quoteField } from '../../src/keys/uat.js';

const SK = '00112233445566778899aabbccddeeff';
const AI = '0123456789abcdef0123456789abcdef01234567';
const row = (ispi: string) => `${ispi},fedcba9876543210,${SK},${SK},"AES-CBC-128 [RFC3602]",${AI},${AI},"HMAC_SHA1_96 [RFC2404]"`;

describe('UAT syntax', () => {
  it('reads quoted and bare fields, empty fields and the last field empty', () => {
    const { records, errors } = parseUat('a1b2,"x y",,"",c3\n"q",\n');
    expect(errors).toEqual([]);
    expect(records.map((r) => r.fields.map((f) => f.value))).toEqual([['a1b2', 'x y', '', '', 'c3'], ['q', '']]);
    expect(records[0]!.fields.map((f) => f.quoted)).toEqual([false, true, false, true, false]);
  });

  it('skips comments and blank lines, takes CRLF, spaces and tabs around commas', () => {
    const text = `# written by hand\r\n\r\n   \n${row('0123456789abcdef').replace(/,/g, ' ,\t ')}\r\n  # another comment\n${row('1111111111111111')}`;
    const r = parseKeyText(text, 'table');
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('ikev2_decryption_table');
    expect(r.ike.map((s) => [s.ispi, s.source])).toEqual([['0123456789abcdef', 'table:4'], ['1111111111111111', 'table:6']]);
  });

  it("resolves uat_undquote's escapes: \\xNN, octal, \\\" and \\\\", () => {
    const { records } = parseUat('"a\\x22b","\\101\\102","q\\"q","back\\\\slash","tab\\tend"\n');
    expect(records[0]!.fields.map((f) => f.value)).toEqual(['a"b', 'AB', 'q"q', 'back\\slash', 'tab\tend']);
  });

  it('writes fields the way Wireshark saves them (quotes and backslashes as \\xNN)', () => {
    expect(quoteField('AES-CBC [RFC3602]')).toBe('"AES-CBC [RFC3602]"');
    expect(quoteField('a"b\\c')).toBe('"a\\x22b\\x5cc"');
    const back = parseUat(`${quoteField('a"b\\c\n')}\n`).records[0]!.fields[0]!.value;
    expect(back).toBe('a"b\\c\n');
  });

  it('lets a quoted field span lines and counts lines on', () => {
    const { records } = parseUat('"one\ntwo",x\nnext\n');
    expect(records.map((r) => [r.line, r.fields.map((f) => f.value)])).toEqual([[1, ['one\ntwo', 'x']], [3, ['next']]]);
  });

  it('reports a broken record with its line and reads the rest', () => {
    const text = [row('0123456789abcdef'), `${row('2222222222222222')} junk"`, '"unterminated, then', ''].join('\n');
    const { records, errors } = parseUat(text);
    expect(records).toHaveLength(1);
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
    const r = parseKeyText(`${row('0123456789abcdef')}\n${row('3333333333333333')},"extra"\n${row('4444444444444444')}\n`, 't');
    expect(r.ike.map((s) => s.ispi)).toEqual(['0123456789abcdef', '4444444444444444']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toMatch(/^t:2: an ikev2_decryption_table row has 8 fields .* this one 9; row skipped$/);
  });

  it('takes the hex of a quoted hex field as Wireshark users would expect', () => {
    const r = parseKeyText(`"0123456789abcdef","fedcba9876543210","${SK}","${SK}","AES-CBC-128 [RFC3602]","${AI}","${AI}","HMAC_SHA1_96 [RFC2404]"\n`, 't');
    expect(r.problems).toEqual([]);
    expect(r.ike[0]!.rspi).toBe('fedcba9876543210');
  });
});
