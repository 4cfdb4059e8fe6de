/**
 * EAP-MSCHAPv2 (EAP type 26), draft-kamath-pppext-eap-mschapv2-02 §2, carrying the MS-CHAP-V2
 * packets of RFC 2759 with the PPP header replaced by:
 *
 *   | OpCode (1) | MS-CHAPv2-ID (1) | MS-Length (2) | Data ... |
 *
 * "MS-Length ... is the EAP Length minus 5", i.e. the length from OpCode to the end. OpCodes:
 *
 *   1 Challenge (Request):  | Value-Size = 16 | Challenge (16) | Name ... |
 *   2 Response (Response):  | Value-Size = 49 | Peer-Challenge (16) | Reserved (8) |
 *                           | NT-Response (24) | Flags (1) | Name ... |
 *   3 Success: Request      | Message "S=<auth_string> M=<message>" (RFC 2759 §5)
 *              Response     OpCode only
 *   4 Failure: Request      | Message "E=eeeeeeeeee R=r C=cccc… V=vvvvvvvvvv M=<msg>" (RFC 2759 §6)
 *              Response     OpCode only
 *   7 Change-Password (Response): | Encrypted-Password (516) | Encrypted-Hash (16) |
 *                           | Peer-Challenge (16) | Reserved (8) | NT-Response (24) | Flags (2) |
 *
 * The challenge and response values are kept in the view (analysis may verify them with a
 * known password), but they can be cracked offline: renderers show their sizes only.
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { concat, encodeText, fromHex, putU16, u16 } from '../bytes.js';
import { EapCode } from '../registry/eap.js';
import { utf8Text } from './message.js';

export const MsChapV2OpCode = Object.freeze({
  CHALLENGE: 1,
  RESPONSE: 2,
  SUCCESS: 3,
  FAILURE: 4,
  CHANGE_PASSWORD: 7,
} as const);

const OP_NAMES: Record<number, string> = { 1: 'Challenge', 2: 'Response', 3: 'Success', 4: 'Failure', 7: 'Change-Password' };

export function msChapV2OpName(op: number): string {
  return OP_NAMES[op] ?? `OpCode(${op})`;
}

/** RFC 2759 §6 failure codes (Windows RAS error numbers). */
export const MSCHAPV2_ERRORS: ReadonlyMap<number, { readonly name: string; readonly text: string }> = new Map([
  [646, { name: 'ERROR_RESTRICTED_LOGON_HOURS', text: 'restricted logon hours' }],
  [647, { name: 'ERROR_ACCT_DISABLED', text: 'account disabled' }],
  [648, { name: 'ERROR_PASSWD_EXPIRED', text: 'password expired' }],
  [649, { name: 'ERROR_NO_DIALIN_PERMISSION', text: 'no dial-in permission' }],
  [691, { name: 'ERROR_AUTHENTICATION_FAILURE', text: 'authentication failure' }],
  [709, { name: 'ERROR_CHANGING_PASSWORD', text: 'error changing password' }],
]);

/** Fields every MS-CHAP-V2 packet but the one-octet Success/Failure Response has. */
interface Header {
  readonly kind: 'mschapv2';
  readonly opCode: number;
  readonly msChapV2Id: number;
  readonly msLength: number;
  /** Set when MS-Length disagrees with the octets present (Wireshark and strongSwan carry on). */
  readonly msLengthMismatch?: { readonly present: number };
}

export interface MsChapV2Challenge extends Header {
  readonly op: 'challenge';
  readonly challenge: Uint8Array;
  /** The authenticator's name (strongSwan sends "strongSwan"). */
  readonly name: string;
}

export interface MsChapV2Response extends Header {
  readonly op: 'response';
  readonly peerChallenge: Uint8Array;
  readonly reserved: Uint8Array;
  readonly ntResponse: Uint8Array;
  readonly flags: number;
  /** The user name the peer authenticates as (sensitive, like an identity). */
  readonly name: string;
}

/** A parsed "S=<auth_string> M=<message>" (RFC 2759 §5). */
export interface MsChapV2SuccessMessage {
  /** The 20-octet Authenticator Response, from the 40 hex digits after "S=". */
  readonly authenticatorResponse?: Uint8Array;
  readonly message?: string;
}

export interface MsChapV2SuccessRequest extends Header, MsChapV2SuccessMessage {
  readonly op: 'success';
  /** The whole message as sent. */
  readonly text: string;
}

/** A parsed "E=eeeeeeeeee R=r C=cccc… V=vvvvvvvvvv M=<msg>" (RFC 2759 §6). */
export interface MsChapV2FailureMessage {
  readonly error?: number;
  /** ERROR_AUTHENTICATION_FAILURE … for the RFC 2759 codes. */
  readonly errorName?: string;
  /** "authentication failure" … for the RFC 2759 codes. */
  readonly errorText?: string;
  /** R=1: the peer may retry. */
  readonly retry?: boolean;
  /** C=: the 16-octet challenge for a retry. */
  readonly challenge?: Uint8Array;
  /** V=: the password change protocol version (3). */
  readonly version?: number;
  readonly message?: string;
}

