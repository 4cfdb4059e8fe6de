// The EAP-TLS family (EAP-TLS, PEAP, EAP-TTLS, EAP-FAST, TEAP): the Flags octet (L, M, S, the
// TEAP O bit, the version bits), the TLS Message Length, fragments and their acknowledgements,
// the TLS records a message starts with, and reassembly. Built from bytes (the lab runs no
// TLS-based EAP), parsed by the payload codec, decoded by the method view.
import { describe, expect, it } from 'vitest';
import { concat, putU16, putU32 } from '../../src/ikev2/bytes.js';
import { eapCodec } from '../../src/ikev2/payloads/eap.js';
import { EapCode, EapType } from '../../src/ikev2/registry/eap.js';
import { eapMethodOf, joinTlsFragments, type EapTls } from '../../src/ikev2/views.js';

function eap(code: number, type: number, typeData: Uint8Array) {
  const head = Uint8Array.of(code, 7, 0, 0, type);
  putU16(head, 2, 5 + typeData.length);
  const r = eapCodec.parse(concat([head, typeData]), { type: 48, nextPayload: 0 });
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}
/** EAP-TLS family Type-Data: Flags, TLS Message Length when given, then the data. */
function tlsData(flags: number, data: Uint8Array, messageLength?: number): Uint8Array {
  const len = new Uint8Array(messageLength === undefined ? 0 : 4);
  if (messageLength !== undefined) putU32(len, 0, messageLength);
  return concat([Uint8Array.of(flags), len, data]);
}
/** A TLS record: ContentType, version 3.3 (or given), length, fragment. */
function record(type: number, body: Uint8Array, version = 0x0303): Uint8Array {
  const h = Uint8Array.of(type, version >> 8, version & 0xff, 0, 0);
  putU16(h, 3, body.length);
  return concat([h, body]);
}
/** A handshake message: msg_type, 24-bit length, body. */
const hs = (type: number, len: number) => concat([Uint8Array.of(type, 0, len >> 8, len & 0xff), new Uint8Array(len).fill(0x5a)]);

function tls(code: number, type: number, typeData: Uint8Array): EapTls {
  const v = eapMethodOf(eap(code, type, typeData));
  if (!v?.ok || v.value.kind !== 'tls') throw new Error(v && !v.ok ? v.reason : 'not tls');
  return v.value;
}

describe('EAP-TLS flags and fragments', () => {
  it('Start: S set, no data, no version bits in EAP-TLS', () => {
    const v = tls(EapCode.REQUEST, EapType.TLS, Uint8Array.of(0x20));
    expect(v).toMatchObject({ method: 13, methodName: 'TLS', flags: 0x20, start: true, lengthIncluded: false, moreFragments: false, ack: false });
    expect(v).not.toHaveProperty('version');
    expect(v.fragment).toHaveLength(0);
  });

  it('a whole ClientHello (no L, no M): its record and handshake message', () => {
    const v = tls(EapCode.RESPONSE, EapType.TLS, tlsData(0x00, record(22, hs(1, 60), 0x0301)));
    expect(v.records).toEqual([{ contentType: 22, type: 'handshake', version: 'TLS 1.0', length: 64, handshake: ['ClientHello'] }]);
    expect(v.ack).toBe(false);
  });

  it('first fragment (L, M): the total length, and the records it starts (the last one continues)', () => {
    const flight = concat([record(22, hs(2, 76)), record(22, concat([hs(11, 2900)]))]);
    const first = flight.subarray(0, 1000);
    const v = tls(EapCode.REQUEST, EapType.TLS, tlsData(0xc0, first, flight.length));
    expect(v).toMatchObject({ lengthIncluded: true, moreFragments: true, tlsMessageLength: flight.length });
    expect(v.fragment).toHaveLength(1000);
    expect(v.records).toEqual([
      { contentType: 22, type: 'handshake', version: 'TLS 1.2', length: 80, handshake: ['ServerHello'] },
      { contentType: 22, type: 'handshake', version: 'TLS 1.2', length: 2904, handshake: ['Certificate'], truncated: true },
    ]);
  });

  it('middle (M) and last (no flags) fragments start mid-record: no records are invented; reassembly gives them', () => {
    const flight = concat([record(22, hs(2, 76)), record(22, hs(11, 2900)), record(22, hs(14, 0))]);
    const parts = [flight.subarray(0, 1000), flight.subarray(1000, 2000), flight.subarray(2000)];
    const f1 = tls(EapCode.REQUEST, EapType.TLS, tlsData(0xc0, parts[0]!, flight.length));
    const f2 = tls(EapCode.REQUEST, EapType.TLS, tlsData(0x40, parts[1]!));
    const f3 = tls(EapCode.REQUEST, EapType.TLS, tlsData(0x00, parts[2]!));
    expect(f2.records).toBeUndefined();
    expect(f3.records).toBeUndefined();
    const whole = joinTlsFragments([f1, f2, f3]);
    expect(whole.ok && whole.value.message).toEqual(flight);
    expect(whole.ok && whole.value.records.map((r) => r.handshake)).toEqual([['ServerHello'], ['Certificate'], ['ServerHelloDone']]);
    expect(joinTlsFragments([f1, f3])).toMatchObject({ ok: false, reason: expect.stringMatching(/TLS Message Length/) });
    expect(joinTlsFragments([f1, f2])).toMatchObject({ ok: false, reason: expect.stringMatching(/still has the M flag/) });
    expect(joinTlsFragments([f3, f2])).toMatchObject({ ok: false, reason: expect.stringMatching(/lacks the M flag/) });
    expect(joinTlsFragments([])).toMatchObject({ ok: false });
  });

  it('the peer acknowledges a fragment with an empty message', () => {
    expect(tls(EapCode.RESPONSE, EapType.TLS, Uint8Array.of(0x00))).toMatchObject({ ack: true, flags: 0 });
  });

  it('an alert in plaintext, and records after ChangeCipherSpec marked encrypted', () => {
    const v = tls(EapCode.RESPONSE, EapType.TLS, tlsData(0x00, record(21, Uint8Array.of(2, 48))));
    expect(v.records).toEqual([{ contentType: 21, type: 'alert', version: 'TLS 1.2', length: 2, alert: { level: 'fatal', description: 'unknown_ca' } }]);
    const fin = tls(EapCode.RESPONSE, EapType.TLS, tlsData(0x00, concat([record(20, Uint8Array.of(1)), record(22, new Uint8Array(40).fill(0x77))])));
    expect(fin.records?.map((r) => [r.type, r.encrypted ?? false, r.handshake ?? null])).toEqual([['change_cipher_spec', false, null], ['handshake', true, null]]);
  });

  it('reserved bits in EAP-TLS are reported (RFC 5216: they "MUST be zero")', () => {
    expect(tls(EapCode.REQUEST, EapType.TLS, Uint8Array.of(0x21))).toMatchObject({ start: true, reservedBits: 1 });
  });
});

