/**
 * The EAP peer against a scripted authenticator built from RFC 2759 §9.2's values: the whole
 * conversation (Identity, Challenge, Response, Success with "S=", acknowledgement, EAP
 * Success, MSK), and each way it must refuse: a wrong Authenticator Response, an early EAP
 * Success, MSCHAPv2 Failure, malformed packets; Nak, Notification and retransmissions.
 */
import { describe, expect, it } from 'vitest';
import { msChapV2Msk } from '../../src/crypto/mschapv2.js';
import { hex } from '../../src/ikev2/bytes.js';
import { decodeExpanded } from '../../src/ikev2/eap/expanded.js';
import { encodeMd5Challenge } from '../../src/ikev2/eap/md5-challenge.js';
import { encodeMsChapV2Challenge, encodeMsChapV2Message } from '../../src/ikev2/eap/mschapv2.js';
import { eapCodec } from '../../src/ikev2/payloads/eap.js';
import { EapCode, EapType } from '../../src/ikev2/registry/eap.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { createEapPeer, type EapStep } from '../../src/endpoint/eap/peer.js';
import { h } from '../crypto/support.js';

const req = (identifier: number, eapType: number, typeData: Uint8Array = new Uint8Array(0)): Uint8Array =>
  eapCodec.serialize({ type: PayloadType.EAP, code: EapCode.REQUEST, identifier, eapType, typeData });
const code = (c: number, identifier: number): Uint8Array => eapCodec.serialize({ type: PayloadType.EAP, code: c, identifier, typeData: new Uint8Array(0) });
const packet = (s: EapStep): Uint8Array => {
  if (s.kind !== 'respond') throw new Error(`expected a response, got ${JSON.stringify(s)}`);
  return s.packet;
};

// RFC 2759 §9.2.
const AUTH_CHALLENGE = h('5B5D7C7D7B3F2F3E3C2C602132262628');
const PEER_CHALLENGE = h('21402324255E262A28295F2B3A337C7E');
const NT_RESPONSE = '82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df';
const S = 'S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome';

const mschapPeer = (identity = 'User') => createEapPeer({ identity, method: 'mschapv2', password: 'clientPass', random: () => PEER_CHALLENGE.slice() });
const challenge = (id = 7, msId = 42) => req(id, EapType.MSCHAPV2, encodeMsChapV2Challenge({ msChapV2Id: msId, challenge: AUTH_CHALLENGE, name: 'strongSwan' }));