export interface MsChapV2FailureRequest extends Header, MsChapV2FailureMessage {
  readonly op: 'failure';
  readonly text: string;
}

/** The peer's acknowledgement of a Success or Failure Request: the OpCode (3 or 4) alone. */
export interface MsChapV2Ack {
  readonly kind: 'mschapv2';
  readonly op: 'ack';
  readonly opCode: number;
}

export interface MsChapV2ChangePassword extends Header {
  readonly op: 'change-password';
  readonly encryptedPasswordLength: number;
  readonly encryptedHashLength: number;
  readonly peerChallenge: Uint8Array;
  readonly ntResponse: Uint8Array;
  readonly flags: number;
}

export type MsChapV2Packet =
  | MsChapV2Challenge
  | MsChapV2Response
  | MsChapV2SuccessRequest
  | MsChapV2FailureRequest
  | MsChapV2Ack
  | MsChapV2ChangePassword;

export type EapMsChapV2 = MsChapV2Packet;

/** Parse "S=<40 hex> M=<message>"; fields that are missing or malformed are left out. */
export function parseSuccessMessage(text: string): MsChapV2SuccessMessage {
  const s = /(?:^|\s)S=([0-9A-Fa-f]{40})(?=\s|$)/.exec(text);
  const m = /(?:^|\s)M=(.*)$/s.exec(text);
  return {
    ...(s ? { authenticatorResponse: fromHex(s[1]!) } : {}),
    ...(m ? { message: m[1]! } : {}),
  };
}

/** Parse "E=691 R=0 C=<32 hex> V=3 M=<message>"; missing or malformed fields are left out. */
export function parseFailureMessage(text: string): MsChapV2FailureMessage {
  // M= runs to the end and may contain anything: take it off first.
  const mAt = /(?:^|\s)M=/.exec(text);
  const head = mAt ? text.slice(0, mAt.index) : text;
  const message = mAt ? text.slice(mAt.index + mAt[0].length) : undefined;
  const field = (k: string, re: string): string | undefined => new RegExp(`(?:^|\\s)${k}=(${re})(?=\\s|$)`).exec(head)?.[1];
  const e = field('E', '\\d{1,10}');
  const r = field('R', '[01]');
  const c = field('C', '[0-9A-Fa-f]{32}');
  const v = field('V', '\\d{1,10}');
  const error = e !== undefined ? Number(e) : undefined;
  const known = error !== undefined ? MSCHAPV2_ERRORS.get(error) : undefined;
  return {
    ...(error !== undefined ? { error } : {}),
    ...(known ? { errorName: known.name, errorText: known.text } : {}),
    ...(r !== undefined ? { retry: r === '1' } : {}),
    ...(c !== undefined ? { challenge: fromHex(c) } : {}),
    ...(v !== undefined ? { version: Number(v) } : {}),
    ...(message !== undefined ? { message } : {}),
  };
}

/** A Success/Failure message; strongSwan ends it with a NUL, which is not part of the text. */
function messageText(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return utf8Text(b.subarray(0, end));
}

/** Offsets in failures are into the EAP message: Type-Data starts at octet 5. */
const AT = 5;

function header(d: Uint8Array): Decoded<Omit<Header, 'kind'>> {
  if (d.length < 4) return fail(AT, `MSCHAPv2 ${msChapV2OpName(d[0]!)} of ${d.length} octets has no MS-CHAPv2-ID and MS-Length`);
  const msLength = u16(d, 2);
  return ok({
    opCode: d[0]!,
    msChapV2Id: d[1]!,
    msLength,
    ...(msLength !== d.length ? { msLengthMismatch: { present: d.length } } : {}),
  });
}

/** Value-Size and the value after the 4-octet header; `want` is the size the opcode requires. */
function value(d: Uint8Array, want: number, what: string): Decoded<{ value: Uint8Array; rest: Uint8Array }> {
  if (d.length < 5) return fail(AT + 4, `MSCHAPv2 ${what} has no Value-Size`);
  const size = d[4]!;
  if (size !== want) return fail(AT + 4, `MSCHAPv2 ${what} Value-Size is ${size}, not ${want}`);
  if (5 + size > d.length) return fail(AT + 4, `MSCHAPv2 ${what} value of ${size} octets runs past the ${d.length - 5} present`);
  return ok({ value: d.subarray(5, 5 + size), rest: d.subarray(5 + size) });
}

