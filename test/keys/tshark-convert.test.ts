/**
 * `ikescope keys convert --to wireshark` proven by tshark: the folder it writes, used as
 * WIRESHARK_CONFIG_DIR, makes tshark 4 decrypt every IKE SK/SKF payload (integrity
 * "[correct]") and every ESP packet to its inner ICMP echo (ICV good) of each lab capture, from
 * the gateway's charon log alone; and Wireshark's own test tables, converted, still decrypt
 * Wireshark's test captures to the AUTH data of the README.
 *
 * Where Wireshark has no decryption for a cipher (IKEv2 or ESP with ChaCha20-Poly1305 before
 * 4.2, ESP with AES-CCM), the table says so in a comment and tshark still loads it.
 */
import { execFileSync } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURES, WIRESHARK_TESTS } from '../helpers/cli.js';
import { labRequired, tsharkAvailable } from '../helpers/tshark.js';
import { keysCli, labCaptures, tsharkDecrypt } from './helpers.js';

const missing = tsharkAvailable();
const ESP_PREFS = ['esp.enable_encryption_decode:TRUE', 'esp.enable_authentication_check:TRUE'];
const tmp = () => mkdtempSync(join(tmpdir(), 'ikescope-keys-'));

/** tshark's complaints about the tables in dir (it prints them and carries on without the table). */
function tableErrors(capture: string, dir: string): string {
  const r = spawnSync('tshark', ['-r', capture, '-c', '1', ...ESP_PREFS.flatMap((p) => ['-o', p])], { encoding: 'utf8', env: { ...process.env, WIRESHARK_CONFIG_DIR: dir } });
  return r.stderr.split('\n').filter((l) => /table|uat|esp_sa|ikev2_decryption/i.test(l)).join('\n');
}

