import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/model.js';
import { loadKeys } from '../../src/keys/index.js';
import { analyzeCapture } from '../../src/pipeline.js';
import { diffExchanges, exchangesOf } from '../../src/suite/exchanges.js';

const CAPTURES = join(import.meta.dirname, '../../captures');
const cache = new Map<string, Report>();
async function report(name: string): Promise<Report> {
  if (!cache.has(name)) {
    const { store } = await loadKeys([join(CAPTURES, `${name}.gateway.log`)]);
    const r = await analyzeCapture(join(CAPTURES, `${name}.pcap`), { keys: store });
    if (!r.ok) throw new Error(r.problem.message);
    cache.set(name, r.report);
  }
  return cache.get(name)!;
}
const diff = async (a: string, b: string) => diffExchanges(exchangesOf(await report(a)), exchangesOf(await report(b)));
const summary = (d: Awaited<ReturnType<typeof diff>>) => d.map((x) => `${x.verdict}: ${(x.recorded ?? x.replayed)!.requester} ${(x.recorded ?? x.replayed)!.kind}`);

describe('exchanges and their answers, compared run against run', () => {
  it('every lab capture compared with itself is "same" throughout', async () => {
    const names = readdirSync(CAPTURES).filter((f) => f.endsWith('.pcap')).map((f) => f.replace(/\.pcap$/, ''));
    for (const n of names) {
      const d = await diff(n, n);
      expect(d.length, n).toBeGreaterThan(0);
      expect(d.filter((x) => x.verdict !== 'same'), n).toEqual([]);
    }
  });

  it('the session as exchanges: kinds, requesters, answers with their frames', async () => {
    const ex = exchangesOf(await report('child-rekey'));
    expect(ex.map((e) => `${e.requester} ${e.kind}`)).toEqual([
      'initiator IKE_SA_INIT', ...Array(5).fill('initiator IKE_AUTH'),
      'initiator rekey-child', 'initiator delete-child', 'responder rekey-child', 'responder delete-child', 'initiator delete-ike',
    ]);
    const init = ex[0]!;
    expect(init.answer?.proposal).toMatch(/^IKE\/ENCR_/);
    expect(init.answer?.ke).toMatch(/^(MODP|ECP|Curve)/);
    const last = ex.filter((e) => e.kind === 'IKE_AUTH').at(-1)!;
    expect(last.answer).toMatchObject({ auth: expect.any(String), cp: expect.arrayContaining(['INTERNAL_IP4_ADDRESS']), tsi: ['host/32'], error: false });
    expect(last.responseFrames.length).toBeGreaterThan(0);
  });

  it('a gateway that now picks MODP_2048 first for its IKE_SA rekey: that rekey is a new failure', async () => {
    const d = await diff('gw-ike-rekey-current-group', 'gw-ike-rekey-modp2048-first');
    const rekey = d.find((x) => x.recorded?.kind === 'rekey-ike')!;
    expect(rekey.verdict).toBe('new failure');
    expect(rekey.differences.join('; ')).toMatch(/the gateway's request: proposal .*MODP_1024\/MODP_2048 → .*MODP_2048\/MODP_1024/);
    expect(rekey.differences.join('; ')).toMatch(/notifies none → INVALID_KE_PAYLOAD/);
    expect(summary(d).filter((s) => !s.startsWith('same'))).toEqual(['new failure: responder rekey-ike', 'new: responder rekey-ike']);
    // The other way round, the same rekey is fixed.
    expect((await diff('gw-ike-rekey-modp2048-first', 'gw-ike-rekey-current-group')).find((x) => x.recorded?.kind === 'rekey-ike')!.verdict).toBe('fixed');
  });

  it('a gateway that now refuses the proposal: IKE_SA_INIT is a new failure and the rest is missing', async () => {
    const d = await diff('eap-mschapv2-ping', 'no-proposal-chosen');
    expect(d[0]).toMatchObject({ verdict: 'new failure' });
    expect(d[0]!.differences.join('; ')).toMatch(/→ NO_PROPOSAL_CHOSEN/);
    expect(d.slice(1).every((x) => x.verdict === 'missing')).toBe(true);
  });

  it('exchanges only one run has are missing or new', async () => {
    const d = await diff('child-rekey', 'eap-mschapv2-ping');
    expect(summary(d).filter((s) => !s.startsWith('same'))).toEqual([
      'missing: initiator rekey-child', 'missing: initiator delete-child', 'missing: responder rekey-child', 'missing: responder delete-child',
    ]);
    expect(summary(await diff('eap-mschapv2-ping', 'child-rekey')).filter((s) => !s.startsWith('same'))).toEqual([
      'new: initiator rekey-child', 'new: initiator delete-child', 'new: responder rekey-child', 'new: responder delete-child',
    ]);
  });
});
