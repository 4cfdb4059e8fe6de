/** Every frame of classic pcap files agrees with the `pcap-parser` npm package. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/capture/index.js';
import { collect, frames, problems } from './helpers/collect.js';
import { manyFrames } from './helpers/samples.js';
import { WIRESHARK_TESTS } from '../helpers/cli.js';

interface ParsedPacket {
  header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
  data: Buffer;
}

const pcapParser = createRequire(import.meta.url)('pcap-parser') as {
  parse(path: string): NodeJS.EventEmitter;
};

function parseWithPcapParser(path: string): Promise<ParsedPacket[]> {
  return new Promise((resolve, reject) => {
    const packets: ParsedPacket[] = [];
    const parser = pcapParser.parse(path);
    parser.on('packet', (p: ParsedPacket) => packets.push(p));
    parser.on('error', reject);
    parser.on('end', () => resolve(packets));
  });
}

async function compare(path: string): Promise<number> {
  const events = await collect(openCapture(path));
  expect(problems(events)).toEqual([]);
  const ours = frames(events).map((f) => ({
    sec: f.sec,
    usec: f.nsec / 1000,
    captured: f.data.length,
    original: f.originalLength,
    data: Buffer.from(f.data).toString('hex'),
  }));
  const theirs = (await parseWithPcapParser(path)).map((p) => ({
    sec: p.header.timestampSeconds,
    usec: p.header.timestampMicroseconds,
    captured: p.header.capturedLength,
    original: p.header.originalLength,
    data: p.data.toString('hex'),
  }));
  expect(theirs.length).toBeGreaterThan(0);
  expect(ours).toEqual(theirs);
  return ours.length;
}

const DIR = WIRESHARK_TESTS;
const shipped = readdirSync(DIR).filter((f) => f.endsWith('.pcap'));

describe('agreement with pcap-parser', () => {
  it('has shipped pcap files to compare', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of shipped) {
    it(`reads ${name} frame for frame as pcap-parser does`, async () => {
      await compare(join(DIR, name));
    });
  }

  it('reads synthesized little- and big-endian files as pcap-parser does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-pcap-parser-'));
    for (const le of [true, false]) {
      const path = join(dir, `${le ? 'le' : 'be'}.pcap`);
      writeFileSync(path, manyFrames(3000, { le }).bytes);
      expect(await compare(path)).toBe(3000);
    }
  });
});
