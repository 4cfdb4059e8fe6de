import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/model.js';
import { decodeFrames } from '../../src/analysis/packets.js';
import { SessionBuilder } from '../../src/analysis/sessions.js';
import { readCapture } from '../../src/capture/index.js';
import { serializeEsp } from '../../src/esp/header.js';
import { makeNotify } from '../../src/ikev2/payloads/notify.js';
import { ExchangeType } from '../../src/ikev2/registry/exchange-types.js';
import { NotifyType } from '../../src/ikev2/registry/notify-types.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { KnownVendorId } from '../../src/ikev2/vendor-ids.js';
import { ikeFrame, ke, natd, nonce, sa, sk, SPI_I, SPI_R, vid, ZERO, type Hop } from '../helpers/ike.js';
import { concat, ethernet, hex, ipv4, udp } from '../helpers/packets.js';
import { pcapBytes } from '../helpers/pcap-file.js';

async function analyse(frames: Uint8Array[]): Promise<Report> {
  const b = new SessionBuilder();
  async function* one() { yield pcapBytes(frames); }
  for await (const ev of decodeFrames(readCapture(one()))) if (ev.kind === 'record') b.add(ev.record);
  return b.finish({ path: 'test.pcap', format: 'pcap', compressed: false, bytes: 0 });
}

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const initReq = (extra = natd(SPI_I, ZERO, ['198.51.100.2', 500], ['198.51.100.1', 500])) => ikeFrame(C, { payloads: [sa(), ke(), nonce(), ...extra] });
const initRes = (extra = natd(SPI_I, SPI_R, ['198.51.100.1', 500], ['198.51.100.2', 500])) => ikeFrame(G, { response: true, payloads: [sa(), ke(), nonce(), ...extra] });
const auth = (mid: number, response: boolean) => ikeFrame(response ? G : C, { exchange: ExchangeType.IKE_AUTH, mid, response, payloads: [sk()] });