describe('EAP-MSCHAPv2 peer', () => {
  it('runs the conversation and exports the MSK', async () => {
    const peer = mschapPeer();
    expect(hex(packet(await peer.handle(req(1, EapType.IDENTITY))))).toBe('0201000901' + hex(new TextEncoder().encode('User')));
    const r = packet(await peer.handle(challenge()));
    // Response, id 7, length 5 + 4 + 1 + 49 + 4; OpCode 2, MS-CHAPv2-ID 42, MS-Length 58, Value-Size 49.
    expect(hex(r)).toBe(`0207003f1a022a003a31${hex(PEER_CHALLENGE)}${'00'.repeat(8)}${NT_RESPONSE}00${hex(new TextEncoder().encode('User'))}`);
    expect(peer.msk()).toBeUndefined();
    expect(hex(packet(await peer.handle(req(8, EapType.MSCHAPV2, encodeMsChapV2Message(3, 42, S)))))).toBe('020800061a03');
    expect(await peer.handle(code(EapCode.SUCCESS, 8))).toEqual({ kind: 'success' });
    expect(hex(peer.msk()!)).toBe(hex(msChapV2Msk('clientPass', h(NT_RESPONSE))));
  });

  it('sends the identity with its domain as Name but hashes the bare user name', async () => {
    const peer = mschapPeer('CORP\\User');
    const r = packet(await peer.handle(challenge()));
    expect(hex(r.subarray(5 + 4 + 1 + 16 + 8, 5 + 4 + 1 + 16 + 8 + 24))).toBe(NT_RESPONSE);
    expect(new TextDecoder().decode(r.subarray(5 + 4 + 1 + 49))).toBe('CORP\\User');
  });

  it('refuses a Success whose Authenticator Response is wrong', async () => {
    const peer = mschapPeer();
    await peer.handle(challenge());
    const s = await peer.handle(req(8, EapType.MSCHAPV2, encodeMsChapV2Message(3, 42, S.replace('56 M', '57 M'))));
    expect(s).toMatchObject({ kind: 'failure', reason: expect.stringMatching(/does not verify/) });
    expect(await peer.handle(code(EapCode.SUCCESS, 9))).toMatchObject({ kind: 'failure' });
    expect(peer.msk()).toBeUndefined();
  });

  it('refuses an EAP Success before the server proved the password', async () => {
    const peer = mschapPeer();
    await peer.handle(challenge());
    expect(await peer.handle(code(EapCode.SUCCESS, 8))).toEqual({ kind: 'failure', reason: 'EAP Success before MSCHAPv2 finished' });
    expect(peer.msk()).toBeUndefined();
  });

  it('acknowledges an MSCHAPv2 Failure and reports its error on EAP Failure', async () => {
    const peer = mschapPeer();
    await peer.handle(challenge());
    const ack = await peer.handle(req(8, EapType.MSCHAPV2, encodeMsChapV2Message(4, 42, 'E=691 R=0 C=00000000000000000000000000000000 V=3 M=bad')));
    expect(hex(packet(ack))).toBe('020800061a04');
    expect(await peer.handle(code(EapCode.FAILURE, 8))).toEqual({ kind: 'failure', reason: 'MSCHAPv2 Failure (691 ERROR_AUTHENTICATION_FAILURE: bad)' });
  });

  it('Naks another method, naming MSCHAPv2, and answers Notifications', async () => {
    const peer = mschapPeer();
    expect(hex(packet(await peer.handle(req(3, EapType.TLS, Uint8Array.of(0x20)))))).toBe('02030006031a');
    expect(hex(packet(await peer.handle(req(4, EapType.NOTIFICATION, new TextEncoder().encode('hello')))))).toBe('0204000502');
    const expanded = packet(await peer.handle(req(5, EapType.EXPANDED, h('00000100000001'))));
    // RFC 3748 §5.3.2: Type 254, Vendor-Id 0, Vendor-Type 3 (Nak), then one entry: 254, 0, 26.
    expect(hex(expanded)).toBe('02050014fe' + '000000' + '00000003' + 'fe' + '000000' + '0000001a');
    expect(decodeExpanded(expanded.subarray(5))).toMatchObject({ ok: true, value: { nak: [{ vendorId: 0, vendorType: 26 }] } });
  });

  it('repeats its Response to a retransmitted Request', async () => {
    const peer = createEapPeer({ identity: 'User', method: 'mschapv2', password: 'clientPass' });
    const first = packet(await peer.handle(challenge()));
    const again = packet(await peer.handle(challenge()));
    expect(hex(again)).toBe(hex(first));
  });

  it('ends on malformed packets with a reason, never a throw', async () => {
    for (const bad of [new Uint8Array(0), h('01'), h('0101ffff01'), h('010100061a'), req(1, EapType.MSCHAPV2, h('01'))]) {
      const s = await mschapPeer().handle(bad);
      expect(s.kind, hex(bad)).toBe('failure');
    }
    expect(await mschapPeer().handle(code(EapCode.FAILURE, 1))).toEqual({ kind: 'failure', reason: 'EAP Failure from the server' });
  });
});

describe('EAP MD5-Challenge peer', () => {
  it('answers MD5(identifier | secret | challenge) with its name and accepts Success, without an MSK', async () => {
    const peer = createEapPeer({ identity: 'alice', method: 'md5', password: 'secret' });
    const c = h('00112233445566778899aabbccddeeff');
    const r = packet(await peer.handle(req(9, EapType.MD5_CHALLENGE, encodeMd5Challenge(c, 'gw'))));
    // RFC 1994 §4.1 by hand: MD5 over 0x09 | "secret" | challenge.
    const { createHash } = await import('node:crypto');
    const want = createHash('md5').update(Uint8Array.of(9)).update('secret').update(c).digest('hex');
    expect(hex(r)).toBe(`0209001b0410${want}${hex(new TextEncoder().encode('alice'))}`);
    expect(await peer.handle(code(EapCode.SUCCESS, 9))).toEqual({ kind: 'success' });
    expect(peer.msk()).toBeUndefined();
  });
});
