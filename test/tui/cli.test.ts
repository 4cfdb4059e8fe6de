/** `ikescope tui` at the CLI edge: help, and input errors said in one line (exit 2) before the screen is taken. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURES, ikescope } from '../helpers/cli.js';

describe('ikescope tui', () => {
  it('teaches with --help and is listed in the command list', () => {
    const r = ikescope(['tui', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: ikescope tui CAPTURE \[--keys FILE\]… \[--redact\] \[--assume-client P\]/);
    expect(r.stdout).toContain('--redact');
    expect(r.stdout).toContain('examples:');
    expect(ikescope(['--help']).stdout).toMatch(/^ {2}tui {7}browse the capture/m);
  });

  it('says in one line what is wrong: no capture, a missing file, not a capture, a bad key file, not a terminal', () => {
    const cases: Array<[string[], RegExp]> = [
      [['tui'], /^ikescope: tui: which capture\?/],
      [['tui', 'nope.pcap'], /^ikescope: nope\.pcap: .*ENOENT/],
      [['tui', join(CAPTURES, 'README.md')], /^ikescope: .*README\.md: /],
      [['tui', join(CAPTURES, 'nat-t.pcap'), '--keys', 'nope.keys'], /^ikescope: tui: --keys: cannot read nope\.keys/],
      [['tui', join(CAPTURES, 'nat-t.pcap'), '--assume-client', 'amiga'], /^ikescope: tui: --assume-client takes one of/],
      [['tui', join(CAPTURES, 'nat-t.pcap')], /^ikescope: tui: needs a terminal .*'ikescope analyze /],
    ];
    for (const [args, want] of cases) {
      const r = ikescope(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean).length, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(want);
      expect(r.stdout).toBe('');
    }
  });
});
