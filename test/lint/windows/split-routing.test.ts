import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { PayloadType } from '../../../src/ikev2/registry/payload-types.js';
import { ALL4, auth, cert, cp, espSa, sessionReport, tsOf, IDi, IDr, authStart } from '../../helpers/windows-session.js';
import { splitRouting } from '../../../src/lint/rules/windows/split-routing.js';

const session = (tsr: Array<[string, string]>) => sessionReport({ steps: authStart(
  [IDi(), auth(1), cp(1, [[1, 0]]), espSa([[12, 256, 2]]), tsOf(PayloadType.TSi, ALL4), tsOf(PayloadType.TSr, ALL4)],
  [IDr(), cert(), auth(1), cp(2, [[1, 4]]), espSa([[12, 256, 2]]), tsOf(PayloadType.TSi, ['192.0.2.1', '192.0.2.1']), tsOf(PayloadType.TSr, ...tsr)],
) });

describe('windows/split-routing', () => {
  it('TSr 10.0.0.0/8 offered to a Windows 10 client', async () => {
    const f = findings(splitRouting, await session([['10.0.0.0', '10.255.255.255']]));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [4]]]);
    expect(f[0]!.explanation).toContain('10.0.0.0/8');
    expect(f[0]!.fix).toContain('249');
  });
  it('0.0.0.0/0 passes', async () => {
    expect(findings(splitRouting, await session([ALL4]))).toEqual([]);
    expect(findings(splitRouting, await lab('production-windows', 'windows-10'))).toEqual([]);
  });
});
