import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { auth, cert, certreq, sessionReport, IDi, IDr, authStart } from '../../helpers/windows-session.js';
import { certUnrequested } from '../../../src/lint/rules/windows/cert-unrequested.js';

describe('windows/cert-unrequested', () => {
  it('a chain sent without any CERTREQ: info; IP-fragmented because of it: warning', async () => {
    const small = findings(certUnrequested, await sessionReport({ steps: authStart([IDi()], [IDr(), cert(900), auth(1)]) }));
    expect(small.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['info', 'ike-1', [4]]]);
    const steps = authStart([IDi()], [IDr(), cert(1400), cert(1400), cert(1200), auth(1)]);
    steps[1]!.ipFragmentSize = 1480;
    const big = findings(certUnrequested, await sessionReport({ steps }));
    expect(big.map((x) => [x.severity, x.frames])).toEqual([['warning', [4, 5, 6]]]);
    expect(big[0]!.explanation).toContain('3 certificates');
  });
  it('certificates the client asked for pass', async () => {
    expect(findings(certUnrequested, await lab('ip-fragmented-auth'))).toEqual([]);
    expect(findings(certUnrequested, await sessionReport({ steps: authStart([IDi(), certreq(1)], [IDr(), cert(), auth(1)]) }))).toEqual([]);
  });
});