describe('PEAP, TTLS, FAST, TEAP', () => {
  it('the version bits', () => {
    expect(tls(EapCode.REQUEST, EapType.PEAP, Uint8Array.of(0x21))).toMatchObject({ methodName: 'PEAP', start: true, version: 1 });
    expect(tls(EapCode.RESPONSE, EapType.PEAP, Uint8Array.of(0x00))).toMatchObject({ version: 0, ack: true });
    expect(tls(EapCode.REQUEST, EapType.TTLS, Uint8Array.of(0x20))).toMatchObject({ methodName: 'TTLS', version: 0 });
    expect(tls(EapCode.REQUEST, EapType.FAST, Uint8Array.of(0x21, 0, 4, 0, 2, 0xaa, 0xbb))).toMatchObject({ methodName: 'FAST', start: true, version: 1 });
  });

  it('a FAST Start\'s Authority-ID is not read as TLS records', () => {
    expect(tls(EapCode.REQUEST, EapType.FAST, Uint8Array.of(0x21, 0, 4, 0, 2, 0xaa, 0xbb)).records).toBeUndefined();
  });

  it('TEAP with the O bit: Outer TLV Length after the message length, Outer TLVs after the TLS data', () => {
    const hello = record(22, hs(1, 40));
    const outer = Uint8Array.of(0x80, 0x0b, 0x00, 0x02, 0xde, 0xad);
    const len = new Uint8Array(8);
    putU32(len, 0, hello.length);
    putU32(len, 4, outer.length);
    const v = tls(EapCode.RESPONSE, EapType.TEAP, concat([Uint8Array.of(0x91), len, hello, outer]));
    expect(v).toMatchObject({ methodName: 'TEAP', lengthIncluded: true, outerTlvLengthIncluded: true, version: 1, tlsMessageLength: hello.length, outerTlvLength: 6 });
    expect(v.fragment).toEqual(hello);
    expect(v.outerTlvs).toEqual(outer);
    expect(v.records?.[0]?.handshake).toEqual(['ClientHello']);
  });
});

describe('malformed TLS family data is a value', () => {
  it.each([
    ['no Flags octet', EapType.TLS, new Uint8Array(0), /without a Flags octet/],
    ['L without the length', EapType.TLS, Uint8Array.of(0x80, 0, 0), /no 4-octet TLS Message Length/],
    ['fragment longer than the message', EapType.PEAP, tlsData(0x80, new Uint8Array(10), 5), /exceeds the TLS Message Length/],
    ['O without the outer length', EapType.TEAP, Uint8Array.of(0x10, 0), /no 4-octet Outer TLV Length/],
    ['outer TLVs longer than the data', EapType.TEAP, Uint8Array.of(0x10, 0, 0, 0, 9, 1, 2), /Outer TLV Length 9/],
  ])('%s', (_n, type, data, reason) => {
    const v = eapMethodOf(eap(EapCode.REQUEST, type, data));
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
    if (v && !v.ok) expect(v.offset).toBeGreaterThanOrEqual(5);
  });
});
