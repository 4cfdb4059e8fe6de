import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/model.js';
import { loadKeys } from '../../src/keys/index.js';
import { analyzeCapture } from '../../src/pipeline.js';
import type { Case, Expectations } from '../../src/suite/model.js';
import { checkCase, type EndpointOutcome } from '../../src/suite/oracle.js';

const CAPTURES = join(import.meta.dirname, '../../captures');
const reports = new Map<string, Report>();

async function analysed(name: string): Promise<Report> {
  const { store } = await loadKeys([join(CAPTURES, `${name}.gateway.log`)]);
  const r = await analyzeCapture(join(CAPTURES, `${name}.pcap`), { keys: store });
  if (!r.ok) throw new Error(r.problem.message);
  return r.report;
}

const caseWith = (expect: Expectations): Case => ({
  id: 'c', title: 'c', profile: 'strongswan', auth: 'eap-mschapv2', credentials: {}, site: 'direct', ipv6: false, steps: [{ kind: 'connect' }], expect, tags: [],
});
const UP: EndpointOutcome = { established: true, virtualIps: ['192.0.2.1'], pings: { sent: 3, received: 3 } };
const DOWN: EndpointOutcome = { established: false, failure: 'NO_PROPOSAL_CHOSEN', virtualIps: [], pings: { sent: 0, received: 0 } };
const verdicts = (checks: ReturnType<typeof checkCase>) => checks.map((c) => [c.name, c.pass]);

beforeAll(async () => {
  for (const n of ['eap-mschapv2-ping', 'child-rekey', 'no-proposal-chosen', 'ikev2-fragments', 'gw-child-rekey-behind-nat', '3des-first']) reports.set(n, await analysed(n));
});

describe('the suite oracle judges a case by its capture', () => {
  it('an established session with pings: each expectation passes, and a wrong one fails', () => {
    const r = reports.get('eap-mschapv2-ping')!;
    const ok = checkCase(caseWith({ established: true, address: 'ipv4', espRoundTrip: true, proposal: { ike: { encr: r.ikeSas[0]!.proposal!.encr! } } }), r, UP);
    expect(verdicts(ok)).toEqual([['establishes', true], [`IKE proposal`, true], ['assigned address: ipv4', true], ['ESP round trip', true]]);
    // The evidence frames of "establishes" are the IKE_SA_INIT and IKE_AUTH frames.
    expect(ok[0]!.frames[0]).toBe(r.ikeSas[0]!.messages[0]!.frames[0]);
    const bad = checkCase(caseWith({ established: false, address: 'ipv6', proposal: { ike: { dh: 'MODP_8192' } }, espRoundTrip: true }), r, { ...UP, pings: { sent: 3, received: 1 } });
    expect(verdicts(bad)).toEqual([['does not establish', false], ['IKE proposal', false], ['assigned address: ipv6', false], ['ESP round trip', false]]);
    expect(bad[1]!.detail).toMatch(/dh \w+ \(wanted MODP_8192\)/);
    expect(bad[3]!.detail).toBe('1/3 echoes answered; ESP decrypted in both directions: yes');
  });

  it('a refusal: the notify and the exchange it came in', () => {
    const r = reports.get('no-proposal-chosen')!;
    const checks = checkCase(caseWith({ established: false, refused: { notify: 'NO_PROPOSAL_CHOSEN', exchange: 'IKE_SA_INIT' } }), r, DOWN);
    expect(verdicts(checks)).toEqual([['does not establish', true], ['refused with NO_PROPOSAL_CHOSEN in IKE_SA_INIT', true]]);
    expect(checks[1]!.frames).toEqual(r.ikeSas[0]!.messages.find((m) => m.response)!.frames);
    expect(checkCase(caseWith({ refused: { notify: 'NO_PROPOSAL_CHOSEN', exchange: 'IKE_AUTH' } }), r, DOWN)[0]!.pass).toBe(false);
    expect(verdicts(checkCase(caseWith({ refused: { notify: 'TS_UNACCEPTABLE' } }), r, DOWN))).toEqual([['refused with TS_UNACCEPTABLE', false]]);
  });

  it('a CHILD_SA rekey with ESP on the new generation', () => {
    const r = reports.get('child-rekey')!;
    const [c] = checkCase(caseWith({ childSurvivesRekey: true }), r, UP);
    expect(c).toMatchObject({ pass: true, detail: '2 of 2 rekeyed CHILD_SA(s) carried ESP afterwards' });
    expect(checkCase(caseWith({ childSurvivesRekey: true }), reports.get('eap-mschapv2-ping')!, UP)[0]).toMatchObject({ pass: false, detail: 'no CHILD_SA was rekeyed' });
  });

  it('IKEv2 fragmentation of IKE_AUTH', () => {
    expect(checkCase(caseWith({ fragmented: true }), reports.get('ikev2-fragments')!, UP)[0]!.pass).toBe(true);
    expect(checkCase(caseWith({ fragmented: true }), reports.get('eap-mschapv2-ping')!, UP)[0]!.pass).toBe(false);
  });

  it('findings present, absent, and a severity ceiling, with rule prefixes', () => {
    const nat = reports.get('gw-child-rekey-behind-nat')!;
    const checks = checkCase(caseWith({ findings: { present: ['windows/child-rekey-behind-nat'], absent: ['windows/rekey-dh-group'] } }), nat, UP);
    expect(verdicts(checks)).toEqual([['finding windows/child-rekey-behind-nat', true], ['no finding windows/rekey-dh-group', true]]);
    expect(checks[0]!.frames.length).toBeGreaterThan(0);
    const weak = reports.get('3des-first')!;
    const w = checkCase(caseWith({ findings: { absent: ['crypto/*'], maxSeverity: 'info' } }), weak, UP);
    expect(verdicts(w)).toEqual([['no finding crypto/*', false], ['no finding above info', false]]);
    expect(w[0]!.detail).toMatch(/crypto\/weak-dh/);
  });

  it('no capture: the case fails and says why', () => {
    const checks = checkCase(caseWith({ established: true }), undefined, DOWN);
    expect(verdicts(checks)).toEqual([['establishes', false], ['capture analysed', false]]);
  });
});
