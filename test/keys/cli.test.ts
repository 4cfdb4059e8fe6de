/**
 * `ikescope keys show|convert`: what it prints (never key bytes unless --show-keys), what it
 * writes, and the CLI contract (exit 0; 2 with one line on stderr for usage and input errors).
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeys } from '../../src/keys/load.js';
import { toHex } from '../../src/keys/text.js';
import { CAPTURES, WIRESHARK_TESTS, ikescope } from '../helpers/cli.js';
import { cliHasKeys, keysCli } from './helpers.js';

const log = join(CAPTURES, 'child-rekey.gateway.log');
const ikeTable = join(WIRESHARK_TESTS, 'ikev2_decryption_table');
const espTable = join(WIRESHARK_TESTS, 'esp_sa');
const tmp = () => mkdtempSync(join(tmpdir(), 'ikescope-keys-'));
const oneLine = (s: string) => s.trim().split('\n').length === 1 && !/\n\s+at /.test(s);

/** Every key's hex (and its first 8 octets) of these sources. */
async function secrets(paths: string[]): Promise<string[]> {
  const { store } = await loadKeys(paths);
  const keys = [
    ...store.ike.flatMap((s) => [s.skD, s.skEi, s.skEr, s.skAi, s.skAr, s.skPi, s.skPr]),
    ...store.esp.flatMap((s) => [s.encrKey, s.integKey]),
  ].filter((k): k is Uint8Array => !!k && k.length >= 8);
  return keys.flatMap((k) => [toHex(k), toHex(k.subarray(0, 8))]);
}

