// EAP-MSCHAPv2 beyond what the lab records: Failure Requests as gateways and NPS send them
// ("E=691 R=0 C=… V=3 M=…", RFC 2759 §6), every RFC 2759 error code, Change-Password
// (RFC 2759 §7), and packets that do not fit their OpCode — values, never exceptions.
import { describe, expect, it } from 'vitest';
import { concat, fromHex, hex, putU16 } from '../../src/ikev2/bytes.js';
import { EapCode, EapType } from '../../src/ikev2/registry/eap.js';
import { MSCHAPV2_ERRORS, eapMethodOf, parseFailureMessage, parseSuccessMessage } from '../../src/ikev2/views.js';

const CHALLENGE = '00112233445566778899AABBCCDDEEFF';

/** An MS-CHAP-V2 packet in an EAP message: OpCode, MS-CHAPv2-ID, MS-Length (= EAP Length - 5), data. */
function mschap(code: number, opCode: number, id: number, data: Uint8Array, msLength?: number) {
  const head = new Uint8Array(4);
  head[0] = opCode;
  head[1] = id;
  putU16(head, 2, msLength ?? 4 + data.length);
  return { code, identifier: 9, eapType: EapType.MSCHAPV2, typeData: concat([head, data]) };
}
const text = (s: string) => new TextEncoder().encode(s);
const view = (m: ReturnType<typeof mschap>) => {
  const v = eapMethodOf(m);
  if (!v?.ok) throw new Error(v ? v.reason : 'no view');
  return v.value;
};

describe('MSCHAPv2 Failure', () => {
  it('E=691 R=0 C=… V=3 M=…: error code and name, retry, new challenge, version, message', () => {
    const v = view(mschap(EapCode.REQUEST, 4, 3, text(`E=691 R=0 C=${CHALLENGE} V=3 M=Authentication failure`)));
    expect(v).toMatchObject({
      kind: 'mschapv2', op: 'failure', opCode: 4, msChapV2Id: 3,
      error: 691, errorName: 'ERROR_AUTHENTICATION_FAILURE', errorText: 'authentication failure',
      retry: false, version: 3, message: 'Authentication failure',
    });
    if (v.kind === 'mschapv2' && v.op === 'failure') expect(hex(v.challenge!)).toBe(CHALLENGE.toLowerCase());
  });

  it.each([
    [646, 'ERROR_RESTRICTED_LOGON_HOURS', 'restricted logon hours'],
    [647, 'ERROR_ACCT_DISABLED', 'account disabled'],
    [648, 'ERROR_PASSWD_EXPIRED', 'password expired'],
    [649, 'ERROR_NO_DIALIN_PERMISSION', 'no dial-in permission'],
    [691, 'ERROR_AUTHENTICATION_FAILURE', 'authentication failure'],
    [709, 'ERROR_CHANGING_PASSWORD', 'error changing password'],
  ])('E=%i', (code, name, why) => {
    expect(parseFailureMessage(`E=${code} R=1 C=${CHALLENGE} V=3`)).toMatchObject({ error: code, errorName: name, errorText: why, retry: true });
    expect(MSCHAPV2_ERRORS.get(code)?.name).toBe(name);
  });

  it('Windows sends no M=; a message may hold spaces, "=" and field-like text; unknown codes keep their number', () => {
    expect(parseFailureMessage(`E=691 R=0 C=${CHALLENGE} V=3`)).not.toHaveProperty('message');
    expect(parseFailureMessage(`E=648 R=0 C=${CHALLENGE} V=3 M=Password expired: E=1 R=1 a=b`)).toMatchObject({ error: 648, retry: false, message: 'Password expired: E=1 R=1 a=b' });
    expect(parseFailureMessage('E=12345 R=0 V=3 M=x')).toEqual({ error: 12345, retry: false, version: 3, message: 'x' });
    expect(parseFailureMessage('E=691')).toEqual({ error: 691, errorName: 'ERROR_AUTHENTICATION_FAILURE', errorText: 'authentication failure' });
    // Malformed fields are left out, not guessed: a short challenge, a retry flag of 2.
    expect(parseFailureMessage('E=691 R=2 C=0011')).toEqual({ error: 691, errorName: 'ERROR_AUTHENTICATION_FAILURE', errorText: 'authentication failure' });
    expect(parseFailureMessage('garbage')).toEqual({});
  });

  it('strongSwan\'s terminating NUL is not part of the text; the peer acknowledges with the OpCode alone', () => {
    const v = view(mschap(EapCode.REQUEST, 4, 3, text(`E=691 R=1 C=${CHALLENGE} V=3 M=FAILED\0`)));
    expect(v).toMatchObject({ op: 'failure', message: 'FAILED', text: `E=691 R=1 C=${CHALLENGE} V=3 M=FAILED` });
    expect(view({ code: EapCode.RESPONSE, identifier: 9, eapType: EapType.MSCHAPV2, typeData: Uint8Array.of(4) })).toEqual({ kind: 'mschapv2', op: 'ack', opCode: 4 });
  });
});

