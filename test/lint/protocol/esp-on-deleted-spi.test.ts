import { describe, expect, it } from 'vitest';
import { espOnDeletedSpi } from '../../../src/lint/rules/protocol/esp-on-deleted-spi.js';
import { findings } from '../../helpers/lint.js';
import { lab, range, spliced } from '../../helpers/lab.js';

describe('protocol/esp-on-deleted-spi', () => {
  it('flags ESP on the first CHILD_SA after its delete was answered (child-rekey, echoes moved after the delete)', async () => {
    // child-rekey re-cut: IKE 1–14, the rekey and the delete of child-1 (19–22 → 15–18), then
    // child-1's echoes (15–18 → 19–22), then the rest.
    const r = await spliced([['child-rekey', [...range(1, 14), ...range(19, 22), ...range(15, 18), ...range(23, 36)]]]);
    const child1 = r.ikeSas[0]!.childSas[0]!;
    expect([child1.id, child1.deletedFrame]).toEqual(['child-1', 17]);
    const f = findings(espOnDeletedSpi, r);
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([
      ['protocol/esp-on-deleted-spi', 'warning', 'ike-1', [17, 18, 22]],
      ['protocol/esp-on-deleted-spi', 'warning', 'ike-1', [17, 18, 21]],
    ]);
    expect(f[0]!.explanation).toMatch(new RegExp(`child-1: ESP SPI 0x${child1.spiI}.*frame 22, after the delete in frame 17 was answered in frame 18`));
  });

  it('does not fire when the old CHILD_SA fell silent before its delete (child-rekey as recorded)', async () => {
    const r = await lab('child-rekey');
    expect(r.ikeSas[0]!.childSas.map((c) => c.deletedFrame)).toEqual([21, 29, null]);
    expect(findings(espOnDeletedSpi, r)).toEqual([]);
  });
});
