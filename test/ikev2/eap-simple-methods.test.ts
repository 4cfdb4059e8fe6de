// The RFC 3748 methods and the Windows exchange the lab lacks: a gateway that offers EAP-TLS
// first and a Windows client that NAKs it asking for MSCHAPv2 (26), Identity prompts and
// options, a DOMAIN\user identity, Notification, MD5-Challenge, OTP/GTC, the Expanded Nak —
// parsed from bytes with the payload codec, as the analyzer sees them.
import { describe, expect, it } from 'vitest';
import { concat, fromHex, putU16 } from '../../src/ikev2/bytes.js';
import { eapCodec } from '../../src/ikev2/payloads/eap.js';
import { EapCode, EapType } from '../../src/ikev2/registry/eap.js';
import { eapMethodOf } from '../../src/ikev2/views.js';

/** An EAP message on the wire: | Code | Identifier | Length | Type | Type-Data |, through the codec. */
function eap(code: number, id: number, type: number | undefined, data: Uint8Array | string = new Uint8Array(0)) {
  const d = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const head = new Uint8Array(type === undefined ? 4 : 5);
  head[0] = code;
  head[1] = id;
  putU16(head, 2, head.length + d.length);
  if (type !== undefined) head[4] = type;
  const r = eapCodec.parse(concat([head, d]), { type: 48, nextPayload: 0 });
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}
const view = (m: ReturnType<typeof eap>) => eapMethodOf(m);

describe('a Windows client refusing EAP-TLS', () => {
  it('Request TLS Start, then the Response Nak asking for MSCHAPv2 (26)', () => {
    expect(view(eap(EapCode.REQUEST, 1, EapType.TLS, Uint8Array.of(0x20)))).toMatchObject({ ok: true, value: { kind: 'tls', start: true } });
    expect(view(eap(EapCode.RESPONSE, 1, EapType.NAK, Uint8Array.of(26)))).toEqual({ ok: true, value: { kind: 'nak', desired: [26], noAlternative: false } });
  });

  it('a Nak listing several methods, or none (0)', () => {
    expect(view(eap(EapCode.RESPONSE, 1, EapType.NAK, Uint8Array.of(26, 25, 254)))).toMatchObject({ ok: true, value: { desired: [26, 25, 254] } });
    expect(view(eap(EapCode.RESPONSE, 1, EapType.NAK, Uint8Array.of(0)))).toMatchObject({ ok: true, value: { desired: [0], noAlternative: true } });
  });

  it('a Nak in a Request, or an empty one, is a value', () => {
    expect(view(eap(EapCode.REQUEST, 1, EapType.NAK, Uint8Array.of(26)))).toMatchObject({ ok: false, offset: 4, reason: expect.stringMatching(/only in Response/) });
    expect(view(eap(EapCode.RESPONSE, 1, EapType.NAK))).toMatchObject({ ok: false, reason: expect.stringMatching(/one or more octets/) });
  });

  it('the Expanded Nak (RFC 3748 §5.3.2)', () => {
    const entries = fromHex('fe 000000 0000001a fe 000137 00000021');
    const v = view(eap(EapCode.RESPONSE, 1, EapType.EXPANDED, concat([fromHex('000000 00000003'), entries])));
    expect(v).toEqual({ ok: true, value: { kind: 'expanded', vendorId: 0, vendorType: 3, dataLength: 16, nak: [{ vendorId: 0, vendorType: 26 }, { vendorId: 311, vendorType: 33 }] } });
    expect(view(eap(EapCode.RESPONSE, 1, EapType.EXPANDED, fromHex('000000 00000003 fe00')))).toMatchObject({ ok: false });
    expect(view(eap(EapCode.REQUEST, 1, EapType.EXPANDED, fromHex('000137 00000021 0102')))).toEqual({ ok: true, value: { kind: 'expanded', vendorId: 311, vendorType: 33, dataLength: 2 } });
    expect(view(eap(EapCode.REQUEST, 1, EapType.EXPANDED, fromHex('0001')))).toMatchObject({ ok: false, reason: expect.stringMatching(/7 octets/) });
  });
});