describe('ikescope keys', () => {
  it('is listed by ikescope --help once cli/main.ts registers it', () => {
    if (!cliHasKeys()) return; // run through the command's function until then (helpers.ts)
    const r = ikescope(['--help']);
    expect(r.stdout).toMatch(/^ {2}keys {6}/m);
  });

  it('--help teaches: both subcommands, the formats, examples, how to point Wireshark at the folder', async () => {
    const r = await keysCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: ikescope keys show SOURCE…/);
    expect(r.stdout).toMatch(/ikescope keys convert SOURCE… --to wireshark\|json --out DIR/);
    expect(r.stdout).toMatch(/examples:/);
    expect(r.stdout).toMatch(/WIRESHARK_CONFIG_DIR=\S+ wireshark -r /);
    expect(r.stdout).toMatch(/tshark -r \S+ -o esp\.enable_encryption_decode:TRUE/);
    for (const f of ['ikev2_decryption_table', 'esp_sa', 'charon log', 'save-keys', 'ikescope.keys/1']) expect(r.stdout).toContain(f);
  });

  it('show lists format, SPIs, algorithms and which keys are there, never the key bytes', async () => {
    const r = await keysCli(['show', log, ikeTable, espTable]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${log}: strongSwan charon log, 1 IKE_SA key set, 6 ESP SA key sets\n`);
    expect(r.stdout).toMatch(/^ {2}IKE {2}[0-9a-f]{16}_i [0-9a-f]{16}_r {2}ENCR_AES_CBC_128 AUTH_HMAC_SHA2_256_128 PRF_HMAC_SHA2_256 {2}keys: SK_d SK_ai SK_ar SK_ei SK_er SK_pi SK_pr {2}\(line \d+\)$/m);
    expect(r.stdout).toMatch(/^ {2}ESP {2}SPI 0x[0-9a-f]{8} {2}ENCR_AES_CBC_128 AUTH_HMAC_SHA2_256_128 no ESN {2}keys: encryption integrity {2}\(line \d+\)$/m);
    expect(r.stdout).toContain(`${ikeTable}: Wireshark ikev2_decryption_table (or strongSwan save-keys), 9 IKE_SA key sets, 0 ESP SA key sets\n`);
    expect(r.stdout).toContain('  IKE  a2926ae833c6f138_i 5464c57d0dc5e272_r  ENCR_AES_CTR_128 integrity unchecked (96-bit ICV)  keys: SK_ei SK_er  (line 4)\n');
    expect(r.stdout).toContain('  ESP  SPI 0xc254fe64  192.168.0.100 → 192.168.0.1  ENCR_AES_CBC_128 AUTH_HMAC_SHA1_96  keys: encryption integrity  (line 2)\n');
    for (const s of await secrets([log, ikeTable, espTable])) expect(r.stdout).not.toContain(s);
  });

  it('show --show-keys prints them', async () => {
    const r = await keysCli(['show', '--show-keys', log]);
    expect(r.status).toBe(0);
    for (const s of await secrets([log])) expect(r.stdout).toContain(s);
  });

  it('show --format json: the same, for scripts, keys only with --show-keys', async () => {
    const r = await keysCli(['show', '--format', 'json', log, espTable]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sources.map((s: { path: string; format: string }) => [s.path, s.format])).toEqual([[log, 'charon-log'], [espTable, 'esp_sa']]);
    expect(doc.sources[0].ike[0]).toMatchObject({ encr: 'ENCR_AES_CBC_128', integ: 'AUTH_HMAC_SHA2_256_128', prf: 'PRF_HMAC_SHA2_256', keys: ['skD', 'skAi', 'skAr', 'skEi', 'skEr', 'skPi', 'skPr'] });
    expect(doc.sources[1].esp[1]).toMatchObject({ spi: 'c254fe64', src: '192.168.0.100', dst: '192.168.0.1', keys: ['encrKey', 'integKey'] });
    for (const s of await secrets([log, espTable])) expect(r.stdout).not.toContain(s);
    const withKeys = await keysCli(['show', '--format', 'json', '--show-keys', espTable]);
    expect(JSON.parse(withKeys.stdout).sources[0].esp[1].encrKey).toBe('88e1dad7140af03b8d4f3d734d21be4b');
  });

  it('show prints the problems of a source under it', async () => {
    const path = join(tmp(), 'table');
    writeFileSync(path, `${readFileSync(ikeTable, 'utf8')}0123456789abcdef,fedcba9876543210,00,00,"AES-CBC-128 [RFC3602]",,,"NONE [RFC4306]"\n`);
    const r = await keysCli(['show', path]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`  ! keys/key-length: ${path}:10: SK_ei is 1 octets but ENCR_AES_CBC_128 takes 16; row skipped\n`);
  });

  it('convert --to wireshark writes the two tables (owner-only) and a preferences file, and says how to use them', async () => {
    const dir = join(tmp(), 'new', 'folder');
    const r = await keysCli(['convert', log, '--to', 'wireshark', '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`wrote ${join(dir, 'ikev2_decryption_table')}, ${join(dir, 'esp_sa')} and ${join(dir, 'preferences')}: 1 IKE_SA key set, 6 ESP SA key sets\n`);
    expect(r.stdout).toContain(`WIRESHARK_CONFIG_DIR=${dir} wireshark -r CAPTURE`);
    for (const f of ['ikev2_decryption_table', 'esp_sa']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'preferences'), 'utf8')).toMatch(/^esp\.enable_encryption_decode: TRUE$/m);
  });

  it('convert leaves a preferences file that is there, and replaces key files only with --force', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'preferences'), 'gui.column.format: "No.", "%m"\n');
    expect((await keysCli(['convert', log, '--to', 'wireshark', '--out', dir])).status).toBe(0);
    expect(readFileSync(join(dir, 'preferences'), 'utf8')).toBe('gui.column.format: "No.", "%m"\n');
    const again = await keysCli(['convert', espTable, '--to', 'wireshark', '--out', dir]);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(`ikescope: keys convert: ${join(dir, 'ikev2_decryption_table')} and ${join(dir, 'esp_sa')} already exist (--force replaces)\n`);
    expect((await keysCli(['convert', espTable, '--to', 'wireshark', '--out', dir, '--force'])).status).toBe(0);
    expect(readFileSync(join(dir, 'esp_sa'), 'utf8')).toContain('0xc254fe64');
  });

  it('convert --to json writes keys.json that reads back as the same keys', async () => {
    const dir = tmp();
    const r = await keysCli(['convert', ikeTable, espTable, '--to', 'json', '--out', dir]);
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'preferences'))).toBe(false);
    const back = await keysCli(['show', join(dir, 'keys.json')]);
    expect(back.stdout).toContain(`${join(dir, 'keys.json')}: ikescope JSON key file (ikescope.keys/1), 9 IKE_SA key sets, 2 ESP SA key sets\n`);
  });

  it('convert of a charon log without keys says how to have charon log them', async () => {
    const path = join(tmp(), 'quiet.log');
    writeFileSync(path, readFileSync(log, 'utf8').split('\n').filter((l) => !/=> \d+ bytes|\s\d+: [0-9A-F]{2} /.test(l)).join('\n'));
    const r = await keysCli(['convert', path, '--to', 'json', '--out', tmp()]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`ikescope: keys convert: ${path}: a strongSwan charon log, but without keys: log with "ike = 4" and "chd = 4" (charon.filelog.<name>.ike / .chd in strongswan.conf) to have charon write them\n`);
  });

  it('convert reports a source\'s problems as warnings and goes on', async () => {
    const path = join(tmp(), 'table');
    writeFileSync(path, `${readFileSync(espTable, 'utf8')}"IPv4","*","*","*","Serpent","0x00","NULL",""\n`);
    const r = await keysCli(['convert', path, '--to', 'json', '--out', tmp()]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`ikescope: warning: keys/unknown-algorithm: ${path}:3: unknown ESP encryption 'Serpent' (Wireshark's names: "AES-CBC [RFC3602]", "AES-GCM with 16 octet ICV [RFC4106]", "TripleDES-CBC [RFC2451]", "NULL", …); row skipped\n`);
  });

  const notKeys = join(CAPTURES, 'nat-t.pcap');
  const aFile = join(CAPTURES, 'README.md');
  const bad: Array<[string, string[], string | RegExp]> = [
    ['no subcommand', [], "keys: show or convert? (usage: ikescope keys show SOURCE…; see 'ikescope keys --help')"],
    ['an unknown subcommand', ['list', log], "keys: unknown subcommand 'list' (show or convert; see 'ikescope keys --help')"],
    ['no source', ['show'], 'keys show: which key source? (usage: ikescope keys show SOURCE…; see --help)'],
    ['a missing source', ['show', '/nonexistent/keys'], 'cannot read /nonexistent/keys: no such file'],
    ['a source that is no key file', ['show', notKeys], `${notKeys}: not a key file ikescope knows (Wireshark ikev2_decryption_table or esp_sa, strongSwan charon log with ike 4/chd 4 or save-keys output, or ikescope JSON); it is binary`],
    ['convert without --to', ['convert', log, '--out', '/tmp'], 'keys convert: which format? (--to wireshark or --to json)'],
    ['a bad --to', ['convert', log, '--to', 'pcap', '--out', '/tmp'], "keys convert: --to must be one of wireshark, json (got 'pcap')"],
    ['convert without --out', ['convert', log, '--to', 'json'], 'keys convert: where to? (--out DIR)'],
    ['--out naming a file', ['convert', log, '--to', 'json', '--out', aFile], `keys convert: --out ${aFile} is a file, not a folder`],
    ['show with --to', ['show', log, '--to', 'json'], "keys show: --to, --out and --force are for 'keys convert'"],
    ['convert with --show-keys', ['convert', log, '--to', 'json', '--out', '/tmp', '--show-keys'], "keys convert: --show-keys and --format are for 'keys show'"],
    ['an unknown option', ['show', '--bogus', log], /^ikescope: keys: unknown option '--bogus'.*\(see 'ikescope keys --help'\)\n$/],
    ['a bad --format', ['show', '--format', 'xml', log], "keys show: --format must be one of text, json (got 'xml')"],
    ['a source without keys', ['convert', join(WIRESHARK_TESTS, 'README.md'), '--to', 'json', '--out', '/tmp'], `${join(WIRESHARK_TESTS, 'README.md')}: not a key file ikescope knows (Wireshark ikev2_decryption_table or esp_sa, strongSwan charon log with ike 4/chd 4 or save-keys output, or ikescope JSON)`],
  ];
  for (const [what, args, message] of bad) {
    it(`${what}: one line on stderr, exit 2`, async () => {
      const r = await keysCli(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      if (typeof message === 'string') expect(r.stderr).toBe(`ikescope: ${message}\n`);
      else expect(r.stderr).toMatch(message);
      expect(oneLine(r.stderr)).toBe(true);
    });
  }
});
