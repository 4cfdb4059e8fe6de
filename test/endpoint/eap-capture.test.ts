/**
 * The EAP peer replayed against real strongSwan conversations: the gateway's EAP packets from
 * a lab capture (decrypted with the gateway's charon log) are fed to the peer with the
 * client's recorded Peer-Challenge, and every Response must equal, octet for octet, what
 * strongSwan's client sent. The MSK is then checked the way the gateway checked it: the
 * client's and the gateway's AUTH payloads of the last IKE_AUTH exchange must equal
 * prf(prf(MSK, "Key Pad for IKEv2"), <signed octets>) (RFC 7296 §2.15, §2.16).
 */
import { describe, expect, it } from 'vitest';
import { prfAlgorithm } from '../../src/crypto/algorithms.js';
import { prf } from '../../src/crypto/prf.js';
import { fromHex, hex } from '../../src/ikev2/bytes.js';
import { decodeMsChapV2 } from '../../src/ikev2/eap/mschapv2.js';
import type { AuthPayload } from '../../src/ikev2/payloads/auth.js';
import { eapCodec, type EapPayload } from '../../src/ikev2/payloads/eap.js';
import { AuthMethod } from '../../src/ikev2/registry/auth-methods.js';
import { EapCode, EapType } from '../../src/ikev2/registry/eap.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { createEapPeer } from '../../src/endpoint/eap/peer.js';
import { capturedSession, payloadsOf, signedOctets } from './support/capture-session.js';

const PASSWORD = 'alice-lab-password'; // fixtures/gateways/eap-mschapv2/swanctl.conf, user alice

async function replay(name: string, method: 'mschapv2' | 'md5') {
  const s = await capturedSession(name);
  const eap = payloadsOf<EapPayload>(s.messages, PayloadType.EAP);
  const fromClient = eap.filter((e) => e.m.message.header.initiator).map((e) => e.p);
  const fromGateway = eap.filter((e) => !e.m.message.header.initiator).map((e) => e.p);
  const recordedPeerChallenge = fromClient.map((p) => p.eapType === EapType.MSCHAPV2 ? decodeMsChapV2(p.code, p.typeData) : undefined)
    .find((v) => v?.ok && v.value.op === 'response');
  const random = (): Uint8Array => {
    if (!recordedPeerChallenge?.ok || recordedPeerChallenge.value.op !== 'response') throw new Error('no recorded Response');
    return recordedPeerChallenge.value.peerChallenge.slice();
  };
  // multiple-auth's second round (RFC 4739) starts with the MD5 Challenge: the gateway takes
  // the EAP identity from the new IDi and sends no Identity Request.
  const first = method === 'md5' ? fromGateway.findIndex((p) => p.eapType === EapType.MD5_CHALLENGE) : 0;
  const firstClient = method === 'md5' ? fromClient.findIndex((p) => p.eapType === EapType.MD5_CHALLENGE) : 0;
  const peer = createEapPeer({ identity: 'alice', method, password: PASSWORD, random });
  const responses: string[] = [];
  let last;
  for (const g of fromGateway.slice(first)) {
    last = await peer.handle(eapCodec.serialize(g));
    if (last.kind === 'respond') responses.push(hex(last.packet));
    if (g.code === EapCode.SUCCESS) break;
  }
  return { s, peer, last, responses, recorded: fromClient.slice(firstClient).map((p) => hex(eapCodec.serialize(p))) };
}

describe('EAP-MSCHAPv2 replayed from eap-mschapv2-ping.pcap', () => {
  it('answers Identity, Challenge and Success exactly as strongSwan did, and succeeds', async () => {
    const r = await replay('eap-mschapv2-ping', 'mschapv2');
    expect(r.responses).toHaveLength(3);
    expect(r.responses).toEqual(r.recorded);
    expect(r.last).toEqual({ kind: 'success' });
  });

  it('its MSK keys both AUTH payloads of the last IKE_AUTH exchange', async () => {
    const r = await replay('eap-mschapv2-ping', 'mschapv2');
    const msk = r.peer.msk()!;
    expect(msk).toHaveLength(64);
    const auths = payloadsOf<AuthPayload>(r.s.messages, PayloadType.AUTH).filter((a) => a.p.method === AuthMethod.SHARED_KEY_MIC);
    const alg = prfAlgorithm(r.s.keys.prf!.id)!;
    const key = prf(alg, msk, new TextEncoder().encode('Key Pad for IKEv2'));
    const client = auths.find((a) => a.m.message.header.initiator)!.p;
    const gateway = auths.find((a) => !a.m.message.header.initiator)!.p;
    expect(hex(prf(alg, key, signedOctets(r.s, 'i')))).toBe(hex(client.data));
    expect(hex(prf(alg, key, signedOctets(r.s, 'r')))).toBe(hex(gateway.data));
    // Same check with the halves swapped fails: the layout is receive key | send key.
    const swapped = new Uint8Array(64);
    swapped.set(msk.subarray(16, 32), 0);
    swapped.set(msk.subarray(0, 16), 16);
    expect(hex(prf(alg, prf(alg, swapped, new TextEncoder().encode('Key Pad for IKEv2')), signedOctets(r.s, 'i')))).not.toBe(hex(client.data));
  });
});

describe('EAP-MD5 replayed from multiple-auth.pcap (the second authentication round)', () => {
  it('answers the MD5 Challenge with the value strongSwan sent, and succeeds', async () => {
    const r = await replay('multiple-auth', 'md5');
    expect(r.responses).toHaveLength(1);
    // strongSwan's Response carries no Name; ours names the peer (RFC 1994 §4.1: "one or more
    // octets"). Code, Identifier, Type, Value-Size and the Value must agree.
    const ours = eapCodec.parse(fromHex(r.responses[0]!), { type: PayloadType.EAP, nextPayload: 0 });
    const theirs = eapCodec.parse(fromHex(r.recorded[0]!), { type: PayloadType.EAP, nextPayload: 0 });
    if (!ours.ok || !theirs.ok) throw new Error('unparsable');
    expect(theirs.value.typeData).toHaveLength(17);
    expect(ours.value).toMatchObject({ code: theirs.value.code, identifier: theirs.value.identifier, eapType: EapType.MD5_CHALLENGE });
    expect(hex(ours.value.typeData.subarray(0, 17))).toBe(hex(theirs.value.typeData));
    expect(new TextDecoder().decode(ours.value.typeData.subarray(17))).toBe('alice');
    expect(r.last).toEqual({ kind: 'success' });
  });
});