describe('sessions without keys', () => {
  it('pairs requests and responses and marks a retransmission (same bytes again)', async () => {
    const r = await analyse([initReq(), initReq(), initRes(), auth(1, false), auth(1, false), auth(1, true)]);
    expect(r.ikeSas.length).toBe(1);
    const m = r.ikeSas[0]!.messages;
    expect(m.map((x) => [x.frames[0], x.exchange, x.response, x.retransmission, x.pairedFrame])).toEqual([
      [1, 'IKE_SA_INIT', false, false, 3],
      [2, 'IKE_SA_INIT', false, true, null],
      [3, 'IKE_SA_INIT', true, false, 1],
      [4, 'IKE_AUTH', false, false, 6],
      [5, 'IKE_AUTH', false, true, null],
      [6, 'IKE_AUTH', true, false, 4],
    ]);
    expect(r.ikeSas[0]).toMatchObject({ ispi: '0102030405060708', rspi: '1112131415161718', initiator: { ip: '198.51.100.2', port: 500 } });
    expect(r.ikeSas[0]!.proposal).toEqual({ encr: 'ENCR_AES_CBC_128', integ: 'AUTH_HMAC_SHA2_256_128', prf: 'PRF_HMAC_SHA2_256', dh: 'MODP_2048' });
  });

  it('a retry with new content (here a COOKIE) is not a retransmission', async () => {
    const cookie = makeNotify(NotifyType.COOKIE, hex('00112233445566778899'));
    const r = await analyse([
      initReq(), ikeFrame(G, { response: true, rspi: ZERO, payloads: [cookie] }),
      ikeFrame(C, { payloads: [cookie, sa(), ke(), nonce()] }), initRes(),
    ]);
    expect(r.ikeSas.length).toBe(1);
    expect(r.ikeSas[0]!.messages.map((m) => m.retransmission)).toEqual([false, false, false, false]);
    expect(r.ikeSas[0]!.messages[2]!.payloads[0]).toBe('N(COOKIE)');
  });

  it('IKE_SA_INIT answered with NO_PROPOSAL_CHOSEN is a failed IKE_SA with the reason', async () => {
    const r = await analyse([initReq(), ikeFrame(G, { response: true, rspi: ZERO, payloads: [makeNotify(NotifyType.NO_PROPOSAL_CHOSEN)] })]);
    expect(r.ikeSas[0]).toMatchObject({ state: 'failed', stateReason: 'IKE_SA_INIT answered with N(NO_PROPOSAL_CHOSEN)', rspi: '0000000000000000' });
  });

  it('unanswered IKE_SA_INIT stays incomplete; answered IKE_AUTH with ESP after it is established', async () => {
    expect((await analyse([initReq()])).ikeSas[0]).toMatchObject({ state: 'incomplete', stateReason: 'IKE_SA_INIT was not answered' });
    const esp = ethernet(ipv4('198.51.100.2', '198.51.100.1', 17, udp(4500, 4500, serializeEsp(0xc0ffee01, 1, new Uint8Array(64)))));
    const r = await analyse([initReq(), initRes(), auth(1, false), auth(1, true), esp]);
    expect(r.ikeSas[0]!.state).toBe('established');
    expect(r.esp).toMatchObject([{ spi: 'c0ffee01', packets: 1, bytes: 72, src: '198.51.100.2', udpEncapsulated: true }]);
    const noTraffic = await analyse([initReq(), initRes(), auth(1, false), auth(1, true)]);
    expect(noTraffic.ikeSas[0]).toMatchObject({ state: 'incomplete', stateReason: expect.stringContaining('encrypted') });
  });

  it('gathers IKEv2 fragments into one message and flags a repeated fragment', async () => {
    const frag = (n: number) => ikeFrame(G, { exchange: ExchangeType.IKE_AUTH, mid: 1, response: true, payloads: [{ type: PayloadType.SKF, innerType: n === 1 ? PayloadType.IDr : 0, fragmentNumber: n, totalFragments: 3, data: new Uint8Array(40).fill(n) }] });
    const r = await analyse([initReq(), initRes(), auth(1, false), frag(1), frag(2), frag(3), frag(2)]);
    const m = r.ikeSas[0]!.messages;
    expect(m[3]).toMatchObject({ frames: [4, 5, 6], payloads: ['SKF'], retransmission: false, pairedFrame: 3 });
    expect(m[4]).toMatchObject({ frames: [7], retransmission: true });
  });

  it('works out NAT from either capture point (RFC 7296 §2.23)', async () => {
    // The client believes it is 203.0.113.2:500; a NAT rewrote it to 198.51.100.3:4500.
    const outside = await analyse([
      ikeFrame({ src: '198.51.100.3', dst: '198.51.100.1', sport: 4500, dport: 500 }, { payloads: [sa(), ke(), nonce(), ...natd(SPI_I, ZERO, ['203.0.113.2', 500], ['198.51.100.1', 500])] }),
      ikeFrame({ src: '198.51.100.1', dst: '198.51.100.3', sport: 500, dport: 4500 }, { response: true, payloads: [sa(), ke(), nonce(), ...natd(SPI_I, SPI_R, ['198.51.100.1', 500], ['198.51.100.3', 4500])] }),
    ]);
    // From outside the NAT, a failing source hash could also be a faked one: the model says so.
    expect(outside.ikeSas[0]!.nat).toEqual({ initiatorBehindNat: true, responderBehindNat: false, note: expect.stringMatching(/a NAT in front of it, or UDP encapsulation forced/) });
    const inside = await analyse([
      ikeFrame({ src: '203.0.113.2', dst: '198.51.100.1' }, { payloads: [sa(), ke(), nonce(), ...natd(SPI_I, ZERO, ['203.0.113.2', 500], ['198.51.100.1', 500])] }),
      ikeFrame({ src: '198.51.100.1', dst: '203.0.113.2' }, { response: true, payloads: [sa(), ke(), nonce(), ...natd(SPI_I, SPI_R, ['198.51.100.1', 500], ['198.51.100.3', 4500])] }),
    ]);
    expect(inside.ikeSas[0]!.nat).toEqual({ initiatorBehindNat: true, responderBehindNat: false });
    expect((await analyse([initReq(), initRes()])).ikeSas[0]!.nat).toEqual({ initiatorBehindNat: false, responderBehindNat: false });
    // Both sides faking their source hash, as strongSwan does to force UDP encapsulation.
    const faked = await analyse([
      initReq(natd(SPI_I, ZERO, ['0.0.0.0', 0], ['198.51.100.1', 500])),
      initRes(natd(SPI_I, SPI_R, ['0.0.0.0', 0], ['198.51.100.2', 500])),
    ]);
    expect(faked.ikeSas[0]!.nat).toMatchObject({ initiatorBehindNat: true, responderBehindNat: true, note: expect.stringContaining('encap = yes') });
    expect((await analyse([initReq([]), initRes([])])).ikeSas[0]!.nat).toEqual({ initiatorBehindNat: null, responderBehindNat: null });
  });

  it('fingerprints a Windows client by its Vendor IDs (WINDOWS-INTEROP.md)', async () => {
    const ms = concat(KnownVendorId.MS_NT5_ISAKMPOAKLEY, hex('00000009'));
    const r = await analyse([initReq([vid(ms), vid(KnownVendorId.MS_NEGOTIATION_DISCOVERY_CAPABLE)])]);
    expect(r.ikeSas[0]!.client.profile).toBe('windows');
    expect(r.ikeSas[0]!.client.vendorIds[0]).toContain('MS NT5 ISAKMPOAKLEY');
    expect((await analyse([initReq([vid(KnownVendorId.STRONGSWAN)])])).ikeSas[0]!.client.profile).toBe('strongswan');
  });

  it('tells IKE_SAs apart by SPI pair and picks up SAs first seen mid-session', async () => {
    const other = hex('a1a2a3a4a5a6a7a8');
    const r = await analyse([initReq(), ikeFrame(C, { ispi: other, rspi: hex('b1b2b3b4b5b6b7b8'), exchange: ExchangeType.INFORMATIONAL, mid: 7, payloads: [sk()] }), initRes()]);
    expect(r.ikeSas.map((s) => [s.ispi, s.state])).toEqual([['0102030405060708', 'incomplete'], ['a1a2a3a4a5a6a7a8', 'established']]);
    expect(r.ikeSas[1]!.stateReason).toContain('capture starts after');
  });

  it('counts IKEv1 without misparsing it', async () => {
    const v1 = new Uint8Array(28);
    v1.set(hex('0102030405060708'), 0); v1[16] = 1; v1[17] = 0x10; v1[18] = 2; v1[27] = 28;
    const r = await analyse([ethernet(ipv4('198.51.100.2', '198.51.100.1', 17, udp(500, 500, v1)))]);
    expect(r.ikev1).toEqual({ messages: 1, frames: [1] });
    expect(r.ikeSas).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});

describe('fingerprint without Vendor IDs', () => {
  it("Apple's IKEv2 client by its notify order (iOS sample: strongX509/docker#7)", async () => {
    const apple = [makeNotify(NotifyType.REDIRECT_SUPPORTED), ...natd(SPI_I, ZERO, ['198.51.100.2', 500], ['198.51.100.1', 500]), makeNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED)];
    const r = await analyse([initReq(apple)]);
    expect(r.ikeSas[0]!.client).toMatchObject({ profile: 'macos', version: 'macOS or iOS', vendorIds: [] });
    expect(r.ikeSas[0]!.client.evidence[0]).toMatch(/Apple's order/);
    // The same notifies in strongSwan's order are strongSwan's.
    const charon = [...natd(SPI_I, ZERO, ['198.51.100.2', 500], ['198.51.100.1', 500]), makeNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS, hex('0002')), makeNotify(NotifyType.REDIRECT_SUPPORTED)];
    expect((await analyse([initReq(charon)])).ikeSas[0]!.client.profile).toBe('strongswan');
    expect((await analyse([initReq()])).ikeSas[0]!.client.profile).toBe('unknown');
  });
});
