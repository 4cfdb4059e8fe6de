/**
 * Decryption through the CLI, against tshark decrypting the same file with the same keys:
 * for every frame tshark opens, the decrypted inner payload types (IKE) and the inner packet
 * (ESP) agree. Where tshark 4.0 cannot decrypt (ChaCha20-Poly1305 anywhere, AES-CCM in ESP),
 * every message and packet must open with a verified ICV under the keys the charon log gives.
 *
 * Lab captures: ikescope reads the gateway's charon log itself; tshark gets the tables that
 * `ikescope keys convert` writes from it (their correctness is its own test: test/keys).
 * Wireshark's own set: both tools read the same tables.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrameJson } from '../../src/report/frame-record.js';
import { allCaptures, ikescope, jsonl, WIRESHARK_TESTS } from '../helpers/cli.js';
import { labRequired, tsharkAvailable, tsharkFrames } from '../helpers/tshark.js';

const missing = tsharkAvailable();

interface Case { capture: string; keys: string[]; tables: string }

function cases(): Case[] {
  const out: Case[] = [];
  for (const capture of allCaptures()) {
    if (capture.includes('wireshark-tests')) {
      const tables = mkdtempSync(join(tmpdir(), 'ikescope-wst-'));
      for (const t of ['ikev2_decryption_table', 'esp_sa']) copyFileSync(join(WIRESHARK_TESTS, t), join(tables, t));
      out.push({ capture, keys: [join(WIRESHARK_TESTS, 'ikev2_decryption_table'), join(WIRESHARK_TESTS, 'esp_sa')], tables });
      continue;
    }
    const log = capture.replace(/\.pcap$/, '.gateway.log');
    // A session refused in IKE_SA_INIT never had keys to log.
    if (!existsSync(log) || !readFileSync(log, 'utf8').includes('Sk_ei secret')) continue;
    const tables = mkdtempSync(join(tmpdir(), 'ikescope-lt-'));
    out.push({ capture, keys: [log], tables });
  }
  return out;
}

/** What tshark 4.0 cannot decrypt, by the algorithm the capture negotiated. */
const TSHARK_CANNOT = { ike: /chacha20/, esp: /chacha20|aes-ccm/ };

describe.skipIf(missing && !labRequired())('decryption agrees with tshark', () => {
  it('has tshark', () => expect(missing).toBeUndefined());
  for (const c of cases()) {
    it(basename(c.capture), () => {
      if (!c.capture.includes('wireshark-tests')) {
        const conv = ikescope(['keys', 'convert', ...c.keys, '--to', 'wireshark', '--out', c.tables]);
        expect(conv.status).toBe(0);
      }
      writeFileSync(join(c.tables, 'preferences'), '');
      const run = ikescope(['dump', '--format', 'jsonl', ...c.keys.flatMap((k) => ['--keys', k]), c.capture]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const ours = jsonl<FrameJson>(run.stdout).filter((j) => j.frame !== undefined);
      const theirs = tsharkFrames(c.capture, ['esp.enable_encryption_decode:TRUE'], c.tables);
      expect(ours.length).toBe(theirs.length);
      const name = basename(c.capture);
      let ikeCompared = 0;
      let espCompared = 0;
      for (let i = 0; i < ours.length; i++) {
        const o = ours[i]!;
        const t = theirs[i]!;
        const where = `${name} frame ${o.frame}`;
        if (o.ike && o.ike.payloads.some((p) => p === 'SK' || p === 'SKF')) {
          expect(o.closed, where).toBeUndefined();
          // SKF: the decrypted chain comes with the last fragment, in both tools.
          if (o.ike.fragment && o.ike.fragment.number < o.ike.fragment.total) {
            // Not the last fragment: both tools open it (tshark shows it empty), neither decodes yet.
            expect(o.inner, where).toBeUndefined();
            if (t.ike?.inner) expect(t.ike.inner, where).toEqual([]);
          } else if (t.ike?.inner) {
            expect(o.inner?.payloadTypes, where).toEqual(t.ike.inner);
            ikeCompared++;
          } else {
            // tshark could not: only where it cannot decrypt this algorithm at all.
            expect(TSHARK_CANNOT.ike.test(name), where).toBe(true);
            expect(o.inner?.integrity, where).toBe('verified');
          }
        }
        if (o.esp) {
          const d = o.esp.decrypted;
          expect(d, where).toBeDefined();
          if (t.esp?.inner) {
            expect({ src: d!.src, dst: d!.dst }, where).toEqual({ src: t.esp.inner.src, dst: t.esp.inner.dst });
            if (t.esp.inner.id !== undefined) expect(d!.summary, where).toContain(`id ${t.esp.inner.id} seq ${t.esp.inner.seq}`);
            espCompared++;
          } else {
            expect(TSHARK_CANNOT.esp.test(name), where).toBe(true);
            expect(d!.integrity, where).toBe('verified');
            expect(d!.summary, where).toMatch(/ICMP(v6)? echo (request|reply)/);
          }
        }
      }
      // Every capture has something to compare or to verify.
      expect(ikeCompared + espCompared + ours.filter((o) => o.inner || o.esp?.decrypted).length).toBeGreaterThan(0);
    });
  }
});
