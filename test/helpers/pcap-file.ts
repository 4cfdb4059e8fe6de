/** Writes small test captures synchronously (classic pcap, Ethernet unless told). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pcapFileHeader, pcapRecordHeader } from '../../src/capture/pcap-writer.js';
import { concat } from './packets.js';

export function pcapBytes(frames: Uint8Array[], linkType = 1, startSec = 1_700_000_000): Uint8Array {
  const parts = [pcapFileHeader({ linkType })];
  frames.forEach((f, i) => parts.push(pcapRecordHeader(startSec + i, 0, f.length, f.length, false), f));
  return concat(...parts);
}

export function writePcap(name: string, frames: Uint8Array[], linkType = 1): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ikescope-test-')), name);
  writeFileSync(path, pcapBytes(frames, linkType));
  return path;
}
