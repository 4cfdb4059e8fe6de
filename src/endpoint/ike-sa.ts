/**
 * One IKE_SA's protection of messages after IKE_SA_INIT: building a message with the inner
 * payloads sealed in SK (RFC 7296 §3.14), and opening a received one (ICV first, then the
 * payload chain). The initiator seals with SK_ei/SK_ai and opens with SK_er/SK_ar (§2.14).
 */
import { sealSk, openSk } from '../crypto/sk.js';
import type { IkeSaKeys } from '../crypto/keymat.js';
import type { EncrAlgorithm, IntegAlgorithm, PrfAlgorithm, SkKeys } from '../crypto/types.js';
import { parseInnerPayloads, parseMessage, serializeMessage, serializePayloads, type IkeMessage } from '../ikev2/message.js';
import { isRaw, type Payload } from '../ikev2/payload.js';
import { IKE_HEADER_LENGTH, type IkeHeader } from '../ikev2/header.js';
import { PayloadType } from '../ikev2/registry/payload-types.js';
import { fail, ok, type Decoded } from '../problem.js';

export interface IkeSaParams {
  readonly ispi: Uint8Array;
  readonly rspi: Uint8Array;
  readonly encr: EncrAlgorithm;
  readonly integ?: IntegAlgorithm;
  readonly prf: PrfAlgorithm;
  readonly dh: number;
  readonly keys: IkeSaKeys;
  /** Whether we are the original initiator of this IKE_SA (the I flag, §3.1). */
  readonly initiator: boolean;
}

export interface Opened {
  readonly header: IkeHeader;
  readonly payloads: readonly Payload[];
}

/** Offset of the last payload of a message's outer chain (where SK or SKF must be). */
function lastPayloadOffset(bytes: Uint8Array): number | undefined {
  let at = IKE_HEADER_LENGTH;
  let type = bytes[16]!;
  let last: number | undefined;
  while (type !== PayloadType.NONE) {
    if (at + 4 > bytes.length) return undefined;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 4) return undefined;
    last = at;
    if (type === PayloadType.SK || type === PayloadType.SKF) return last;
    type = bytes[at]!;
    at += length;
  }
  return last;
}

/** One verified and decrypted IKEv2 fragment (RFC 7383 §2.5). */
export interface OpenedFragment {
  readonly header: IkeHeader;
  readonly number: number;
  readonly total: number;
  /** Next Payload of the first fragment: the first inner payload's type (0 in the others). */
  readonly innerType: number;
  readonly plaintext: Uint8Array;
}

/** RFC 7383 §2.5: more fragments than this are refused (a bound on memory, not the RFC's). */
export const MAX_FRAGMENTS = 64;

export class IkeSa {
  readonly out: SkKeys;
  readonly in: SkKeys;
  /** Next Message ID of our requests (§2.2); the peer's are tracked by the exchange layer. */
  nextRequestId = 0;

  constructor(readonly p: IkeSaParams) {
    const k = p.keys;
    const mine = { encrKey: p.initiator ? k.skEi : k.skEr, integKey: p.initiator ? k.skAi : k.skAr };
    const theirs = { encrKey: p.initiator ? k.skEr : k.skEi, integKey: p.initiator ? k.skAr : k.skAi };
    const base = { encr: p.encr, ...(p.integ ? { integ: p.integ } : {}), integrity: 'check' as const };
    this.out = { ...base, encrKey: mine.encrKey, ...(p.integ ? { integKey: mine.integKey } : {}) };
    this.in = { ...base, encrKey: theirs.encrKey, ...(p.integ ? { integKey: theirs.integKey } : {}) };
  }

  /** A whole message with `inner` sealed in one SK payload. */
  seal(exchangeType: number, messageId: number, response: boolean, inner: readonly Payload[]): Uint8Array {
    const prefix = serializeMessage({
      header: { ispi: this.p.ispi, rspi: this.p.rspi, exchangeType, messageId, initiator: this.p.initiator, response },
      payloads: [],
    });
    const chain = serializePayloads(inner);
    return sealSk(prefix, chain.firstType, chain.bytes, this.out);
  }

