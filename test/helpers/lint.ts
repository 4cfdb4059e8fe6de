/**
 * Rule tests: run one rule over a report made from a capture — a lab capture with its keys, or
 * one crafted with the project's own codec (test/helpers/ike.ts) — and look at its findings.
 */
import { decodeFrames } from '../../src/analysis/packets.js';
import { SessionBuilder, type SessionOptions } from '../../src/analysis/sessions.js';
import type { Finding, Report } from '../../src/analysis/model.js';
import { openCapture, readCapture } from '../../src/capture/index.js';
import { loadKeys } from '../../src/keys/index.js';
import { lint } from '../../src/lint/run.js';
import type { Rule } from '../../src/lint/rule.js';
import { pcapBytes } from './pcap-file.js';

async function report(events: ReturnType<typeof openCapture>, opts: SessionOptions): Promise<Report> {
  const b = new SessionBuilder(opts);
  for await (const ev of decodeFrames(events)) if (ev.kind === 'record') b.add(ev.record);
  return b.finish({ path: 'test', format: 'pcap', compressed: false, bytes: 0 });
}

/** A report of a capture file, decrypted with `keys` (paths) when given. */
export async function reportOf(capture: string, keys: string[] = [], assumeClient?: string): Promise<Report> {
  const store = keys.length ? (await loadKeys(keys)).store : undefined;
  return report(openCapture(capture), { keys: store, assumeClient });
}

/** A report of frames built in the test (Ethernet frames, as test/helpers/ike.ts makes them). */
export async function reportOfFrames(frames: Uint8Array[], assumeClient?: string): Promise<Report> {
  async function* one() { yield pcapBytes(frames); }
  return report(readCapture(one()), { assumeClient });
}

/** The findings one rule makes on a report (the report's own decode findings left out). */
export function findings(rule: Rule, r: Report): Finding[] {
  return lint({ ...r, findings: [] }, [rule]).findings;
}
