/**
 * A recorded session as replay needs it: the report (to compare answers with), and the
 * initiator's own messages with their payloads — outer for IKE_SA_INIT, decrypted for the rest
 * — so its behaviour can be enacted again: proposals, Vendor IDs, notifies with their data,
 * payload order, identities, the CP request, traffic selectors, and when each later exchange
 * came. Read through the one pipeline (src/pipeline.ts); nothing is parsed twice.
 */
import type { IkeSaRecord, Report } from '../analysis/model.js';
import type { KeyStore } from '../keys/index.js';
import type { Payload } from '../ikev2/payload.js';
import { analyzeCapture } from '../pipeline.js';
import type { Problem } from '../problem.js';

export interface RecordedMessage {
  readonly frame: number;
  /** Seconds since the capture's first frame. */
  readonly ts: number;
  readonly exchange: number;
  readonly mid: number;
  readonly response: boolean;
  /** Sent by the IKE_SA's original initiator. */
  readonly fromInitiator: boolean;
  readonly ispi: string;
  /** IKE_SA_INIT: its payloads; encrypted messages: the decrypted payloads, or null when closed. */
  readonly payloads: readonly Payload[] | null;
}

/** An ICMP echo request the client sent through the tunnel (decrypted ESP), and whether it was answered. */
export interface RecordedEcho {
  readonly frame: number;
  readonly ts: number;
  /** The inner source and destination. */
  readonly source: string;
  readonly target: string;
  readonly answered: boolean;
}

export interface Recording {
  readonly report: Report;
  /** The first IKE_SA of the capture (or the one asked for) and its rekeyed successors. */
  readonly chain: readonly IkeSaRecord[];
  /** The messages of that chain, in capture order, retransmissions left out. */
  readonly messages: readonly RecordedMessage[];
  /** The client's echo requests inside ESP to the chain's gateway, in capture order. */
  readonly echoes: readonly RecordedEcho[];
}

/** Copies every byte array inside a decoded payload: the pipeline's frame buffers are reused. */
function detach<T>(v: T): T {
  if (v instanceof Uint8Array) return v.slice() as T;
  if (Array.isArray(v)) return v.map(detach) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = detach(x);
    return out as T;
  }
  return v;
}

const hexOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

/** At most this many IKE messages are kept while reading (a replay is about one session). */
const MAX_MESSAGES = 4000;

export async function readRecording(path: string, o: { keys?: KeyStore; keyProblems?: readonly Problem[]; saId?: string }): Promise<{ ok: true; recording: Recording } | { ok: false; reason: string }> {
  const kept: Array<RecordedMessage & { frames: number }> = [];
  let first: number | undefined;
  const icmp: Array<{ frame: number; ts: number; outerDst: string; src: string; dst: string; request: boolean; key: string }> = [];
  const res = await analyzeCapture(path, {
    ...(o.keys ? { keys: o.keys } : {}), ...(o.keyProblems ? { keyProblems: o.keyProblems } : {}),
    onFrame: (r, notes) => {
      const ts = r.sec + r.nsec / 1e9;
      const inner = notes.esp?.inner;
      // "ICMP echo request id 5 seq 1" (net/inner.ts): requests and replies pair by id and seq.
      const echo = inner && /^ICMP(?:v6)? echo (request|reply) (id \d+ seq \d+)$/.exec(inner.summary);
      if (echo && r.net.dst && first !== undefined && icmp.length < MAX_MESSAGES) {
        icmp.push({ frame: r.frame, ts: Math.round((ts - first) * 1e6) / 1e6, outerDst: r.net.dst.ip, src: inner.src, dst: inner.dst, request: echo[1] === 'request', key: echo[2]! });
      }
      if (r.ike?.version !== 2 || kept.length >= MAX_MESSAGES) return;
      first ??= ts;
      const h = r.ike.message.header;
      const encrypted = r.ike.message.payloads.some((p) => p.type === 46 || p.type === 53);
      // Fragments (SKF) are gathered by the analysis: the whole message comes with the last one.
      if (encrypted && !notes.inner && r.ike.message.payloads.some((p) => p.type === 53)) return;
      kept.push({
        frame: r.frame, frames: r.frame, ts: Math.round((ts - first) * 1e6) / 1e6, exchange: h.exchangeType, mid: h.messageId, response: h.response,
        fromInitiator: h.initiator, ispi: hexOf(h.ispi),
        payloads: encrypted ? (notes.inner ? detach(notes.inner.payloads) : null) : detach(r.ike.message.payloads),
      });
    },
  });
  if (!res.ok) return { ok: false, reason: res.problem.message };
  const report = res.report;
  const start = o.saId ? report.ikeSas.find((s) => s.id === o.saId) : report.ikeSas.find((s) => !s.rekeyedFrom);
  if (!start) return { ok: false, reason: o.saId ? `no IKE_SA ${o.saId} in ${path}` : `no IKE_SA in ${path}` };
  const chain: IkeSaRecord[] = [start];
  for (let cur = start; cur.rekeyedTo;) {
    const next = report.ikeSas.find((s) => s.id === cur.rekeyedTo);
    if (!next || chain.includes(next)) break;
    chain.push((cur = next));
  }
  // A message belongs to the chain when its last frame is one of the chain's messages' frames.
  const frames = new Set<number>();
  const retransmitted = new Set<number>();
  for (const sa of chain) for (const m of sa.messages) { for (const f of m.frames) frames.add(f); if (m.retransmission) retransmitted.add(m.frames.at(-1)!); }
  const messages = kept.filter((m) => frames.has(m.frame) && !retransmitted.has(m.frame)).map(({ frames: _f, ...m }) => m);
  // Requests sent to the gateway's address are the client's (after a move too: the gateway stays).
  const gateway = new Set(chain.map((sa) => sa.responder.ip));
  const echoes = icmp.filter((e) => e.request && gateway.has(e.outerDst)).map((e) => ({
    frame: e.frame, ts: e.ts, source: e.src, target: e.dst,
    answered: icmp.some((x) => !x.request && x.frame > e.frame && x.src === e.dst && x.dst === e.src && x.key === e.key),
  }));
  return { ok: true, recording: { report, chain, messages, echoes } };
}
