import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { auth, espSa, sessionReport, type Step, IDi, IDr, authStart } from '../../helpers/windows-session.js';
const { INFORMATIONAL } = ExchangeType;
import { deleteIke as makeDelete } from '../../helpers/windows-session.js';
import { dpdVsMobike } from '../../../src/lint/rules/windows/dpd-vs-mobike.js';

const established = authStart([IDi(), auth(2)], [IDr(), auth(2), espSa([[12, 256, 2]])]);
const check = (mid: number): Step => ({ from: 'gateway', exchange: INFORMATIONAL, mid, payloads: [] });

describe('windows/dpd-vs-mobike', () => {
  it('three unanswered liveness checks and a delete within seconds', async () => {
    const r = await sessionReport({ steps: [...established, check(0), check(1), check(2), { from: 'gateway', exchange: INFORMATIONAL, mid: 3, payloads: [makeDelete()] }] });
    const f = findings(dpdVsMobike, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [5, 6, 7, 8]]]);
    expect(f[0]!.explanation).toContain('30-minute');
    expect(f[0]!.fix).toContain('dpd_delay = 2400s');
  });
  it('answered liveness checks (lab dpd capture) pass', async () => {
    expect(findings(dpdVsMobike, await lab('dpd', 'windows-10'))).toEqual([]);
    expect(findings(dpdVsMobike, await lab('mobike-move', 'windows-10'))).toEqual([]);
  });
});
