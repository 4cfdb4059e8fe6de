/**
 * The byte spans the hex pane highlights, checked against tshark: in its PDML every IKE payload
 * has a position and size in the frame; relative to the ISAKMP layer's position they must be
 * the spans frameTree gives each outer payload.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labRequired, tsharkAvailable } from '../../test/helpers/tshark.js';
import { loaded } from '../../test/helpers/tui-report.js';
import { defaultExpanded, frameTree, visibleRows } from './frame-tree.js';

/** Per frame: the top-level payloads' [start, end) relative to the IKE header, as tshark places them. */
function tsharkSpans(capture: string): Map<number, Array<[number, number]>> {
  const dir = mkdtempSync(join(tmpdir(), 'ikescope-ws-'));
  writeFileSync(join(dir, 'preferences'), '');
  const pdml = execFileSync('tshark', ['-r', capture, '-T', 'pdml'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, WIRESHARK_CONFIG_DIR: dir }, stdio: ['ignore', 'pipe', 'ignore'] });
  const out = new Map<number, Array<[number, number]>>();
  let frame = 0;
  let base = -1;
  let depth = -1;
  for (const line of pdml.split('\n')) {
    const indent = line.search(/\S/);
    const num = /<field name="frame.number" .*show="(\d+)"/.exec(line);
    if (num) { frame = Number(num[1]); base = -1; continue; }
    const proto = /<proto name="isakmp" .*size="(\d+)" pos="(\d+)"/.exec(line);
    if (proto) { base = Number(proto[2]); depth = indent + 2; out.set(frame, []); continue; }
    if (base < 0) continue;
    if (line.includes('<proto ') && indent <= depth - 2) { base = -1; continue; }
    const p = /<field name="isakmp.typepayload" .*size="(\d+)" pos="(\d+)"/.exec(line);
    if (p && indent === depth) out.get(frame)!.push([Number(p[2]) - base, Number(p[2]) - base + Number(p[1])]);
  }
  return out;
}

const skip = tsharkAvailable();

describe('frameTree', () => {
  it.skipIf(skip && !labRequired())('gives every outer payload the bytes tshark gives it', async () => {
    expect(skip).toBeUndefined();
    for (const name of ['aes-gcm', 'eap-mschapv2-ping', 'nat-t', 'ikev2-fragments']) {
      const { snapshot, details, path } = await loaded(name);
      const want = tsharkSpans(path);
      let checked = 0;
      for (const sa of snapshot.report.ikeSas) {
        for (const m of sa.messages) {
          for (const f of m.frames) {
            const d = details.get(f);
            if (!d || d.frame !== f) continue;
            const spans = frameTree(d).filter((n) => n.id.startsWith('p')).map((n) => [n.span!.start, n.span!.end]);
            expect(spans, `${name} frame ${f}`).toEqual(want.get(f));
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(3);
    }
  });

  it('puts the decrypted payloads under SK with spans in the plaintext that tile it', async () => {
    const { snapshot, details } = await loaded('aes-gcm');
    const m = snapshot.report.ikeSas[0]!.messages.find((x) => x.exchange === 'IKE_AUTH' && !x.response)!;
    const d = details.forMessage(m.frames)!;
    const nodes = frameTree(d);
    const sk = nodes.find((n) => n.label.startsWith('SK'))!;
    const dec = sk.children.find((c) => c.id.endsWith('.dec'))!;
    expect(dec.label).toContain('integrity verified');
    expect(dec.children.map((c) => c.label.split('  ')[0])).toEqual(m.inner);
    const spans = dec.children.map((c) => c.span!);
    expect(spans.every((s) => s.source === 'plaintext')).toBe(true);
    expect(spans[0]!.start).toBe(0);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBe(spans[i - 1]!.end);
    expect(spans.at(-1)!.end).toBe(d.inner!.plaintext!.length);
    // Expanded at first: the inner payloads show without a key press.
    const rows = visibleRows(nodes, defaultExpanded(nodes)).map((r) => r.node.id);
    expect(rows).toContain(dec.children[0]!.id);
  });

  it('says why an SK payload stayed closed', async () => {
    const { snapshot, details } = await loaded('aes-gcm', { keys: false });
    const m = snapshot.report.ikeSas[0]!.messages.find((x) => x.exchange === 'IKE_AUTH')!;
    const sk = frameTree(details.forMessage(m.frames)!).find((n) => n.label.startsWith('SK'))!;
    expect(sk.children.at(-1)!.label).toMatch(/not decrypted: no keys/);
  });
});
