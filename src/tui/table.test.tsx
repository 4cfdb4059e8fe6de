import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { layout, Table, windowStart } from './table.js';

const columns = [{ title: 'id', width: 4 }, { title: 'name', width: 6, grow: true }, { title: 'n', width: 3, align: 'right' as const }];
const rows = Array.from({ length: 10 }, (_, i) => [`r${i}`, `name-${i}-long-enough-to-cut`, String(i * 10)]);

describe('Table', () => {
  it('gives the growing column what the fixed ones leave', () => {
    expect(layout(columns, 40)).toEqual([4, 40 - (4 + 3) - 2 - 2, 3]);
    expect(layout(columns, 10)[1]).toBe(6);
  });

  it('marks the selected row, cuts long cells with an ellipsis and right-aligns numbers', () => {
    const { lastFrame } = render(<Table columns={columns} rows={rows.slice(0, 3)} selected={1} height={5} width={30} />);
    const lines = lastFrame()!.split('\n');
    expect(lines[0]).toMatch(/^ {2}id {3}name/);
    expect(lines[2]).toMatch(/^› r1 {3}name-1-long-enough… {2}10/);
    expect(lines[1]).toMatch(/^ {2}r0 /);
    expect(lines[1]!.trimEnd().endsWith(' 0')).toBe(true);
  });

  it('scrolls to keep the selection in view and says which rows show', () => {
    expect(windowStart(0, 10, 4)).toBe(0);
    expect(windowStart(9, 10, 4)).toBe(6);
    const { lastFrame } = render(<Table columns={columns} rows={rows} selected={9} height={4} width={40} />);
    const f = lastFrame()!;
    expect(f).toContain('7-10/10');
    expect(f).toContain('› r9');
    expect(f).not.toContain('r5 ');
  });

  it('says what is missing when there are no rows', () => {
    const { lastFrame } = render(<Table columns={columns} rows={[]} selected={0} height={3} width={30} empty="nothing here" />);
    expect(lastFrame()).toContain('nothing here');
  });
});
