/**
 * Lab captures for rule tests: a capture's report decrypted with its gateway log, and captures
 * re-cut from real frames (reordered, repeated, dropped, or two sessions spliced together) so
 * a rule meets a case the lab did not record, with real keys that still open every frame.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/analysis/model.js';
import { CAPTURES } from './cli.js';
import { reportOf } from './lint.js';
import { writePcap } from './pcap-file.js';

export const capturePath = (name: string): string => join(CAPTURES, `${name}.pcap`);
export const keysOf = (name: string): string => join(CAPTURES, `${name}.gateway.log`);
/** The capture and its keys are there (new recordings may not be yet). */
export const hasCapture = (name: string): boolean => existsSync(capturePath(name)) && existsSync(keysOf(name));

/** A lab capture's report, decrypted with the gateway's log. */
export const lab = (name: string, assumeClient?: string): Promise<Report> => reportOf(capturePath(name), [keysOf(name)], assumeClient);

/** The link-layer frames of a classic pcap (either byte order), in order; frames[0] is frame 1. */
export function framesOf(name: string): Uint8Array[] {
  const b = readFileSync(capturePath(name));
  const magic = b.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const out: Uint8Array[] = [];
  for (let o = 24; o + 16 <= b.length;) {
    const len = u32(o + 8);
    out.push(Uint8Array.from(b.subarray(o + 16, o + 16 + len)));
    o += 16 + len;
  }
  return out;
}

/**
 * A capture cut from lab frames: `parts` are [capture name, frame numbers (1-based)] in the
 * order wanted; the result is decrypted with the gateway logs of every capture used.
 */
export async function spliced(parts: Array<[string, number[]]>, assumeClient?: string): Promise<Report> {
  const frames = parts.flatMap(([name, numbers]) => { const all = framesOf(name); return numbers.map((n) => all[n - 1]!); });
  const keys = [...new Set(parts.map(([name]) => keysOf(name)))];
  return reportOf(writePcap('spliced.pcap', frames), keys, assumeClient);
}

/** 1..n */
export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
