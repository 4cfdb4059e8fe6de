/**
 * Frame numbers, timestamps and lengths agree with tshark 4.0 on Wireshark's own test
 * captures and on a crafted two-section pcapng.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/capture/index.js';
import { collect, frames, problems } from './helpers/collect.js';
import { twoSections } from './helpers/samples.js';
import { skipWithout, tsharkFrames } from './helpers/tools.js';
import { WIRESHARK_TESTS } from '../helpers/cli.js';

const DIR = WIRESHARK_TESTS;
const shipped = readdirSync(DIR).filter((f) => /\.(pcap|pcapng|pcapng\.gz)$/.test(f));

async function compareWithTshark(path: string, expectFormat: string): Promise<number> {
  const events = await collect(openCapture(path));
  expect(problems(events)).toEqual([]);
  expect(events[0]).toMatchObject({ kind: 'info', info: { format: expectFormat } });
  const ours = frames(events).map((f) => ({ number: f.number, sec: f.sec, nsec: f.nsec, len: f.originalLength, capLen: f.data.length }));
  const theirs = await tsharkFrames(path);
  expect(theirs.length).toBeGreaterThan(0);
  expect(ours).toEqual(theirs);
  return ours.length;
}

describe.skipIf(skipWithout('tshark'))('agreement with tshark', () => {
  it('finds the shipped captures', () => {
    expect(shipped).toEqual(expect.arrayContaining(['esp-bug-12671.pcapng.gz', 'ikev2-decrypt-aes256cbc.pcapng']));
  });

  for (const name of shipped) {
    const format = name.includes('.pcapng') ? 'pcapng' : 'pcap';
    it(`reads ${name} as tshark does`, async () => {
      await compareWithTshark(join(DIR, name), format);
    });
  }

  it('reads a crafted two-section pcapng (2^-20 and 10^-9 resolutions, if_tsoffset) as tshark does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-capture-'));
    const path = join(dir, 'two-sections.pcapng');
    writeFileSync(path, twoSections().bytes);
    expect(await compareWithTshark(path, 'pcapng')).toBe(6);
  });
});
