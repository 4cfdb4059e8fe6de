/**
 * The decrypted inner payloads of a lab capture, through the path `dump -V --keys` takes: the
 * gateway's charon log loaded as a key source, the decode stage and the session builder. The
 * IKE messages the payloads came in are kept too, for the payload tree.
 */
import { join } from 'node:path';
import { decodeFrames } from '../../../src/analysis/packets.js';
import { SessionBuilder } from '../../../src/analysis/sessions.js';
import { openCapture } from '../../../src/capture/index.js';
import type { IkeMessage } from '../../../src/ikev2/message.js';
import { isRaw, type KnownPayload, type Payload } from '../../../src/ikev2/payload.js';
import { loadKeys } from '../../../src/keys/index.js';
import { CAPTURES } from '../../helpers/cli.js';

export interface DecryptedMessage {
  readonly frame: number;
  readonly message: IkeMessage;
  /** The decrypted payloads (on the last fragment of a fragmented message); [] for plaintext. */
  readonly inner: readonly Payload[];
}

const cache = new Map<string, Promise<DecryptedMessage[]>>();

async function load(name: string): Promise<DecryptedMessage[]> {
  const { store, problems } = await loadKeys([join(CAPTURES, `${name}.gateway.log`)]);
  if (problems.some((p) => p.fatal)) throw new Error(`keys of ${name}: ${problems.map((p) => p.message).join('; ')}`);
  const sessions = new SessionBuilder({ keys: store });
  const out: DecryptedMessage[] = [];
  for await (const ev of decodeFrames(openCapture(join(CAPTURES, `${name}.pcap`)))) {
    if (ev.kind !== 'record') continue;
    const notes = sessions.add(ev.record);
    if (ev.record.ike?.version === 2) out.push({ frame: ev.record.frame, message: ev.record.ike.message, inner: notes.inner?.payloads ?? [] });
  }
  return out;
}

/** Every IKEv2 message of captures/NAME.pcap, decrypted with the keys of NAME.gateway.log. */
export function decrypted(name: string): Promise<DecryptedMessage[]> {
  let p = cache.get(name);
  if (!p) cache.set(name, (p = load(name)));
  return p;
}

/** The payload value whose `type` can be T (IDi and IDr share one interface, typed 35 | 36). */
export type PayloadFor<T extends number> = KnownPayload extends infer P ? (P extends { readonly type: infer U } ? (T extends U ? P : never) : never) : never;

/** The decoded (not raw) inner payloads of one type, with the frame each came in. */
export async function innerOfType<T extends KnownPayload['type']>(name: string, type: T): Promise<{ frame: number; payload: PayloadFor<T> }[]> {
  const out: { frame: number; payload: PayloadFor<T> }[] = [];
  for (const m of await decrypted(name)) {
    for (const p of m.inner) if (p.type === type && !isRaw(p)) out.push({ frame: m.frame, payload: p as PayloadFor<T> });
  }
  return out;
}
