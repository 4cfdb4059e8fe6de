import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { noCommonProposal } from '../../../src/lint/rules/windows/no-common-proposal.js';

describe('windows/no-common-proposal', () => {
  it("Windows 10's six proposals refused by a Suite-B gateway in IKE_SA_INIT: the suites are listed", async () => {
    const f = findings(noCommonProposal, await lab('no-proposal-chosen', 'windows-10'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['error', 'ike-1', [3, 4]]]);
    expect(f[0]!.explanation).toContain('#1 ENCR_3DES + AUTH_HMAC_SHA1_96 + PRF_HMAC_SHA1 + MODP_1024');
    expect(f[0]!.explanation).toContain('6 IKE proposals');
  });
  it('the CHILD_SA refused in the last IKE_AUTH response', async () => {
    const f = findings(noCommonProposal, await lab('no-proposal-chosen-child', 'windows-10'));
    expect(f.map((x) => [x.severity, x.frames])).toEqual([['error', [5, 14]]]);
    expect(f[0]!.explanation).toContain('ESP proposal');
  });
  it('on a non-Windows client it is info; an accepted offer says nothing', async () => {
    expect(findings(noCommonProposal, await lab('no-proposal-chosen')).map((x) => x.severity)).toEqual(['info']);
    expect(findings(noCommonProposal, await lab('production-windows', 'windows-10'))).toEqual([]);
  });
});
