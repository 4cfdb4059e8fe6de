// `ikescope suite load`'s command line (cli/commands/suite-load.ts), through its exported
// function until cli/main.ts dispatches `suite load`: --help, and usage errors as one line
// (a UsageError, which main.ts turns into exit 2) before any packet is sent.
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { suiteLoad } from '../../cli/commands/suite-load.js';
import { UsageError } from '../../cli/usage-error.js';
import { ROOT } from '../helpers/cli.js';

const PSK = join(ROOT, 'fixtures/gateways/load/psk.secret');
const base = ['--gateway', '198.51.100.1', '--clients', '10', '--rate', '5', '--psk-file', PSK];

describe('suite load command line', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('--help teaches: what is measured, every option, exit codes, examples', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
    expect(await suiteLoad(['--help'])).toBe(0);
    expect(out).toMatch(/^usage: ikescope suite load --gateway ADDR --clients N --rate R/);
    for (const word of ['setups/s', 'concurrent', 'p50, p90, p99 and max', 'AUTHENTICATION_FAILED', 'peak RSS', '--hold S', '--ping ADDR', '--json FILE', '--profile P', 'windows-10', '{n}', 'exit codes:', 'examples:']) {
      expect(out).toContain(word);
    }
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['no gateway', ['--clients', '10', '--rate', '5', '--psk-file', PSK], /suite load: which gateway\? --gateway ADDR/],
    ['a gateway name', [...base, '--gateway', 'vpn.example.net'], /--gateway must be an IPv4 or IPv6 address/],
    ['no --clients', ['--gateway', '198.51.100.1', '--rate', '5', '--psk-file', PSK], /--clients is required/],
    ['fractional clients', [...base, '--clients', '2.5'], /--clients takes a whole number above 0/],
    ['zero rate', [...base, '--rate', '0'], /--rate takes a number above 0/],
    ['negative hold', [...base, '--hold=-1'], /--hold takes a number from 0/],
    ['one identity for all', [...base, '--id', 'same@load.example.net'], /--id 'same@load\.example\.net' has no \{n\}/],
    ['unknown profile', [...base, '--profile', 'windows-95'], /--profile must be one of strongswan, windows-7/],
    ['no credentials', ['--gateway', '198.51.100.1', '--clients', '10', '--rate', '5'], /how do the clients authenticate\?/],
    ['missing PSK file', [...base, '--psk-file', '/nonexistent/psk'], /^suite load: --psk-file: cannot read \/nonexistent\/psk: ENOENT$/],
    ['EAP without {n}', ['--gateway', '198.51.100.1', '--clients', '10', '--rate', '5', '--user', 'alice', '--password-file', PSK, '--ca', PSK], /--user 'alice' has no \{n\}/],
    ['a positional', [...base, '198.51.100.1'], /unexpected argument '198\.51\.100\.1'/],
  ];
  for (const [what, args, message] of bad) {
    it(`${what}: a one-line usage error`, async () => {
      const e = await suiteLoad(args).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(UsageError);
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).not.toContain('\n');
    });
  }
});
