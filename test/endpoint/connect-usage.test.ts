// `ikescope connect` at the CLI edge: --help teaches, and every usage error is one line on
// stderr with exit 2, before any packet is sent; secrets are never taken from argv.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ikescope, usageErrorTests } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ikescope-connect-usage-'));
const psk = join(dir, 'psk');
writeFileSync(psk, 'secret\n');

describe('ikescope connect usage', () => {
  it('--help teaches: usage, profiles, why ESP is encapsulated, exit codes, examples', () => {
    const r = ikescope(['connect', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: ikescope connect GATEWAY/);
    for (const s of ['--psk-file', '--password-file', '--profile', 'windows-10', 'strongswan', 'raw socket', '--keylog', '--pcap', '--add-child', 'TS_UNACCEPTABLE', 'exit codes', 'examples:']) expect(r.stdout).toContain(s);
    expect(ikescope(['--help']).stdout).toMatch(/connect/);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['no gateway', ['connect', '--psk-file', psk], /which gateway\?/],
    ['gateway not an address', ['connect', 'vpn.example.net', '--psk-file', psk], /GATEWAY must be an IPv4 or IPv6 address/],
    ['no authentication', ['connect', '198.51.100.1'], /how to authenticate\?/],
    ['a password in argv is no option', ['connect', '198.51.100.1', '--user', 'u', '--password', 'p'], /unknown option '--password'/],
    ['user without password file', ['connect', '198.51.100.1', '--user', 'u', '--ca', psk], /--user needs --password-file F/],
    ['missing psk file', ['connect', '198.51.100.1', '--psk-file', join(dir, 'nope')], /--psk-file: cannot read .*nope: ENOENT/],
    ['bad proposal', ['connect', '198.51.100.1', '--psk-file', psk, '--proposal', 'aes128-sha256-modp9999'], /unknown algorithm keyword 'modp9999'/],
    ['bad profile', ['connect', '198.51.100.1', '--psk-file', psk, '--profile', 'windows-95'], /--profile must be one of strongswan, [a-z0-9, -]*windows-10/],
    ['rekey without hold', ['connect', '198.51.100.1', '--psk-file', psk, '--rekey-child-after', '1'], /act during --hold S/],
    ['bad ping', ['connect', '198.51.100.1', '--psk-file', psk, '--ping', 'host'], /--ping takes an address/],
    ['--add-child not a subnet', ['connect', '198.51.100.1', '--psk-file', psk, '--add-child', '10.2.0.0/24,lan'], /--add-child: 'lan' is not a subnet/],
    ['--add-child with host bits', ['connect', '198.51.100.1', '--psk-file', psk, '--add-child', '10.2.0.1/24'], /--add-child: '10\.2\.0\.1\/24' has host bits set \(did you mean 10\.2\.0\.0\/24\?\)/],
  ];
  usageErrorTests(it, bad, 'secret');
});
