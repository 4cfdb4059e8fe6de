import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/suite/yaml.js';
import { fuzz } from '../helpers/fuzz-harness.js';

/** PyYAML (Debian's python3-yaml, installed by lab/install) as the oracle for documents both read alike. */
function pyyaml(doc: string): unknown {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'], { input: doc, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const DOCS = [
  'a: 1\nb: two\nc: [x, y, 3]\n',
  '# comment\nsuite: windows-clients   # trailing\ncases:\n  - name: "win 10"\n    profile: windows-10\n    steps:\n      - connect\n      - ping: 192.0.2.200\n      - {rekey: child, by: gateway}\n    expect:\n      established: true\n      proposal: {encr: ENCR_AES_CBC_256, dh: MODP_1024}\n',
  'list:\n- a\n- b:\n    c: d\n- - nested\n  - seq\n',
  "q: 'it''s'\nd: \"tab\\tnew\\nline \\u00e9\"\nhash: 'a # not a comment'\nurl: http://x.example/a#b\n",
  'text: |\n  line one\n    indented\n\n  after blank\nfolded: >-\n  one\n  two\nend: 1\n',
  'empty:\nnull_: ~\nf: 1.5\nneg: -3\nexp: 1.0e+3\nstr: 1.2.3\nt: true\nfalse_: false\n',
  '{"json": [1, 2, {"a": null}], "ok": true}\n',
  '- a: 1\n  b: 2\n- a: 3\n',
  'key with spaces: v\n"quoted: key": w\n',
  'a: [1,\n  2, {b: c,\n   d: "e]"}]\nz: [x]\n',
];

describe('the suite YAML subset', () => {
  it('reads documents as PyYAML does', () => {
    for (const doc of DOCS) {
      const r = parseYaml(doc);
      expect(r, doc).toMatchObject({ ok: true });
      expect(r.ok && r.value, doc).toEqual(pyyaml(doc));
    }
  });

  it('resolves scalars by YAML 1.2 core schema, where PyYAML (1.1) differs', () => {
    expect(parseYaml('a: 1e3\nb: yes\nc: 0o17\n')).toEqual({ ok: true, value: { a: 1000, b: 'yes', c: 15 } });
  });

  it('refuses what it does not support, naming the line', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['a: 1\nb: &x 2\n', 2, /anchors/],
      ['a: 1\nb: *x\n', 2, /anchors/],
      ['a: !!str 1\n', 1, /tags/],
      ['a: 1\n---\nb: 2\n', 2, /one document/],
      ['a: 1\na: 2\n', 2, /duplicate key "a"/],
      ['a:\n  b: 1\n c: 2\n', 3, /indentation/],
      ['a: [1, 2\n', 1, /never closed/],
      ['a: [1, 2}\n', 1, /expected "," or "]"/],
      ['a: "open\n', 1, /unterminated/],
      ['a:\n\t- x\n', 2, /tabs/],
      ['- a\nb: 1\n', 2, /mapping key where a sequence item/],
      ['__proto__: 1\n', 1, /__proto__/],
      ['? complex\n', 1, /complex keys/],
      ['a: [1,\n2]\n', 1, /never closed/],
    ];
    for (const [doc, line, reason] of cases) {
      const r = parseYaml(doc);
      expect(r.ok, doc).toBe(false);
      if (!r.ok) {
        expect(r.line, doc).toBe(line);
        expect(r.reason, doc).toMatch(reason);
      }
    }
  });

  it('never throws on hostile input', () => {
    const alphabet = ['a', ':', ' ', '-', '\n', '  ', '[', ']', '{', '}', ',', '"', "'", '#', '|', '>', '\\', '&', '*', '!', '1', '.', '~'];
    const run = fuzz({ name: 'suite/yaml', seed: 0x5a4d1001, cases: 20_000 }, (r, _i, keep) => {
      let s = '';
      const n = Math.floor(r() * 60);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
      keep(new TextEncoder().encode(s));
      const res = parseYaml(s);
      if (res.ok !== true && res.ok !== false) throw new Error('neither a value nor an error');
    });
    expect(run.cases).toBeGreaterThan(0);
  });
});
