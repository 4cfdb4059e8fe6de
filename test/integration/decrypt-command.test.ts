/**
 * `ikescope decrypt -o OUT.pcap` writes the packets inside the tunnels: tshark reads OUT.pcap
 * and finds, packet for packet and with the same timestamps, the inner packets it decrypts
 * itself from the original capture with the same keys.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURES, ikescope } from '../helpers/cli.js';
import { labRequired, tsharkAvailable } from '../helpers/tshark.js';

const missing = tsharkAvailable();
const FIELDS = ['frame.time_epoch', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'icmp.ident', 'icmp.seq', 'icmpv6.echo.identifier', 'icmpv6.echo.sequence_number'];

function fields(capture: string, configDir: string, filter: string): string[][] {
  const out = execFileSync('tshark', ['-r', capture, '-o', 'esp.enable_encryption_decode:TRUE', '-Y', filter, '-T', 'fields', '-E', 'occurrence=l', ...FIELDS.flatMap((f) => ['-e', f])],
    { encoding: 'utf8', env: { ...process.env, WIRESHARK_CONFIG_DIR: configDir }, stdio: ['ignore', 'pipe', 'ignore'] });
  // An IPv6 packet inside IPv4 ESP has only the outer ip.src/ip.dst: keep the inner header's.
  return out.trim().split('\n').map((l) => l.split('\t')).map((f) => (f[3] ? [f[0]!, '', '', ...f.slice(3)] : f));
}

describe.skipIf(missing && !labRequired())('decrypt command', () => {
  for (const name of ['eap-mschapv2-ping', 'production-windows', 'aes-gcm', 'child-rekey']) {
    it(name, () => {
      const capture = join(CAPTURES, `${name}.pcap`);
      const log = join(CAPTURES, `${name}.gateway.log`);
      const dir = mkdtempSync(join(tmpdir(), 'ikescope-dec-'));
      const tables = join(dir, 'tables');
      expect(ikescope(['keys', 'convert', log, '--to', 'wireshark', '--out', tables]).status).toBe(0);
      writeFileSync(join(tables, 'preferences'), '');
      const out = join(dir, 'inner.pcap');
      const run = ikescope(['decrypt', capture, '--keys', log, '-o', out]);
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/wrote \d+ decrypted packet\(s\).* 0 failed their ICV, 0 had no keys/);
      const expected = fields(capture, tables, 'esp && (icmp || icmpv6)');
      const got = fields(out, tables, 'icmp || icmpv6');
      expect(expected.length).toBeGreaterThanOrEqual(4);
      expect(got).toEqual(expected);
    });
  }

  it('needs keys and an output, and says so in one line', () => {
    const capture = join(CAPTURES, 'eap-mschapv2-ping.pcap');
    for (const args of [['decrypt', capture], ['decrypt', capture, '--keys', join(CAPTURES, 'eap-mschapv2-ping.gateway.log')]]) {
      const r = ikescope(args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n').length).toBe(1);
    }
  });
});
