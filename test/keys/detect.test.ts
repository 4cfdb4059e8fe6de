/**
 * `--keys FILE` tells the format from the content, never the name (DESIGN.md "Contracts"); a
 * file that is none of them, or cannot be read, is one fatal problem, and the other files given
 * still load.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/keys/json.js';
import { loadKeyFile, loadKeys } from '../../src/keys/load.js';
import { CAPTURES, WIRESHARK_TESTS } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ikescope-keys-'));
const UNKNOWN = (f: string) => `${f}: not a key file ikescope knows (Wireshark ikev2_decryption_table or esp_sa, strongSwan charon log with ike 4/chd 4 or save-keys output, or ikescope JSON)`;

describe('format by content', () => {
  it('reads each format under a name that belongs to another', async () => {
    const { store } = await loadKeys([join(WIRESHARK_TESTS, 'ikev2_decryption_table'), join(WIRESHARK_TESTS, 'esp_sa')]);
    const files: Array<[string, string, string]> = [
      ['esp_sa', readFileSync(join(WIRESHARK_TESTS, 'ikev2_decryption_table'), 'utf8'), 'ikev2_decryption_table'],
      ['ikev2_decryption_table', readFileSync(join(WIRESHARK_TESTS, 'esp_sa'), 'utf8'), 'esp_sa'],
      ['keys.json', readFileSync(join(CAPTURES, 'nat-t.gateway.log'), 'utf8'), 'charon-log'],
      ['charon.log', toJson(store), 'ikescope-json'],
      ['capture.pcap', readFileSync(join(CAPTURES, 'nat-t.client.log'), 'utf8'), 'charon-log'],
    ];
    for (const [name, text, format] of files) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const r = await loadKeyFile(path);
      expect({ name, format: r.format, fatal: r.problems.filter((p) => p.fatal) }).toEqual({ name, format, fatal: [] });
      expect(r.ike.length + r.esp.length).toBeGreaterThan(0);
    }
  });

  it("finds charon's lines in a syslog file full of other programs' lines", async () => {
    const noise = Array.from({ length: 5000 }, (_, i) => `Nov 22 14:50:${String(i % 60).padStart(2, '0')} gw cron[${i}]: (root) CMD (run-parts /etc/cron.hourly)`);
    const charon = readFileSync(join(CAPTURES, 'nat-t.gateway.log'), 'utf8').split('\n').map((l) => l.replace(/^\S+ \S+ /, 'Nov 22 14:50:26 gw charon: '));
    const path = join(dir, 'syslog');
    writeFileSync(path, [...noise, ...charon].join('\n'));
    const r = await loadKeyFile(path);
    expect(r.format).toBe('charon-log');
    expect(r.ike).toHaveLength(1);
    expect(r.esp).toHaveLength(2);
  });

  it.each([
    ['an empty file', ''],
    ['prose', 'These are the keys of our VPN:\nask Bob.\n'],
    ['a CSV of something else', 'name,age\n"alice",30\n'],
    ['a JSON list', '[1, 2, 3]'],
  ])('%s is not a key file', async (_what, text) => {
    const path = join(dir, 'x');
    writeFileSync(path, text);
    const r = await loadKeyFile(path);
    expect(r.format).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'keys/unknown-format', fatal: true });
    expect(r.problems[0]!.message.startsWith(UNKNOWN(path))).toBe(true);
  });

  it('a capture is binary, not a key file', async () => {
    const r = await loadKeyFile(join(CAPTURES, 'nat-t.pcap'));
    expect(r.problems).toEqual([{ code: 'keys/unknown-format', message: `${UNKNOWN(join(CAPTURES, 'nat-t.pcap'))}; it is binary`, fatal: true }]);
  });

  it('a missing file or a directory cannot be read', async () => {
    expect((await loadKeyFile('/nonexistent/keys')).problems).toEqual([{ code: 'keys/unreadable', message: 'cannot read /nonexistent/keys: no such file', fatal: true }]);
    expect((await loadKeyFile(dir)).problems).toEqual([{ code: 'keys/unreadable', message: `cannot read ${dir}: it is a directory`, fatal: true }]);
  });

  it('a charon log without ike 4 / chd 4 says how to get the keys', async () => {
    const text = readFileSync(join(CAPTURES, 'nat-t.gateway.log'), 'utf8').split('\n').filter((l) => !/=> \d+ bytes|\s\d+: [0-9A-F]{2} /.test(l)).join('\n');
    const path = join(dir, 'quiet.log');
    writeFileSync(path, text);
    const r = await loadKeyFile(path);
    expect(r.format).toBe('charon-log');
    expect(r.problems).toEqual([{ code: 'keys/no-keys', message: `${path}: a strongSwan charon log, but without keys: log with "ike = 4" and "chd = 4" (charon.filelog.<name>.ike / .chd in strongswan.conf) to have charon write them` }]);
  });

  it('the other files still load when one cannot be', async () => {
    const good = join(dir, 'copy_of_esp_sa');
    copyFileSync(join(WIRESHARK_TESTS, 'esp_sa'), good);
    const { store, problems } = await loadKeys(['/nonexistent/keys', good]);
    expect(store.esp).toHaveLength(2);
    expect(store.sources).toEqual(['/nonexistent/keys', good]);
    expect(problems.map((p) => p.code)).toEqual(['keys/unreadable']);
  });
});
