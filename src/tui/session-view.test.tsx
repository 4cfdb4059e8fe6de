import { render as renderInk } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../analysis/model.js';
import { KEY, press, waitFor } from '../../test/helpers/ink.js';
import { KeyDispatcher } from './keys.js';

const render = (el: ReactElement) => renderInk(<KeyDispatcher>{el}</KeyDispatcher>);
import { loaded } from '../../test/helpers/tui-report.js';
import type { DetailStore } from './loader.js';
import { messageIndexFor, SessionView } from './session-view.js';

let report: Report;
let details: DetailStore;
beforeAll(async () => {
  ({ snapshot: { report }, details } = await loaded('aes-gcm'));
});

function view(log: string[], o: { frame?: number; redact?: boolean; width?: number; height?: number } = {}) {
  const sa = report.ikeSas[0]!;
  return render(
    <SessionView report={report} sa={sa} details={details} width={o.width ?? 80} height={o.height ?? 21} active frame={o.frame} redact={o.redact}
      onBack={() => log.push('back')} onExport={(id, f) => log.push(`export ${id} ${f}`)} />,
  );
}

/** The last line matching: the tree's selected row comes after the message list's. */
const line = (f: string, re: RegExp) => f.split('\n').filter((l) => re.test(l)).at(-1) ?? '';

describe('SessionView', () => {
  it('shows the header, timeline, message list and the first message\'s payload tree and bytes', async () => {
    const sa = report.ikeSas[0]!;
    const ui = view([]);
    const f = await waitFor(ui, `payloads of frame ${sa.messages[0]!.frames[0]}`);
    expect(f).toContain(`${sa.id}  ${sa.initiator.ip}:${sa.initiator.port} → ${sa.responder.ip}:${sa.responder.port}`);
    expect(f).toMatch(/^ike-1 +.*┿/m);
    expect(f).toMatch(/^time +\d/m);
    expect(f).toMatch(/^› +\d+ +0\.000 I→R +IKE_SA_INIT/m);
    expect(f).toContain('IKEv2.0 IKE_SA_INIT (34) MID 0');
    expect(f).toContain('message bytes 0-27 (28)');
  });

  it('moves through messages with j/k, goes to the tree with Enter, expands and collapses with Enter/l and h', async () => {
    const sa = report.ikeSas[0]!;
    const ui = view([]);
    await waitFor(ui, 'pane: messages');
    await press(ui, 'j');
    await waitFor(ui, `payloads of frame ${sa.messages[1]!.frames[0]}`);
    await press(ui, 'k', KEY.enter);
    await waitFor(ui, 'pane: tree');
    await press(ui, 'j');
    let f = await waitFor(ui, /^› ▸ SA {2}SA/m);
    const bytes = /message bytes (\d+)-(\d+)/.exec(f)!;
    expect(Number(bytes[1])).toBe(28);
    await press(ui, KEY.enter);
    f = await waitFor(ui, /proposal 1: IKE/);
    expect(f).toMatch(/^› ▾ SA/m);
    await press(ui, 'h');
    f = await waitFor(ui, /^› ▸ SA/m);
    expect(f).not.toContain('proposal 1:');
    await press(ui, 'l', 'l');
    await waitFor(ui, /^›\s+proposal 1: IKE/m);
    await press(ui, 'h');
    await waitFor(ui, /^› ▾ SA/m);
  });

  it('shows an encrypted message\'s decrypted payloads and highlights their bytes in the plaintext', async () => {
    const sa = report.ikeSas[0]!;
    const auth = sa.messages.findIndex((m) => m.exchange === 'IKE_AUTH' && !m.response);
    const ui = view([], { frame: sa.messages[auth]!.frames[0] });
    let f = await waitFor(ui, 'decrypted (integrity verified)');
    expect(line(f, /^›/)).toContain('IKE_AUTH');
    await press(ui, KEY.tab);
    await waitFor(ui, 'pane: tree');
    // Header, SK, its field, "decrypted", then the first inner payload.
    await press(ui, 'j', 'j', 'j', 'j');
    f = await waitFor(ui, /decrypted bytes 0-\d+/);
    expect(line(f, /^›/)).toContain(sa.messages[auth]!.inner![0]!);
    await press(ui, '-');
    f = await waitFor(ui, (x) => !x.includes('decrypted (integrity'));
    await press(ui, '+');
    await waitFor(ui, 'decrypted (integrity verified)');
  });

  it('cycles panes with Tab and Shift-Tab, scrolls the hex pane, and goes back with Esc', async () => {
    const log: string[] = [];
    const ui = view(log);
    await waitFor(ui, 'pane: messages');
    await press(ui, KEY.tab, KEY.tab);
    await waitFor(ui, 'pane: hex');
    const before = await waitFor(ui, /\s0000 [ [][0-9a-f]{2}/);
    await press(ui, 'j');
    const after = await waitFor(ui, (f) => !/\s0000 [ [][0-9a-f]{2}/.test(f));
    expect(after).toMatch(/\s0008 [ [][0-9a-f]{2}/);
    expect(before).not.toEqual(after);
    await press(ui, KEY.shiftTab);
    await waitFor(ui, 'pane: tree');
    await press(ui, KEY.esc);
    await waitFor(ui, 'pane: messages');
    expect(log).toEqual([]);
    await press(ui, KEY.backspace);
    expect(log).toEqual(['back']);
    await press(ui, 'h', KEY.left);
    expect(log).toEqual(['back', 'back', 'back']);
  });

  it('selects the message of a given frame, or the last one before it', () => {
    const sa = report.ikeSas[0]!;
    expect(messageIndexFor(sa, sa.messages[2]!.frames[0])).toBe(2);
    expect(messageIndexFor(sa, sa.messages[2]!.frames[0]! + 0.5)).toBe(2);
    expect(messageIndexFor(sa, undefined)).toBe(0);
  });

  it('exports with e then m or h', async () => {
    const log: string[] = [];
    const ui = view(log);
    await waitFor(ui, 'pane: messages');
    await press(ui, 'e');
    await waitFor(ui, 'export ike-1: m Markdown  h HTML');
    await press(ui, 'h');
    await waitFor(ui, 'pane: messages');
    await press(ui, 'e', 'm');
    expect(log).toEqual(['export ike-1 html', 'export ike-1 md']);
  });

  it('masks identity bytes in the hex pane under --redact', async () => {
    const sa = report.ikeSas[0]!;
    const auth = sa.messages.find((m) => m.exchange === 'IKE_AUTH' && !m.response)!;
    const ui = view([], { frame: auth.frames[0], redact: true, width: 200, height: 40 });
    const f = await waitFor(ui, 'decrypted (integrity verified)');
    await press(ui, KEY.tab, 'j', 'j', 'j', 'j');
    const g = await waitFor(ui, /decrypted bytes 0-/);
    expect(line(g, /^›/)).toMatch(/IDi/);
    expect(g).toContain('··');
    expect(f).toBeTruthy();
  });
});
