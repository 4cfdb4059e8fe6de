/**
 * One capture in every form editcap writes (µs pcap, ns pcap, pcapng) and gzip of each reads
 * as the same frames.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openCapture, type CaptureInfo } from '../../src/capture/index.js';
import { collect, frames, problems } from './helpers/collect.js';
import { editcap, skipWithout } from './helpers/tools.js';
import { WIRESHARK_TESTS } from '../helpers/cli.js';

const DIR = WIRESHARK_TESTS;

async function readForm(path: string): Promise<{ info: CaptureInfo; frames: unknown[] }> {
  const events = await collect(openCapture(path));
  expect(problems(events), path).toEqual([]);
  const first = events[0]!;
  if (first.kind !== 'info') throw new Error(`${path}: no info event`);
  return {
    info: first.info,
    frames: frames(events).map((f) => ({
      number: f.number,
      // Forms differ below the microsecond only: ns pcap and pcapng of a µs capture add zeros.
      usec: f.sec * 1e6 + Math.floor(f.nsec / 1000),
      linkType: f.linkType,
      originalLength: f.originalLength,
      data: Buffer.from(f.data).toString('hex'),
    })),
  };
}

describe.skipIf(skipWithout('editcap'))('editcap forms', () => {
  for (const source of ['ikev2-decrypt-aes256gcm16.pcap', 'ikev2-decrypt-aes256cbc.pcapng', 'esp-bug-12671.pcapng.gz']) {
    it(`${source}: µs pcap, ns pcap, pcapng and their gzip read alike`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ikescope-editcap-'));
      const forms: [string, string, CaptureInfo['format']][] = [
        ['pcap', 'us.pcap', 'pcap'],
        ['nsecpcap', 'ns.pcap', 'pcap'],
        ['pcapng', 'ng.pcapng', 'pcapng'],
      ];
      const reference = await readForm(join(DIR, source));
      expect(reference.frames.length).toBeGreaterThan(0);
      for (const [format, file, expected] of forms) {
        const path = join(dir, file);
        await editcap(['-F', format, join(DIR, source), path]);
        const plainForm = await readForm(path);
        expect(plainForm.info).toEqual({ format: expected, compressed: false });
        expect(plainForm.frames, file).toEqual(reference.frames);

        const gz = `${path}.gz`;
        writeFileSync(gz, gzipSync(readFileSync(path)));
        const gzForm = await readForm(gz);
        expect(gzForm.info).toEqual({ format: expected, compressed: true });
        expect(gzForm.frames, `${file}.gz`).toEqual(reference.frames);
      }
    });
  }
});
