import { render as renderInk } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { useState } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../analysis/model.js';
import { KEY, press, waitFor } from '../../test/helpers/ink.js';
import { KeyDispatcher } from './keys.js';

const render = (el: ReactElement) => renderInk(<KeyDispatcher>{el}</KeyDispatcher>);
import { loaded } from '../../test/helpers/tui-report.js';
import { SessionsView, SESSIONS_START, visibleSessions, type SessionsState } from './sessions-view.js';

let report: Report;
beforeAll(async () => {
  // Two IKE_SAs (the second made by rekeying the first), and Windows findings.
  report = (await loaded('gw-ike-rekey-modp2048-first', { assumeClient: 'windows-10' })).snapshot.report;
});

function View({ opened, width = 80 }: { opened: string[]; width?: number }) {
  const [s, setS] = useState<SessionsState>(SESSIONS_START);
  return <SessionsView report={report} width={width} height={20} active loading={false} state={s} onState={setS} onOpen={(id) => opened.push(id)} />;
}

const selectedRow = (f: string) => f.split('\n').find((l) => l.startsWith('›')) ?? '';

describe('SessionsView', () => {
  it('lists one row per IKE_SA with peers, client, state, CHILD_SAs, ESP and worst finding', async () => {
    const ui = render(<View opened={[]} />);
    const f = await waitFor(ui, 'ike-2');
    expect(report.ikeSas.map((s) => s.id)).toEqual(['ike-1', 'ike-2']);
    const sa = report.ikeSas[0]!;
    expect(selectedRow(f)).toContain(`› ike-1  ${sa.initiator.ip} → ${sa.responder.ip}`);
    expect(selectedRow(f)).toContain(sa.state);
    // The selected SA's proposal and state reason under the table.
    expect(f).toContain(`proposal: ${sa.proposal!.encr}`);
    expect(f).toContain(sa.stateReason.slice(0, 40));
  });

  it('shows the proposal and full peers as columns on a wide screen', async () => {
    const ui = render(<View opened={[]} width={200} />);
    const f = await waitFor(ui, 'proposal');
    const sa = report.ikeSas[0]!;
    expect(f).toContain(`${sa.initiator.ip}:${sa.initiator.port} → ${sa.responder.ip}:${sa.responder.port}`);
    expect(f.split('\n')[1]).toContain('proposal');
  });

  it('moves with j/k and arrows and opens with Enter', async () => {
    const opened: string[] = [];
    const ui = render(<View opened={opened} />);
    await waitFor(ui, 'ike-2');
    await press(ui, 'j');
    await waitFor(ui, (f) => selectedRow(f).includes('ike-2'));
    await press(ui, 'k', KEY.down, KEY.up, KEY.down, KEY.enter);
    expect(opened).toEqual(['ike-2']);
    await press(ui, KEY.up, 'l');
    expect(opened).toEqual(['ike-2', 'ike-1']);
  });

  it('jumps to the last and first rows with G and g, pages with PgDn and PgUp', async () => {
    const ui = render(<View opened={[]} />);
    await waitFor(ui, 'ike-2');
    await press(ui, 'G');
    await waitFor(ui, (f) => selectedRow(f).includes('ike-2'));
    await press(ui, 'g');
    await waitFor(ui, (f) => selectedRow(f).includes('ike-1'));
    await press(ui, KEY.pageDown);
    await waitFor(ui, (f) => selectedRow(f).includes('ike-2'));
    await press(ui, KEY.pageUp);
    await waitFor(ui, (f) => selectedRow(f).includes('ike-1'));
  });

  it('sorts with s (the next key) and reverses with S', async () => {
    const ui = render(<View opened={[]} />);
    await waitFor(ui, 'sort: capture order');
    await press(ui, 's');
    await waitFor(ui, 'sort: state');
    await press(ui, 'S');
    const f = await waitFor(ui, 'sort: state (reversed)');
    const order = visibleSessions(report, { ...SESSIONS_START, sort: 1, reverse: true }).map((r) => r.sa.id);
    const shown = f.split('\n').filter((l) => /^[› ] ike-\d/.test(l)).map((l) => l.slice(2, 7));
    expect(shown).toEqual(order);
    // Reversed by state: the states read from the model descend.
    const states = order.map((id) => report.ikeSas.find((s) => s.id === id)!.state);
    expect(states).toEqual([...states].sort().reverse());
  });

  it('filters with / by SPI, address, rule id and state; Esc clears the filter', async () => {
    const [a, b] = report.ikeSas;
    const ui = render(<View opened={[]} />);
    await waitFor(ui, 'ike-2');
    await press(ui, '/', b!.ispi.slice(0, 8));
    let f = await waitFor(ui, `filter: ${b!.ispi.slice(0, 8)}`);
    expect(f).toContain('ike-2');
    expect(f).not.toMatch(/^[› ] ike-1/m);
    await press(ui, KEY.enter);
    await waitFor(ui, '1/2 shown');
    await press(ui, KEY.esc);
    f = await waitFor(ui, (x) => /^[› ] ike-1/m.test(x) && /^[› ] ike-2/m.test(x));
    // A rule id that only one of them has.
    const rulesOf = (id: string) => new Set(report.findings.filter((x) => x.ikeSa === id).map((x) => x.rule));
    const only = [...rulesOf(a!.id)].find((r) => !rulesOf(b!.id).has(r));
    expect(only).toBeDefined();
    await press(ui, '/', only!, KEY.enter);
    f = await waitFor(ui, '1/2 shown');
    expect(f).toMatch(/^› ike-1/m);
    await press(ui, KEY.esc, '/', a!.state, KEY.enter);
    f = await waitFor(ui, `filter: ${a!.state}`);
    expect(f).toMatch(/^› ike-1/m);
    await press(ui, KEY.esc, '/', a!.initiator.ip, KEY.enter);
    await waitFor(ui, '2/2 shown');
    await press(ui, KEY.esc, '/', 'no-such-thing', KEY.enter);
    await waitFor(ui, "no IKE_SA matches 'no-such-thing'");
  });
});
