/**
 * The JUnit report read back by a JUnit consumer (Debian's python3-junitparser, the library CI
 * tools use to merge and inspect xUnit results): suites, cases, failures and skips as ikescope
 * counted them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURES, ikescope } from '../helpers/cli.js';
import { labRequired } from '../helpers/tshark.js';

/** Debian's interpreter, which the python3-junitparser package installs into (not a pyenv one on PATH). */
const PYTHON = '/usr/bin/python3';

const READ = `
import json, sys
from junitparser import JUnitXml, Failure, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
suites = []
for s in xml:
    cases = []
    for c in s:
        kinds = [type(r).__name__ for r in c.result]
        cases.append({"classname": c.classname, "name": c.name, "result": kinds})
    suites.append({"name": s.name, "tests": s.tests, "failures": s.failures, "skipped": s.skipped, "cases": cases})
print(json.dumps(suites))
`;

const consumer = spawnSync(PYTHON, ['-c', 'import junitparser']).status === 0;

describe.skipIf(!consumer && !labRequired())('JUnit report, read by a JUnit consumer', () => {
  it('has python3-junitparser', () => expect(consumer).toBe(true));
  for (const name of ['3des-first', 'gw-ike-rekey-modp2048-first', 'eap-mschapv2-ping']) {
    it(name, () => {
      const out = join(mkdtempSync(join(tmpdir(), 'ikescope-junit-')), 'r.xml');
      const run = ikescope(['analyze', '--format', 'junit', '--out', out, '--assume-client', 'windows-10', '--keys', join(CAPTURES, `${name}.gateway.log`), join(CAPTURES, `${name}.pcap`)]);
      expect([0, 1]).toContain(run.status);
      const read = spawnSync(PYTHON, ['-c', READ, out], { encoding: 'utf8' });
      expect(read.stderr).toBe('');
      const suites = JSON.parse(read.stdout) as Array<{ name: string; tests: number; failures: number; skipped: number; cases: Array<{ classname: string; name: string; result: string[] }> }>;
      expect(suites.length).toBeGreaterThan(0);
      // The consumer's counts agree with the cases it read, and with the JSON report's findings.
      for (const s of suites) {
        expect(s.tests).toBe(s.cases.length);
        expect(s.failures).toBe(s.cases.filter((c) => c.result.includes('Failure')).length);
        expect(s.skipped).toBe(s.cases.filter((c) => c.result.includes('Skipped')).length);
      }
      const json = JSON.parse(ikescope(['analyze', '--format', 'json', '--assume-client', 'windows-10', '--keys', join(CAPTURES, `${name}.gateway.log`), join(CAPTURES, `${name}.pcap`)]).stdout) as { findings: Array<{ rule: string; severity: string; ikeSa: string | null }> };
      const failing = new Set(json.findings.filter((f) => f.severity !== 'info' && f.ikeSa).map((f) => `${f.ikeSa} ${f.rule}`));
      const failed = new Set(suites.flatMap((s) => s.cases.filter((c) => c.result.includes('Failure')).map((c) => `${c.classname} ${c.name}`)));
      for (const f of failing) expect(failed.has(f), f).toBe(true);
      expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml/);
    });
  }
});