function tsharkVersion(): [number, number] {
  const m = /(\d+)\.(\d+)\.\d+/.exec(spawnSync('tshark', ['--version'], { encoding: 'utf8' }).stdout ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** What Wireshark can decrypt, from the log's selected proposals. */
function expectations(log: string): { ike: boolean; esp: boolean } {
  const ike = /selected proposal: IKE:(\S+)/.exec(log)![1]!;
  // A session whose CHILD_SA was refused (or never asked for) selected no ESP proposal.
  const esp = /selected proposal: ESP:(\S+)/.exec(log)?.[1] ?? '';
  const [major, minor] = tsharkVersion();
  const has42 = major > 4 || (major === 4 && minor >= 2);
  return {
    ike: !/CHACHA20/.test(ike), // Wireshark's IKEv2 decryption has no ChaCha20-Poly1305
    esp: !/CCM/.test(esp) && (has42 || !/CHACHA20/.test(esp)), // ESP: no CCM at all, ChaCha20 since 4.2
  };
}

describe.skipIf(missing && !labRequired())(`keys convert --to wireshark, checked by tshark${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('has tshark', () => expect(missing).toBeUndefined());

  for (const name of labCaptures('ike')) {
    it(`${name}: the gateway log's keys decrypt the capture in tshark`, async () => {
      const log = join(CAPTURES, `${name}.gateway.log`);
      const capture = join(CAPTURES, `${name}.pcap`);
      const dir = tmp();
      const run = await keysCli(['convert', log, '--to', 'wireshark', '--out', dir]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(tableErrors(capture, dir)).toBe('');
      const want = expectations(readFileSync(log, 'utf8'));
      const frames = tsharkDecrypt(capture, dir, ESP_PREFS);
      const sk = frames.filter((f) => f.skPayloads > 0);
      const esp = frames.filter((f) => f.esp);
      expect(sk.length).toBeGreaterThan(0);
      // Every capture whose sessions carried traffic has ESP for tshark to open (dpd idles).
      // Every ESP frame of the capture is among those tshark decoded (dpd and refused CHILD_SAs have none).
      const espOnWire = execFileSync('tshark', ['-r', capture, '-Y', 'esp', '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean).length;
      expect(esp.length).toBe(espOnWire);
      if (want.ike) {
        for (const f of sk) {
          expect({ frame: f.frame, decrypted: f.decrypted, correct: f.icdCorrect }).toEqual({ frame: f.frame, decrypted: f.skPayloads, correct: f.skPayloads });
        }
      } else {
        expect(sk.every((f) => f.decrypted === 0)).toBe(true);
        expect(readFileSync(join(dir, 'ikev2_decryption_table'), 'utf8')).toMatch(/# not written: .*has no ENCR_/);
      }
      if (want.esp) {
        for (const f of esp) expect({ frame: f.frame, icmp: f.icmp, icvGood: f.espIcvGood }).toEqual({ frame: f.frame, icmp: true, icvGood: true });
      } else {
        expect(esp.every((f) => !f.icmp)).toBe(true);
        expect(readFileSync(join(dir, 'esp_sa'), 'utf8')).toMatch(/^# .*(has no ENCR_|needs Wireshark 4\.2)/m);
      }
    });
  }

  it('the preferences file convert writes turns ESP decryption on without -o', async () => {
    const dir = tmp();
    expect((await keysCli(['convert', join(CAPTURES, 'nat-t.gateway.log'), '--to', 'wireshark', '--out', dir])).status).toBe(0);
    const frames = tsharkDecrypt(join(CAPTURES, 'nat-t.pcap'), dir);
    const esp = frames.filter((f) => f.esp);
    expect(esp.length).toBeGreaterThan(0);
    expect(esp.every((f) => f.icmp && f.espIcvGood)).toBe(true);
  });

  /** README: "| capture | decrypted AUTH payload data, in frame order |". */
  const readmeAuth = (): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (const m of readFileSync(join(WIRESHARK_TESTS, 'README.md'), 'utf8').matchAll(/^\| (ikev2-\S+) \| ([0-9a-f, ]+) \|$/gm)) {
      out.set(m[1]!, m[2]!.split(',').map((s) => s.trim()));
    }
    return out;
  };

  const checkWiresharkCaptures = (dir: string) => {
    const auth = readmeAuth();
    expect(auth.size).toBe(8);
    for (const [capture, want] of auth) {
      const frames = tsharkDecrypt(join(WIRESHARK_TESTS, capture), dir);
      expect({ capture, auth: frames.flatMap((f) => f.authData) }).toEqual({ capture, auth: want });
    }
    const esp = tsharkDecrypt(join(WIRESHARK_TESTS, 'esp-bug-12671.pcapng.gz'), dir, ESP_PREFS).filter((f) => f.esp);
    const payload = Array.from({ length: 0x38 - 8 }, (_, i) => (i + 8).toString(16).padStart(2, '0')).join('');
    expect(esp.length).toBeGreaterThan(0);
    for (const f of esp) expect({ frame: f.frame, icvGood: f.espIcvGood, data: f.data }).toEqual({ frame: f.frame, icvGood: true, data: [payload] });
  };

  it("Wireshark's test tables, converted, still decrypt Wireshark's test captures (README AUTH data, ESP echoes)", async () => {
    const dir = tmp();
    const run = await keysCli(['convert', join(WIRESHARK_TESTS, 'ikev2_decryption_table'), join(WIRESHARK_TESTS, 'esp_sa'), '--to', 'wireshark', '--out', dir]);
    expect(run.status).toBe(0);
    expect(tableErrors(join(WIRESHARK_TESTS, 'esp-bug-12671.pcapng.gz'), dir)).toBe('');
    checkWiresharkCaptures(dir);
  });

  it('and so they do after a trip through the JSON key file', async () => {
    const json = tmp();
    expect((await keysCli(['convert', join(WIRESHARK_TESTS, 'ikev2_decryption_table'), join(WIRESHARK_TESTS, 'esp_sa'), '--to', 'json', '--out', json])).status).toBe(0);
    const dir = tmp();
    expect((await keysCli(['convert', join(json, 'keys.json'), '--to', 'wireshark', '--out', dir])).status).toBe(0);
    checkWiresharkCaptures(dir);
  });

  it('address patterns (a prefix, a trailing wildcard) are written so that tshark 4.0 matches them', async () => {
    const json = tmp();
    const doc = JSON.parse((await keysCli(['convert', join(WIRESHARK_TESTS, 'esp_sa'), '--to', 'json', '--out', json])).status === 0 ? readFileSync(join(json, 'keys.json'), 'utf8') : '{}');
    doc.esp[0].src = '192.168.0.0/16';
    doc.esp[0].dst = '192.168.0.*';
    doc.esp[1].src = '192.168.*';
    doc.esp[1].dst = '192.168.0.0/24';
    const patterned = join(tmp(), 'patterns.json');
    writeFileSync(patterned, JSON.stringify(doc));
    const dir = tmp();
    expect((await keysCli(['convert', patterned, '--to', 'wireshark', '--out', dir])).status).toBe(0);
    const esp = tsharkDecrypt(join(WIRESHARK_TESTS, 'esp-bug-12671.pcapng.gz'), dir, ESP_PREFS).filter((f) => f.esp);
    expect(esp.length).toBeGreaterThan(0);
    expect(esp.every((f) => f.icmp && f.espIcvGood)).toBe(true);
  });

  it('a lab log through JSON and back to Wireshark still decrypts its capture', async () => {
    const json = tmp();
    const dir = tmp();
    const name = 'child-rekey';
    expect((await keysCli(['convert', join(CAPTURES, `${name}.gateway.log`), '--to', 'json', '--out', json])).status).toBe(0);
    expect((await keysCli(['convert', join(json, 'keys.json'), '--to', 'wireshark', '--out', dir])).status).toBe(0);
    const frames = tsharkDecrypt(join(CAPTURES, `${name}.pcap`), dir, ESP_PREFS);
    expect(frames.filter((f) => f.skPayloads > 0).every((f) => f.icdCorrect === f.skPayloads)).toBe(true);
    expect(frames.filter((f) => f.esp).every((f) => f.icmp && f.espIcvGood)).toBe(true);
  });
});
