import { render as renderInk } from 'ink-testing-library';
import { useState, type ReactElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../analysis/model.js';
import { KEY, press, waitFor } from '../../test/helpers/ink.js';
import { loaded } from '../../test/helpers/tui-report.js';
import { FindingsView, FINDINGS_START, orderedFindings, type FindingsState } from './findings-view.js';
import { KeyDispatcher } from './keys.js';
import { wrap } from './wrap.js';

const render = (el: ReactElement) => renderInk(<KeyDispatcher>{el}</KeyDispatcher>);

let report: Report;
beforeAll(async () => {
  report = (await loaded('gw-ike-rekey-modp2048-first', { assumeClient: 'windows-10' })).snapshot.report;
});

function View({ log, copied, width = 100, height = 30 }: { log: string[]; copied?: Finding[]; width?: number; height?: number }) {
  const [s, setS] = useState<FindingsState>(FINDINGS_START);
  return (
    <FindingsView report={report} width={width} height={height} active loading={false} state={s} onState={setS}
      onJump={(sa, frame) => log.push(`jump ${sa} ${frame}`)} onCopy={(f) => { copied?.push(f); log.push(`copy ${f.rule}`); }}
      onExport={(sa, f) => log.push(`export ${sa} ${f}`)} onBack={() => log.push('back')} onStatus={(x) => log.push(`status ${x}`)} />
  );
}

describe('FindingsView', () => {
  it('groups findings by severity, errors first, with counts', async () => {
    const ui = render(<View log={[]} />);
    const f = await waitFor(ui, 'ERROR (');
    const bySeverity = (s: string) => report.findings.filter((x) => x.severity === s).length;
    expect(bySeverity('error')).toBeGreaterThan(0);
    expect(f).toContain(`ERROR (${bySeverity('error')})`);
    const heads = f.split('\n').filter((l) => /^(ERROR|WARNING|INFO) \(/.test(l)).map((l) => l.split(' ')[0]);
    expect(heads).toEqual(['ERROR', 'WARNING', 'INFO'].filter((h) => bySeverity(h.toLowerCase()) > 0).slice(0, heads.length));
    expect(f).toContain(`${report.findings.length} finding(s)`);
  });

  it('shows the selected finding\'s explanation, evidence frames and fix', async () => {
    const first = orderedFindings(report)[0]!;
    const ui = render(<View log={[]} />);
    const f = await waitFor(ui, 'fix:');
    expect(f).toContain(`${first.severity} ${first.rule}`);
    expect(f).toContain(`evidence frames: [${first.frames[0]}]`);
    expect(f.replace(/\s+/g, ' ')).toContain(first.explanation.slice(0, 50).replace(/\s+/g, ' '));
    expect(f.replace(/\s+/g, ' ')).toContain(first.fix.slice(0, 40).replace(/\s+/g, ' '));
  });

  it('moves with j/k, chooses an evidence frame with l/h and jumps to it with Enter', async () => {
    const list = orderedFindings(report);
    const i = list.findIndex((x) => x.frames.length > 1);
    expect(i).toBeGreaterThanOrEqual(0);
    const log: string[] = [];
    const ui = render(<View log={log} />);
    await waitFor(ui, 'fix:');
    await press(ui, ...Array(i).fill('j'));
    await waitFor(ui, `— ${list[i]!.title.slice(0, 30)}`);
    await press(ui, 'l');
    await waitFor(ui, `[${list[i]!.frames[1]}]`);
    await press(ui, KEY.enter);
    expect(log).toEqual([`jump ${list[i]!.ikeSa} ${list[i]!.frames[1]}`]);
    await press(ui, 'h', KEY.enter, 'k', KEY.enter);
    expect(log.slice(1)).toEqual([`jump ${list[i]!.ikeSa} ${list[i]!.frames[0]}`, `jump ${list[Math.max(0, i - 1)]!.ikeSa} ${list[Math.max(0, i - 1)]!.frames[0]}`]);
  });

  it('copies with y, exports the finding\'s IKE_SA with e then m/h, goes back with Esc', async () => {
    const first = orderedFindings(report)[0]!;
    const log: string[] = [];
    const ui = render(<View log={log} />);
    await waitFor(ui, 'fix:');
    await press(ui, 'y');
    await press(ui, 'e');
    await waitFor(ui, `export ${first.ikeSa}: m Markdown`);
    await press(ui, 'm', 'e', 'h', KEY.esc);
    expect(log).toEqual([`copy ${first.rule}`, `export ${first.ikeSa} md`, `export ${first.ikeSa} html`, 'back']);
  });

  it('shows the fix first and scrolls a finding longer than an 80×24 screen with Space and b to the end of its explanation; the next one starts at its top', async () => {
    const list = orderedFindings(report);
    // The finding whose explanation and fix take the most lines at 80 columns.
    const size = (x: Finding) => wrap(x.explanation, 80).length + 1 + wrap(`fix: ${x.fix}`, 80).length;
    const i = list.reduce((best, x, k) => (size(x) > size(list[best]!) ? k : best), 0);
    const long = list[i]!;
    const ui = render(<View log={[]} width={80} height={24} />);
    await waitFor(ui, 'evidence frames:');
    await press(ui, ...Array(i).fill('j'));
    let f = await waitFor(ui, `— ${long.title.slice(0, 30)}`);
    // Too long for the screen: it says so; the fix is there, the explanation's last words not yet.
    expect(size(long)).toBeGreaterThan(10);
    expect(f).toMatch(new RegExp(`lines 1–\\d+ of ${size(long)}: Space for more`));
    expect(f).toContain(wrap(`fix: ${long.fix}`, 80)[0]!.slice(5));
    const lastWords = wrap(long.explanation, 80).at(-1)!;
    expect(f).not.toContain(lastWords);
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    const seen = new Set<string>();
    for (let n = 0; n < 20 && !f.includes(lastWords); n++) {
      for (const l of f.split('\n')) seen.add(l.trimEnd());
      await press(ui, ' ');
      f = ui.lastFrame()!;
    }
    for (const l of f.split('\n')) seen.add(l.trimEnd());
    // Every line of the explanation and the fix was on the screen at some point, the last screen included the end.
    expect(f).toContain(lastWords);
    expect(f).toMatch(/, b back/);
    for (const l of [...wrap(long.explanation, 80), ...wrap(`fix: ${long.fix}`, 80)]) if (l.trim()) expect(seen.has(l.trimEnd())).toBe(true);
    await press(ui, 'b');
    expect(ui.lastFrame()).not.toContain(lastWords);
    // Another finding starts at its top again.
    await press(ui, i > 0 ? 'k' : 'j');
    expect(ui.lastFrame()).not.toMatch(/, b back/);
  });
});
