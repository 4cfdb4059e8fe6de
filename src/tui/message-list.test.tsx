import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../analysis/model.js';
import { loaded } from '../../test/helpers/tui-report.js';
import { MessageList, messageCells } from './message-list.js';

let retrans: Report;
let gcm: Report;
beforeAll(async () => {
  retrans = (await loaded('retransmission')).snapshot.report;
  gcm = (await loaded('aes-gcm')).snapshot.report;
});

describe('MessageList', () => {
  it('shows frame, time, direction, exchange, MID, request/response and payloads, decrypted ones in braces', () => {
    const sa = gcm.ikeSas[0]!;
    const auth = sa.messages.find((m) => m.exchange === 'IKE_AUTH' && !m.response)!;
    const cells = messageCells(auth);
    expect(cells[0]).toBe(String(auth.frames[0]));
    expect(cells[2]).toMatch(/^I→R/);
    expect(cells[3]).toBe('IKE_AUTH');
    expect(cells[6]).toBe(`SK{${auth.inner!.join(' ')}}`);
    const f = render(<MessageList sa={sa} selected={1} width={100} height={10} focused />).lastFrame()!;
    expect(f).toMatch(/^› +\d+ +[\d.]+ I←R +IKE_SA_INIT +0 resp/m);
  });

  it('marks retransmissions with ↺', () => {
    const sa = retrans.ikeSas[0]!;
    const again = sa.messages.filter((m) => m.retransmission);
    expect(again.length).toBeGreaterThan(0);
    const f = render(<MessageList sa={sa} selected={0} width={100} height={20} focused />).lastFrame()!;
    for (const m of again) expect(f).toMatch(new RegExp(`^ +${m.frames[0]} .*↺`, 'm'));
    expect(f.match(/↺/g)!.length).toBe(again.length);
  });
});
