import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { tripleDesPreferred } from '../../../src/lint/rules/windows/3des-preferred.js';

describe('windows/3des-preferred', () => {
  it("Windows 10's six proposals, 3DES first, taken by a gateway that allows 3DES", async () => {
    const f = findings(tripleDesPreferred, await lab('3des-first'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [3, 4]]]);
    expect(f[0]!.explanation).toContain('also offered AES');
    expect(f[0]!.fix).toContain('remove 3des');
  });
  it('the same offer answered with AES-256 (seed 002 gateway) passes', async () => {
    expect(findings(tripleDesPreferred, await lab('production-windows'))).toEqual([]);
    expect(findings(tripleDesPreferred, await lab('eap-mschapv2-ping'))).toEqual([]);
  });
});
