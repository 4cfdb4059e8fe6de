/**
 * One capture in four forms — pcap (µs), ns-pcap, pcapng, gzip'd pcapng, converted with
 * Wireshark's editcap — gives the same `dump --format jsonl`, apart from timestamp precision.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { FrameJson } from '../../src/report/frame-record.js';
import { allCaptures, ikescope, jsonl } from '../helpers/cli.js';
import { labRequired } from '../helpers/tshark.js';

const editcap = spawnSync('editcap', ['-h']).status === 0;
const sources = allCaptures().filter((c) => c.endsWith('.pcap'));

/** Timestamps rounded to µs, the precision every form holds. */
const normal = (out: string) => jsonl<FrameJson>(out).map((j) => ({ ...j, ts: Math.round(j.ts * 1e6), rel: Math.round(j.rel * 1e6) }));

describe.skipIf(!editcap && !labRequired())('capture formats give the same dump', () => {
  it('has editcap', () => expect(editcap).toBe(true));
  for (const src of sources) {
    it(basename(src), () => {
      const dir = mkdtempSync(join(tmpdir(), 'ikescope-formats-'));
      const ns = join(dir, 'ns.pcap');
      const ng = join(dir, 'x.pcapng');
      const gz = join(dir, 'x.pcapng.gz');
      execFileSync('editcap', ['-F', 'nsecpcap', src, ns]);
      execFileSync('editcap', ['-F', 'pcapng', src, ng]);
      writeFileSync(gz, gzipSync(readFileSync(ng)));
      const reference = normal(ikescope(['dump', '--format', 'jsonl', src]).stdout);
      expect(reference.length).toBeGreaterThan(0);
      for (const form of [ns, ng, gz]) {
        const run = ikescope(['dump', '--format', 'jsonl', form]);
        expect(run.stderr).toBe('');
        expect(normal(run.stdout), basename(form)).toEqual(reference);
      }
      // The nanosecond form really holds nanoseconds: its header magic says so.
      expect(readFileSync(ns).readUInt32LE(0)).toBe(0xa1b23c4d);
      expect(readFileSync(gz)[0]).toBe(0x1f);
    });
  }
});
