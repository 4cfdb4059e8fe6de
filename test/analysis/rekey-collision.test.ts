/**
 * A CHILD_SA rekey collision (RFC 7296 §2.8.1), built with the project's codec and sealed in SK
 * as strongSwan or Windows would send it: both peers rekey the same CHILD_SA at once; the new SA
 * made with the lowest of the four nonces loses, and the old SA's successor is the other one.
 */
import { describe, expect, it } from 'vitest';
import { ExchangeType } from '../../src/ikev2/registry/exchange-types.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import type { Payload } from '../../src/ikev2/payload.js';
import { hex } from '../helpers/packets.js';
import { ALL4, auth, espSa, idOf, rekeySa, sessionReport, tsOf } from '../helpers/windows-session.js';

const AES_CBC = 12;
const SHA256 = 12;
const nonce = (fill: number): Payload => ({ type: PayloadType.NONCE, data: new Uint8Array(32).fill(fill) });
const ts = () => [tsOf(PayloadType.TSi, ['192.0.2.1', '192.0.2.1']), tsOf(PayloadType.TSr, ALL4)];

/** IKE_AUTH making CHILD_SA aaaa0001/bbbb0001, then both sides rekeying it with the given nonces. */
async function collision(clientNonces: [number, number], gatewayNonces: [number, number]) {
  const esp = (spi: string) => espSa([[AES_CBC, 128, SHA256]], hex(spi));
  return sessionReport({
    steps: [
      { from: 'client', exchange: ExchangeType.IKE_AUTH, mid: 1, payloads: [idOf(PayloadType.IDi, 1, '198.51.100.2'), auth(2), esp('aaaa0001'), ...ts()] },
      { from: 'gateway', exchange: ExchangeType.IKE_AUTH, mid: 1, response: true, payloads: [idOf(PayloadType.IDr, 2, 'vpn.example.net'), auth(2), esp('bbbb0001'), ...ts()] },
      // Both requests cross on the wire; each side answers the other's.
      { from: 'client', exchange: ExchangeType.CREATE_CHILD_SA, mid: 2, payloads: [rekeySa('aaaa0001'), esp('aaaa0002'), nonce(clientNonces[0]), ...ts()] },
      { from: 'gateway', exchange: ExchangeType.CREATE_CHILD_SA, mid: 0, payloads: [rekeySa('bbbb0001'), esp('bbbb0003'), nonce(gatewayNonces[0]), ...ts()] },
      { from: 'client', exchange: ExchangeType.CREATE_CHILD_SA, mid: 0, response: true, payloads: [esp('aaaa0003'), nonce(gatewayNonces[1]), ...ts()] },
      { from: 'gateway', exchange: ExchangeType.CREATE_CHILD_SA, mid: 2, response: true, payloads: [esp('bbbb0002'), nonce(clientNonces[1]), ...ts()] },
    ],
  });
}

/** The old CHILD_SA, the client's new one and the gateway's new one. */
const bySpi = (r: Awaited<ReturnType<typeof collision>>) =>
  ['aaaa0001', 'aaaa0002', 'bbbb0003'].map((spi) => r.ikeSas[0]!.childSas.find((c) => c.spiI === spi)!);

describe('CHILD_SA rekey collision (RFC 7296 §2.8.1)', () => {
  it("the client's exchange holds the lowest nonce: its new SA loses, the gateway's succeeds the old one", async () => {
    const r = await collision([0x10, 0x90], [0x50, 0x60]);
    const [old, mine, theirs] = bySpi(r);
    // Recorded as their responses arrive: the gateway's exchange finished first.
    expect(r.ikeSas[0]!.childSas.map((c) => c.spiI)).toEqual(['aaaa0001', 'bbbb0003', 'aaaa0002']);
    expect(mine!.rekeyCollision).toEqual({ with: theirs!.id, lost: true });
    expect(theirs!.rekeyCollision).toEqual({ with: mine!.id, lost: false });
    expect(old!.rekeyedTo).toBe(theirs!.id);
    expect([mine!.rekeyedFrom, theirs!.rekeyedFrom]).toEqual([old!.id, old!.id]);
  });

  it("the gateway's exchange holds the lowest nonce: its new SA loses", async () => {
    const r = await collision([0x40, 0x90], [0x50, 0x03]);
    const [old, mine, theirs] = bySpi(r);
    expect(mine!.rekeyCollision).toEqual({ with: theirs!.id, lost: false });
    expect(theirs!.rekeyCollision).toEqual({ with: mine!.id, lost: true });
    expect(old!.rekeyedTo).toBe(mine!.id);
  });

  it('a plain rekey is no collision', async () => {
    const r = await sessionReport({
      steps: [
        { from: 'client', exchange: ExchangeType.IKE_AUTH, mid: 1, payloads: [idOf(PayloadType.IDi, 1, '198.51.100.2'), auth(2), espSa([[AES_CBC, 128, SHA256]], hex('aaaa0001')), ...ts()] },
        { from: 'gateway', exchange: ExchangeType.IKE_AUTH, mid: 1, response: true, payloads: [idOf(PayloadType.IDr, 2, 'vpn.example.net'), auth(2), espSa([[AES_CBC, 128, SHA256]], hex('bbbb0001')), ...ts()] },
        { from: 'client', exchange: ExchangeType.CREATE_CHILD_SA, mid: 2, payloads: [rekeySa('aaaa0001'), espSa([[AES_CBC, 128, SHA256]], hex('aaaa0002')), nonce(1), ...ts()] },
        { from: 'gateway', exchange: ExchangeType.CREATE_CHILD_SA, mid: 2, response: true, payloads: [espSa([[AES_CBC, 128, SHA256]], hex('bbbb0002')), nonce(2), ...ts()] },
      ],
    });
    const children = r.ikeSas[0]!.childSas;
    expect(children.map((c) => c.rekeyCollision)).toEqual([null, null]);
    expect(children[0]!.rekeyedTo).toBe(children[1]!.id);
  });
});
