/** The CLI contract of DESIGN.md: exit 0 done, 1 findings at --fail-on, 2 usage or input error in one line. */
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURES, ikescope, usageErrorTests } from '../helpers/cli.js';

const capture = join(CAPTURES, 'eap-mschapv2-ping.pcap');

describe('ikescope CLI contract', () => {
  it('--help teaches every command; no command is a usage error', () => {
    const h = ikescope(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/dump/);
    expect(h.stdout).toMatch(/analyze/);
    expect(ikescope([]).status).toBe(2);
    for (const c of ['dump', 'analyze', 'keys', 'decrypt']) {
      const r = ikescope([c, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^usage: ikescope /);
      expect(r.stdout).toMatch(/examples:/);
    }
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['unknown option', ['dump', '--bogus', capture], /unknown option '--bogus'/],
    ['bad --format', ['analyze', '--format', 'xml', capture], /--format must be one of text, json/],
    ['missing capture', ['dump'], /which capture\?/],
    ['missing file', ['dump', '/nonexistent/x.pcap'], /cannot read \/nonexistent\/x.pcap/],
    ['not a capture', ['analyze', 'package.json'], /not a pcap or pcapng file/],
    ['bad port', ['dump', '--ike-port', '70000', capture], /--ike-port takes port numbers/],
  ];
  usageErrorTests(it, bad);

  it('--fail-on turns findings at or above a level into exit 1', () => {
    // A capture whose last record is cut: a warning finding, the rest still analysed.
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-cli-'));
    const cut = join(dir, 'cut.pcap');
    const bytes = readFileSync(capture);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 10));
    const text = ikescope(['analyze', cut]);
    expect(text.status).toBe(0); // default --fail-on error
    expect(text.stdout).toMatch(/capture\/truncated-record/);
    expect(ikescope(['analyze', '--fail-on', 'warning', cut]).status).toBe(1);
    expect(ikescope(['analyze', '--fail-on', 'never', cut]).status).toBe(0);
    expect(ikescope(['analyze', '--fail-on', 'warning', capture]).status).toBe(0);
  });

  it('--out writes the report to a file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ikescope-cli-')), 'r.json');
    const r = ikescope(['analyze', '--format', 'json', '--out', out, capture]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).schema).toBe('ikescope.report/1');
  });
});