export function decodeMsChapV2(code: number, typeData: Uint8Array): Decoded<EapMsChapV2> {
  const d = typeData;
  if (d.length < 1) return fail(AT, 'MSCHAPv2 without an OpCode');
  const op = d[0]!;
  const request = code === EapCode.REQUEST;
  if ((op === MsChapV2OpCode.SUCCESS || op === MsChapV2OpCode.FAILURE) && !request) {
    // draft-kamath §2: the peer's Success/Failure Response is the OpCode alone.
    return ok({ kind: 'mschapv2', op: 'ack', opCode: op });
  }
  const h = header(d);
  if (!h.ok) return h;
  switch (op) {
    case MsChapV2OpCode.CHALLENGE: {
      if (!request) return fail(AT, 'MSCHAPv2 Challenge in a Response');
      const v = value(d, 16, 'Challenge');
      if (!v.ok) return v;
      return ok({ kind: 'mschapv2', op: 'challenge', ...h.value, challenge: v.value.value.slice(), name: utf8Text(v.value.rest) });
    }
    case MsChapV2OpCode.RESPONSE: {
      if (request) return fail(AT, 'MSCHAPv2 Response in a Request');
      const v = value(d, 49, 'Response');
      if (!v.ok) return v;
      const r = v.value.value;
      return ok({
        kind: 'mschapv2', op: 'response', ...h.value,
        peerChallenge: r.slice(0, 16), reserved: r.slice(16, 24), ntResponse: r.slice(24, 48), flags: r[48]!,
        name: utf8Text(v.value.rest),
      });
    }
    case MsChapV2OpCode.SUCCESS: {
      const text = messageText(d.subarray(4));
      return ok({ kind: 'mschapv2', op: 'success', ...h.value, text, ...parseSuccessMessage(text) });
    }
    case MsChapV2OpCode.FAILURE: {
      const text = messageText(d.subarray(4));
      return ok({ kind: 'mschapv2', op: 'failure', ...h.value, text, ...parseFailureMessage(text) });
    }
    case MsChapV2OpCode.CHANGE_PASSWORD: {
      if (request) return fail(AT, 'MSCHAPv2 Change-Password in a Request');
      // RFC 2759 §7: 516 + 16 + 16 + 8 + 24 + 2 octets after the header.
      if (d.length < 4 + 582) return fail(AT + 4, `MSCHAPv2 Change-Password has ${d.length - 4} octets after its header, needs 582`);
      const at = 4 + 516 + 16;
      return ok({
        kind: 'mschapv2', op: 'change-password', ...h.value,
        encryptedPasswordLength: 516, encryptedHashLength: 16,
        peerChallenge: d.slice(at, at + 16), ntResponse: d.slice(at + 24, at + 48), flags: u16(d, at + 48),
      });
    }
    default:
      return fail(AT, `MSCHAPv2 OpCode ${op} is not one of 1-4, 7`);
  }
}

/**
 * The peer's Response packet (draft-kamath §2, RFC 2759 §4): Value-Size 49, Peer-Challenge,
 * 8 reserved zero octets, NT-Response, Flags 0, Name; MS-Length covers OpCode to the end.
 */
export function encodeMsChapV2Response(r: { msChapV2Id: number; peerChallenge: Uint8Array; ntResponse: Uint8Array; name: string }): Uint8Array {
  if (r.peerChallenge.length !== 16 || r.ntResponse.length !== 24) throw new RangeError('MSCHAPv2 Response needs a 16-octet Peer-Challenge and a 24-octet NT-Response');
  const name = encodeText(r.name);
  const out = new Uint8Array(4 + 1 + 49 + name.length);
  out[0] = MsChapV2OpCode.RESPONSE;
  out[1] = r.msChapV2Id & 0xff;
  putU16(out, 2, out.length);
  out[4] = 49;
  out.set(r.peerChallenge, 5);
  out.set(r.ntResponse, 5 + 16 + 8);
  out.set(name, 5 + 49);
  return out;
}

/** The peer's acknowledgement of a Success or Failure Request: "the OpCode field alone" (draft-kamath §2). */
export function encodeMsChapV2Ack(opCode: typeof MsChapV2OpCode.SUCCESS | typeof MsChapV2OpCode.FAILURE): Uint8Array {
  return Uint8Array.of(opCode);
}

/** An authenticator's Challenge (tests play the authenticator with it). */
export function encodeMsChapV2Challenge(c: { msChapV2Id: number; challenge: Uint8Array; name: string }): Uint8Array {
  const name = encodeText(c.name);
  const head = Uint8Array.of(MsChapV2OpCode.CHALLENGE, c.msChapV2Id & 0xff, 0, 0, 16);
  const out = concat([head, c.challenge, name]);
  putU16(out, 2, out.length);
  return out;
}

/** An authenticator's Success or Failure Request carrying its message text. */
export function encodeMsChapV2Message(opCode: 3 | 4, msChapV2Id: number, text: string): Uint8Array {
  const out = concat([Uint8Array.of(opCode, msChapV2Id & 0xff, 0, 0), encodeText(text)]);
  putU16(out, 2, out.length);
  return out;
}