  /**
   * RFC 7383 §2.5: the message is split into fragments of the inner payload chain, each sealed
   * as its own SKF payload (Fragment Number, Total Fragments, IV, ICV); the first carries the
   * first inner payload's type. `chunk` is how many plaintext octets go in each.
   */
  sealFragments(exchangeType: number, messageId: number, response: boolean, inner: readonly Payload[], chunk: number): Uint8Array[] {
    const prefix = serializeMessage({
      header: { ispi: this.p.ispi, rspi: this.p.rspi, exchangeType, messageId, initiator: this.p.initiator, response },
      payloads: [],
    });
    const chain = serializePayloads(inner);
    const total = Math.max(1, Math.ceil(chain.bytes.length / chunk));
    const out: Uint8Array[] = [];
    for (let n = 1; n <= total; n++) {
      const part = chain.bytes.subarray((n - 1) * chunk, n * chunk);
      out.push(sealSk(prefix, n === 1 ? chain.firstType : 0, part, this.out, { fragment: { number: n, total } }));
    }
    return out;
  }

  /** One SKF message: its fragment verified (§2.6.2: each fragment's ICV before it is kept) and decrypted. */
  openFragment(bytes: Uint8Array): Decoded<OpenedFragment> {
    const m = parseMessage(bytes);
    if (!m.ok) return m;
    if (m.value.malformed) return fail(m.value.malformed.offset, m.value.malformed.reason);
    const skf = m.value.payloads[m.value.payloads.length - 1];
    if (!skf || isRaw(skf) || skf.type !== PayloadType.SKF) return fail(IKE_HEADER_LENGTH, 'not an IKEv2 fragment');
    // §2.6: "Total Fragments ... MUST be at least 1"; the number within 1..total.
    if (skf.totalFragments < 1 || skf.fragmentNumber < 1 || skf.fragmentNumber > skf.totalFragments) {
      return fail(IKE_HEADER_LENGTH, `fragment ${skf.fragmentNumber} of ${skf.totalFragments}`);
    }
    if (skf.totalFragments > MAX_FRAGMENTS) return fail(IKE_HEADER_LENGTH, `${skf.totalFragments} fragments (at most ${MAX_FRAGMENTS} accepted)`);
    const at = lastPayloadOffset(bytes);
    if (at === undefined) return fail(IKE_HEADER_LENGTH, 'payload chain does not reach the SKF payload');
    const opened = openSk(bytes.subarray(0, m.value.header.length), at, this.in);
    if (!opened.ok) return fail(at, opened.reason === 'icv-mismatch' ? `integrity check failed: ${opened.message}` : opened.message);
    return ok({ header: m.value.header, number: skf.fragmentNumber, total: skf.totalFragments, innerType: skf.innerType, plaintext: opened.plaintext });
  }

  /**
   * Opens a received message of this IKE_SA: header, then SK (integrity checked before
   * anything is decrypted), then the inner chain. A message without SK is returned as parsed
   * only if it is allowed to be plain (never after IKE_SA_INIT, §3.14) — so it is a failure.
   */
  open(bytes: Uint8Array): Decoded<Opened> {
    const m = parseMessage(bytes);
    if (!m.ok) return m;
    const msg: IkeMessage = m.value;
    if (msg.malformed) return fail(msg.malformed.offset, msg.malformed.reason);
    const sk = msg.payloads[msg.payloads.length - 1];
    if (!sk || isRaw(sk) || sk.type !== PayloadType.SK) {
      return fail(IKE_HEADER_LENGTH, sk?.type === PayloadType.SKF ? 'IKEv2 fragment (SKF)' : 'message has no Encrypted payload (RFC 7296 §3.14)');
    }
    const at = lastPayloadOffset(bytes);
    if (at === undefined) return fail(IKE_HEADER_LENGTH, 'payload chain does not reach the SK payload');
    const opened = openSk(bytes.subarray(0, msg.header.length), at, this.in);
    if (!opened.ok) return fail(at, opened.reason === 'icv-mismatch' ? `integrity check failed: ${opened.message}` : opened.message);
    const inner = parseInnerPayloads(sk.innerType, opened.plaintext);
    if (inner.malformed) return fail(inner.malformed.offset, `inside SK: ${inner.malformed.reason}`);
    return ok({ header: msg.header, payloads: inner.payloads });
  }
}

export { lastPayloadOffset };
