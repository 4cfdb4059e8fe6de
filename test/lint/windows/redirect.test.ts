import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { redirect } from '../../../src/lint/rules/windows/redirect.js';

describe('windows/redirect', () => {
  it('the gateway redirects an established client (INFORMATIONAL with N(REDIRECT))', async () => {
    const f = findings(redirect, await lab('redirect', 'windows-10'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['error', 'ike-1', [19]]]);
    expect(f[0]!.explanation).toContain('RFC 5685');
  });
  it('the client announcing REDIRECT_SUPPORTED is not the gateway redirecting', async () => {
    expect(findings(redirect, await lab('eap-mschapv2-ping', 'windows-10'))).toEqual([]);
  });
});
