import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../analysis/model.js';
import { loaded } from '../../test/helpers/tui-report.js';
import { EVENT_MARK, Timeline, timelineLines } from './timeline.js';

let rekey: Report;
let mobike: Report;
beforeAll(async () => {
  rekey = (await loaded('child-rekey')).snapshot.report;
  mobike = (await loaded('mobike-move')).snapshot.report;
});

describe('Timeline', () => {
  it('draws the IKE_SA lane, one bar per CHILD_SA generation in creation order, findings and a time axis', () => {
    const sa = rekey.ikeSas[0]!;
    expect(sa.childSas.length).toBe(3);
    const lines = timelineLines(rekey, sa, 80, 10);
    expect(lines.map((l) => l.label)).toEqual(['ike-1', 'child-1', 'child-2', 'child-3', 'findings', 'time']);
    // Each generation starts where (or after) the one it replaced did; rekeyed ones start with r.
    const starts = lines.slice(1, 4).map((l) => l.cells.search(/\S/));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(lines[2]!.cells[starts[1]!]).toBe('r');
    expect(lines[1]!.cells).toContain('┤');
    // An event mark for every lifecycle event kind on the lane.
    for (const e of sa.events.filter((x) => !x.kind.startsWith('child-'))) expect(lines[0]!.cells).toContain(EVENT_MARK[e.kind]);
    expect(lines.at(-1)!.cells.trim()).toMatch(/^\d+\.\d+s .* \d+\.\d+s$/);
  });

  it('marks an address move (MOBIKE) with M', () => {
    const sa = mobike.ikeSas[0]!;
    expect(sa.events.some((e) => e.kind === 'address-move' || e.kind === 'mobike-update')).toBe(true);
    const lane = timelineLines(mobike, sa, 120, 10)[0]!.cells;
    expect(lane).toMatch(/[MU]/);
  });

  it('sums up CHILD_SAs it has no room for', () => {
    const lines = timelineLines(rekey, rekey.ikeSas[0]!, 80, 5);
    expect(lines.some((l) => /… \d more CHILD_SA/.test(l.cells))).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(5);
  });

  it('renders within the width', () => {
    const f = render(<Timeline report={rekey} sa={rekey.ikeSas[0]!} width={80} height={8} />).lastFrame()!;
    for (const l of f.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    expect(f).toContain('child-3');
  });
});
