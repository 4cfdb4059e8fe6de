/**
 * The loader runs the analyze pipeline: its final model is `ikescope analyze --format json`'s,
 * and while it runs it hands out snapshots with the IKE_SAs known so far.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeys } from '../keys/index.js';
import { CAPTURES, ikescope } from '../../test/helpers/cli.js';
import { loadCapture, type Snapshot } from './loader.js';

describe('loadCapture', () => {
  it('ends with the model analyze reports (same IKE_SAs, messages, CHILD_SAs, ESP, findings)', async () => {
    for (const name of ['ike-rekey', 'mobike-move', 'gw-ike-rekey-modp2048-first']) {
      const path = join(CAPTURES, `${name}.pcap`);
      const keyFile = join(CAPTURES, `${name}.gateway.log`);
      const { store, problems } = await loadKeys([keyFile]);
      const l = loadCapture({ path, keys: store, keyProblems: problems, assumeClient: 'windows-10', onSnapshot: () => undefined });
      const s = await l.finished;
      expect(s.done).toBe(true);
      const cli = ikescope(['analyze', path, '--keys', keyFile, '--assume-client', 'windows-10', '--format', 'json']);
      expect(cli.stderr).toBe('');
      expect(JSON.parse(JSON.stringify(s.report))).toEqual(JSON.parse(cli.stdout));
    }
  });

  it('hands out snapshots while it reads, the first as soon as an IKE_SA is known, in small slices', async () => {
    const seen: Snapshot[] = [];
    const l = loadCapture({ path: join(CAPTURES, 'child-rekey.pcap'), sliceMs: 0, snapshotMs: 0, onSnapshot: (s) => seen.push(s) });
    const last = await l.finished;
    expect(seen.at(-1)).toBe(last);
    const first = seen[0]!;
    expect(first.done).toBe(false);
    expect(first.report.ikeSas.length).toBe(1);
    expect(first.progress.frames).toBeLessThan(last.progress.frames);
    expect(first.report.findings).toEqual([]);
    expect(last.progress.bytes).toBe(last.progress.total);
  });

  it('keeps every IKE message the pipeline decoded, by each of its frames', async () => {
    const path = join(CAPTURES, 'ip-fragmented-auth.pcap');
    const l = loadCapture({ path, onSnapshot: () => undefined });
    const { report } = await l.finished;
    const frag = report.ikeSas.flatMap((s) => s.messages).find((m) => m.frames.length > 1)!;
    expect(frag).toBeDefined();
    const d = l.details.forMessage(frag.frames)!;
    expect(d.message.header.messageId).toBe(frag.mid);
    for (const f of frag.frames) expect(l.details.get(f)).toBe(d);
  });

  it('stops with the reader\'s reason on a file that is no capture', async () => {
    const l = loadCapture({ path: join(CAPTURES, 'README.md'), onSnapshot: () => undefined });
    const s = await l.finished;
    expect(s.done).toBe(true);
    expect(s.error).toMatch(/pcap|capture|magic/i);
  });
});
