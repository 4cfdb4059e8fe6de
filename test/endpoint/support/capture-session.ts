/**
 * One IKE_SA of a lab capture as the authentication tests need it: every IKE message with its
 * raw octets (RealMessage1/2 of RFC 7296 §2.15 are the IKE_SA_INIT messages as sent), its
 * decrypted inner payloads, and the IKE_SA's keys from the gateway's charon log — the log
 * and the recorded bytes are the oracle, nothing is recomputed from our own output.
 */
import { join } from 'node:path';
import { decodeFrames } from '../../../src/analysis/packets.js';
import { SessionBuilder } from '../../../src/analysis/sessions.js';
import { openCapture } from '../../../src/capture/index.js';
import { prf } from '../../../src/crypto/prf.js';
import { prfAlgorithm } from '../../../src/crypto/algorithms.js';
import { concat } from '../../../src/ikev2/bytes.js';
import type { IkeMessage } from '../../../src/ikev2/message.js';
import { isRaw, type Payload } from '../../../src/ikev2/payload.js';
import { idCodec, type IdPayload } from '../../../src/ikev2/payloads/id.js';
import { PayloadType } from '../../../src/ikev2/registry/payload-types.js';
import { loadKeys, type IkeSaKeySet } from '../../../src/keys/index.js';
import { CAPTURES } from '../../helpers/cli.js';

export interface CapturedMessage {
  readonly frame: number;
  readonly raw: Uint8Array;
  readonly message: IkeMessage;
  readonly inner: readonly Payload[];
}

export interface CapturedSession {
  readonly messages: readonly CapturedMessage[];
  readonly keys: IkeSaKeySet;
}

/** A shipped capture by name (captures/NAME.pcap with NAME.gateway.log), or any pcap and charon log. */
export async function capturedSession(from: string | { pcap: string; log: string }): Promise<CapturedSession> {
  const name = typeof from === 'string' ? from : from.pcap;
  const pcap = typeof from === 'string' ? join(CAPTURES, `${from}.pcap`) : from.pcap;
  const { store } = await loadKeys([typeof from === 'string' ? join(CAPTURES, `${from}.gateway.log`) : from.log]);
  const sessions = new SessionBuilder({ keys: store });
  const messages: CapturedMessage[] = [];
  for await (const ev of decodeFrames(openCapture(pcap))) {
    if (ev.kind !== 'record' || ev.record.ike?.version !== 2) continue;
    const c = ev.record.net.content;
    if (c.kind !== 'ike') continue;
    const notes = sessions.add(ev.record);
    messages.push({ frame: ev.record.frame, raw: c.bytes, message: ev.record.ike.message, inner: notes.inner?.payloads ?? [] });
  }
  const keys = store.ike[0];
  if (!keys) throw new Error(`${name}: no IKE keys in the gateway log`);
  return { messages, keys };
}

/** Decoded payloads of type T, outer and inner, in message order. */
export function payloadsOf<P extends Payload>(messages: readonly CapturedMessage[], type: number, filter?: (m: CapturedMessage) => boolean): { m: CapturedMessage; p: P }[] {
  const out: { m: CapturedMessage; p: P }[] = [];
  for (const m of messages) {
    if (filter && !filter(m)) continue;
    for (const p of [...m.message.payloads, ...m.inner]) if (p.type === type && !isRaw(p)) out.push({ m, p: p as P });
  }
  return out;
}

/**
 * RFC 7296 §2.15 signed octets of one side: its IKE_SA_INIT message | the peer's nonce data |
 * prf(SK_p, its ID payload body). `side` 'i' uses the request, Nr and SK_pi; 'r' the response,
 * Ni and SK_pr.
 */
export function signedOctets(s: CapturedSession, side: 'i' | 'r'): Uint8Array {
  const init = s.messages.filter((m) => m.message.header.exchangeType === 34);
  const own = init.find((m) => m.message.header.response === (side === 'r'))!;
  const peer = init.find((m) => m.message.header.response !== (side === 'r'))!;
  const nonce = payloadsOf<Payload & { data: Uint8Array }>([peer], PayloadType.NONCE)[0]!.p.data;
  // The sender's own ID payload (an initiator may send IDr too, naming the gateway it wants).
  const id = payloadsOf<IdPayload>(s.messages, side === 'i' ? PayloadType.IDi : PayloadType.IDr, (m) => m.message.header.initiator === (side === 'i'))[0]!.p;
  const alg = prfAlgorithm(s.keys.prf!.id)!;
  const key = side === 'i' ? s.keys.skPi! : s.keys.skPr!;
  return concat([own.raw, nonce, prf(alg, key, idCodec.serialize(id))]);
}