describe('Identity (RFC 3748 §5.1)', () => {
  it('a DOMAIN\\user identity keeps its backslash; UTF-8 decodes', () => {
    expect(view(eap(EapCode.RESPONSE, 0, EapType.IDENTITY, 'CORP\\alice'))).toEqual({ ok: true, value: { kind: 'identity', identity: 'CORP\\alice' } });
    expect(view(eap(EapCode.RESPONSE, 0, EapType.IDENTITY, 'jürg@example.ch'))).toMatchObject({ ok: true, value: { identity: 'jürg@example.ch' } });
  });

  it('a Request prompt with options after a NUL; a NUL-terminated Response is flagged', () => {
    expect(view(eap(EapCode.REQUEST, 0, EapType.IDENTITY, 'Who are you?\0networkid=corp,nasid=gw1'))).toEqual({
      ok: true, value: { kind: 'identity', identity: 'Who are you?', afterNul: 'networkid=corp,nasid=gw1' },
    });
    expect(view(eap(EapCode.RESPONSE, 0, EapType.IDENTITY, 'alice\0'))).toEqual({ ok: true, value: { kind: 'identity', identity: 'alice', nulTerminated: true } });
  });
});

describe('Notification, MD5-Challenge, OTP and GTC', () => {
  it('Notification: the Request\'s message; the Response is empty', () => {
    expect(view(eap(EapCode.REQUEST, 2, EapType.NOTIFICATION, 'Password expires in 3 days'))).toEqual({ ok: true, value: { kind: 'notification', text: 'Password expires in 3 days' } });
    expect(view(eap(EapCode.RESPONSE, 2, EapType.NOTIFICATION))).toEqual({ ok: true, value: { kind: 'notification', text: '' } });
    expect(view(eap(EapCode.RESPONSE, 2, EapType.NOTIFICATION, 'x'))).toEqual({ ok: true, value: { kind: 'notification', text: '', unexpectedData: 1 } });
    expect(view(eap(EapCode.REQUEST, 2, EapType.NOTIFICATION))).toMatchObject({ ok: false });
  });

  it('MD5-Challenge: Value-Size, value, name', () => {
    const challenge = fromHex('0123456789abcdef0123456789abcdef');
    const v = view(eap(EapCode.REQUEST, 3, EapType.MD5_CHALLENGE, concat([Uint8Array.of(16), challenge, new TextEncoder().encode('gw')])));
    expect(v).toEqual({ ok: true, value: { kind: 'md5-challenge', value: challenge, name: 'gw' } });
    expect(view(eap(EapCode.RESPONSE, 3, EapType.MD5_CHALLENGE, Uint8Array.of(16, 1, 2)))).toMatchObject({ ok: false, reason: expect.stringMatching(/runs past/) });
    expect(view(eap(EapCode.RESPONSE, 3, EapType.MD5_CHALLENGE, Uint8Array.of(0)))).toMatchObject({ ok: false, reason: expect.stringMatching(/Value-Size 0/) });
    expect(view(eap(EapCode.RESPONSE, 3, EapType.MD5_CHALLENGE))).toMatchObject({ ok: false });
  });

  it('OTP and GTC: the prompt; of the response only its length', () => {
    expect(view(eap(EapCode.REQUEST, 4, EapType.GTC, 'Token:'))).toEqual({ ok: true, value: { kind: 'token', method: 6, prompt: 'Token:' } });
    expect(view(eap(EapCode.RESPONSE, 4, EapType.GTC, 'hunter2'))).toEqual({ ok: true, value: { kind: 'token', method: 6, responseLength: 7 } });
    expect(view(eap(EapCode.REQUEST, 4, EapType.OTP))).toMatchObject({ ok: false });
  });

  it('Success, Failure and methods without a decoder have no method view', () => {
    expect(view(eap(EapCode.SUCCESS, 5, undefined))).toBeUndefined();
    expect(view(eap(EapCode.FAILURE, 5, undefined))).toBeUndefined();
    expect(view(eap(EapCode.REQUEST, 5, EapType.SIM, Uint8Array.of(1, 2, 3)))).toBeUndefined();
  });
});
