import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/analysis/model.js';
import { readSelector, within } from '../../../src/ikev2/selector-text.js';
import { tsWidened } from '../../../src/lint/rules/protocol/ts-widened.js';
import { findings } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

/**
 * The lab's gateways narrow correctly, so the widening case is the eap-mschapv2-ping report with
 * the facts the analysis would record had the client asked for less: its IKE_AUTH request
 * (frame 5) proposes TSr 192.0.2.0/24 and TSi 192.0.2.1/32, the gateway's last IKE_AUTH
 * response (frame 14) keeps TSr 0.0.0.0/0 and TSi 192.0.2.1/32.
 */
function narrowedRequest(r: Report): Report {
  const copy = structuredClone(r);
  const req = copy.ikeSas[0]!.messages.find((m) => m.frames[0] === 5)!;
  req.facts = { ...req.facts, tsi: ['192.0.2.1/32'], tsr: ['192.0.2.0/24'] };
  return copy;
}

describe('protocol/ts-widened', () => {
  it('reads back the selectors the model writes and compares them', () => {
    const s = (t: string) => { const r = readSelector(t); if (!r.ok) throw new Error(r.reason); return r.value; };
    expect(within(s('192.0.2.1/32'), s('0.0.0.0/0'))).toBe(true);
    expect(within(s('0.0.0.0/0'), s('192.0.2.0/24'))).toBe(false);
    expect(within(s('10.0.0.2-10.0.0.9'), s('10.0.0.0/28'))).toBe(true);
    expect(within(s('10.0.0.0/24[udp/53]'), s('10.0.0.0/16[udp]'))).toBe(true);
    expect(within(s('10.0.0.0/24[tcp]'), s('10.0.0.0/16[udp]'))).toBe(false);
    expect(within(s('10.0.0.0/24[17/500-501]'), s('10.0.0.0/24[udp/500]'))).toBe(false);
    expect(within(s('2001:db8::1/128'), s('2001:db8::/32'))).toBe(true);
    expect(within(s('2001:db8::1/128'), s('0.0.0.0/0'))).toBe(false);
  });

  it('flags a response wider than the request: error citing request and response frames', async () => {
    const f = findings(tsWidened, narrowedRequest(await lab('eap-mschapv2-ping')));
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['protocol/ts-widened', 'error', 'ike-1', [5, 14]]]);
    expect(f[0]!.explanation).toMatch(/TSr 0\.0\.0\.0\/0 \(asked: 192\.0\.2\.0\/24\)/);
  });

  it('does not fire when the responder narrows (0.0.0.0/0 asked, 192.0.2.1/32 given)', async () => {
    const r = await lab('eap-mschapv2-ping');
    expect(r.ikeSas[0]!.messages.find((m) => m.frames[0] === 14)!.facts.tsi).toEqual(['192.0.2.1/32']);
    expect(findings(tsWidened, r)).toEqual([]);
  });

  it.runIf(hasCapture('child-rekey'))('does not fire on CREATE_CHILD_SA rekeys from either side (child-rekey)', async () => {
    expect(findings(tsWidened, await lab('child-rekey'))).toEqual([]);
  });
});
