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
