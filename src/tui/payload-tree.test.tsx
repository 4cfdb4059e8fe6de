import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { TreeNode } from './frame-tree.js';
import { visibleRows } from './frame-tree.js';
import { PayloadTree } from './payload-tree.js';

const leaf = (id: string, label: string): TreeNode => ({ id, label, children: [] });
const nodes: TreeNode[] = [
  leaf('hdr', 'IKEv2.0 IKE_AUTH (35) MID 1'),
  { id: 'p0', label: 'SK  SK', children: [leaf('p0.0', 'first inner payload: IDi'), { id: 'p0.dec', label: 'decrypted', children: [leaf('p0.in0', 'IDi  IDi')] }] },
];

describe('PayloadTree', () => {
  it('shows ▸ for a collapsed node and ▾ with its children indented when expanded', () => {
    let f = render(<PayloadTree rows={visibleRows(nodes, new Set())} selected={1} width={50} height={6} focused />).lastFrame()!;
    expect(f).toMatch(/^› ▸ SK {2}SK/m);
    expect(f).not.toContain('first inner payload');
    f = render(<PayloadTree rows={visibleRows(nodes, new Set(['p0', 'p0.dec']))} selected={4} width={50} height={8} focused />).lastFrame()!;
    expect(f).toMatch(/^ {2}▾ SK {2}SK/m);
    expect(f).toMatch(/^ {6}first inner payload: IDi/m);
    expect(f).toMatch(/^ {4}▾ decrypted/m);
    expect(f).toMatch(/^› {7}IDi {2}IDi/m);
  });

  it('marks the pane that has the focus and scrolls long trees', () => {
    const many: TreeNode[] = Array.from({ length: 20 }, (_, i) => leaf(`n${i}`, `node ${i}`));
    const f = render(<PayloadTree rows={visibleRows(many, new Set())} selected={15} width={40} height={6} focused title="payloads" />).lastFrame()!;
    expect(f.split('\n')[0]).toMatch(/^▶ payloads \d+-\d+\/20/);
    expect(f).toContain('› ');
    expect(f).toContain('node 15');
    expect(f).not.toContain('node 0\n');
  });
});