describe('MSCHAPv2 Success message', () => {
  it('S=<40 hex> M=<message>', () => {
    const s = parseSuccessMessage('S=7FF6C760F5DE2BA9CBD4F3B24A2CB8C5743FCCE2 M=Welcome2strongSwan');
    expect(hex(s.authenticatorResponse!)).toBe('7ff6c760f5de2ba9cbd4f3b24a2cb8c5743fcce2');
    expect(s.message).toBe('Welcome2strongSwan');
    expect(parseSuccessMessage('S=7FF6C760F5DE2BA9CBD4F3B24A2CB8C5743FCCE2')).not.toHaveProperty('message');
    expect(parseSuccessMessage('S=7FF6 M=x')).toEqual({ message: 'x' });
  });
});

describe('MSCHAPv2 Change-Password (RFC 2759 §7)', () => {
  it('the fixed fields after the header', () => {
    const pc = fromHex('aa'.repeat(16));
    const nt = fromHex('bb'.repeat(24));
    const data = concat([new Uint8Array(516).fill(1), new Uint8Array(16).fill(2), pc, new Uint8Array(8), nt, Uint8Array.of(0, 0)]);
    const v = view(mschap(EapCode.RESPONSE, 7, 4, data));
    expect(v).toMatchObject({ op: 'change-password', opCode: 7, msChapV2Id: 4, encryptedPasswordLength: 516, encryptedHashLength: 16, flags: 0 });
    if (v.kind === 'mschapv2' && v.op === 'change-password') expect([hex(v.peerChallenge), hex(v.ntResponse)]).toEqual([hex(pc), hex(nt)]);
  });
});

describe('MSCHAPv2 packets that do not fit', () => {
  const cases: [string, ReturnType<typeof mschap>, RegExp][] = [
    ['no OpCode', { code: 1, identifier: 1, eapType: 26, typeData: new Uint8Array(0) }, /without an OpCode/],
    ['no MS-Length', { code: 1, identifier: 1, eapType: 26, typeData: Uint8Array.of(1, 1) }, /no MS-CHAPv2-ID and MS-Length/],
    ['Challenge without Value-Size', mschap(1, 1, 1, new Uint8Array(0)), /no Value-Size/],
    ['Challenge of 8 octets', mschap(1, 1, 1, concat([Uint8Array.of(8), new Uint8Array(8)])), /Value-Size is 8, not 16/],
    ['Challenge cut short', mschap(1, 1, 1, concat([Uint8Array.of(16), new Uint8Array(10)])), /runs past/],
    ['Response of 48', mschap(2, 2, 1, concat([Uint8Array.of(48), new Uint8Array(48)])), /not 49/],
    ['Challenge from the peer', mschap(2, 1, 1, concat([Uint8Array.of(16), new Uint8Array(16)])), /Challenge in a Response/],
    ['Response from the server', mschap(1, 2, 1, concat([Uint8Array.of(49), new Uint8Array(49)])), /Response in a Request/],
    ['Change-Password short', mschap(2, 7, 1, new Uint8Array(100)), /needs 582/],
    ['OpCode 5', mschap(1, 5, 1, new Uint8Array(4)), /OpCode 5/],
  ];
  it.each(cases)('%s', (_n, m, reason) => {
    let v: ReturnType<typeof eapMethodOf>;
    expect(() => { v = eapMethodOf(m); }).not.toThrow();
    expect(v!).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
    if (v! && !v.ok) expect(v.offset).toBeGreaterThanOrEqual(5);
  });

  it('an MS-Length that disagrees with the octets present is noted, not fatal', () => {
    const v = view(mschap(1, 1, 1, concat([Uint8Array.of(16), new Uint8Array(16), text('gw')]), 99));
    expect(v).toMatchObject({ op: 'challenge', msLength: 99, msLengthMismatch: { present: 4 + 17 + 2 }, name: 'gw' });
  });
});
