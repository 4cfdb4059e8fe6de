// suites/suite.schema.json (for editors) and the suite loader (src/suite/load.ts) say the same:
// the shipped suites are valid for both, read as JSON by our YAML reader and checked by an
// independent JSON Schema validator (Debian's python3-jsonschema, draft 2020-12); and
// documents with a mistake are refused by both.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSuite } from '../../src/suite/load.js';
import { parseYaml } from '../../src/suite/yaml.js';
import { ROOT } from '../helpers/cli.js';
import { labRequired } from '../helpers/tshark.js';

const SCHEMA = join(ROOT, 'suites', 'suite.schema.json');
const PY = 'import json,sys,jsonschema\ns=json.load(open(sys.argv[1]))\ndocs=json.load(sys.stdin)\nv=jsonschema.Draft202012Validator(s)\nprint(json.dumps([[e.message for e in v.iter_errors(d)] for d in docs]))';
const validator = spawnSync('/usr/bin/python3', ['-c', 'import jsonschema'], { encoding: 'utf8' }).status === 0;

function schemaErrors(docs: unknown[]): string[][] {
  const r = spawnSync('/usr/bin/python3', ['-c', PY, SCHEMA], { input: JSON.stringify(docs), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as string[][];
}

const yaml = (text: string): unknown => { const y = parseYaml(text); if (!y.ok) throw new Error(y.reason); return y.value; };

describe.skipIf(!validator && !labRequired())('the suite JSON Schema and the loader agree', () => {
  it('has python3-jsonschema', () => expect(validator).toBe(true));

  it('the shipped suites are valid for both', () => {
    const files = ['windows-clients', 'rfc7296-basics'].map((n) => join(ROOT, 'suites', `${n}.yaml`));
    for (const f of files) expect(parseSuite(readFileSync(f, 'utf8'), join(ROOT, 'suites')).ok, f).toBe(true);
    expect(schemaErrors(files.map((f) => yaml(readFileSync(f, 'utf8'))))).toEqual([[], []]);
  });

  it('a mistake is refused by both', () => {
    const base = 'suite: s\ncases:\n  - id: a\n    profile: windows-10\n    auth: psk\n    credentials: { pskFile: x }\n    expect: { established: true }\n';
    const bad = [
      base.replace('auth: psk', 'auth: password'),                      // unknown auth method
      base.replace('    expect: { established: true }\n', '    expect: { established: true, colour: blue }\n'), // unknown expectation
      base.replace('credentials: { pskFile: x }', 'credentials: { psk: secret }'), // a secret inline
      base + '    steps: [connect, { ping: { to: 192.0.2.200, count: 0 } }]\n',      // count below 1
      base + '    steps: [connect, { rekey: { sa: child, by: somebody } }]\n',      // unknown side
      base.replace('profile: windows-10', 'profile: windows-10\n    site: moon'),     // unknown site
    ];
    const errors = schemaErrors(bad.map(yaml));
    bad.forEach((doc, i) => {
      expect(parseSuite(doc, ROOT).ok, doc).toBe(false);
      expect(errors[i]!.length, doc).toBeGreaterThan(0);
    });
    expect(parseSuite(base, ROOT).ok).toBe(true);
    expect(schemaErrors([yaml(base)])).toEqual([[]]);
  });
});
