import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { ikev2FragmentationUnsupported } from '../../../src/lint/rules/windows/ikev2-fragmentation-unsupported.js';

describe('windows/ikev2-fragmentation-unsupported', () => {
  it('SKF to a Windows 7 client', async () => {
    const f = findings(ikev2FragmentationUnsupported, await lab('production-windows', 'windows-7'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['error', 'ike-1', [6, 7, 8]]]);
    expect(f[0]!.explanation).toContain('Windows 7');
  });
  it('SKF after both announced IKEV2_FRAGMENTATION_SUPPORTED passes', async () => {
    expect(findings(ikev2FragmentationUnsupported, await lab('production-windows', 'windows-10'))).toEqual([]);
    expect(findings(ikev2FragmentationUnsupported, await lab('ikev2-fragments'))).toEqual([]);
  });
});
