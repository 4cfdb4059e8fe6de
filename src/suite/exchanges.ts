/**
 * A session as the sequence of its exchanges and the gateway's answer to each, read from the
 * report model (so from any capture the pipeline decrypts), and two such sequences compared:
 * the heart of `ikescope replay`, which re-enacts a recorded session against a gateway and
 * says, exchange by exchange, whether the gateway now answers the same.
 *
 * What naturally differs between two runs is left out of the comparison: SPIs, nonces, KE
 * values, NAT detection hashes, cookies, and the host address a gateway assigns (a /32 or /128
 * traffic selector reads as "host").
 */
import type { MessageFacts } from '../analysis/facts.js';
import type { IkeSaRecord, MessageRecord, Report } from '../analysis/model.js';

export interface Answer {
  /** Notify names of the response, errors first as the peer sent them. */
  readonly notifies: readonly string[];
  /** The proposal the gateway chose, "ENCR/INTEG/PRF/DH" (ESP or IKE). */
  readonly proposal?: string;
  /** The KE payload's group. */
  readonly ke?: string;
  readonly cp?: readonly string[];
  readonly tsi?: readonly string[];
  readonly tsr?: readonly string[];
  /** Certificate subjects the gateway sent, in order. */
  readonly certs?: readonly string[];
  readonly auth?: string;
  readonly eap?: readonly string[];
  /** The response came in IKEv2 fragments (RFC 7383). */
  readonly fragmented: boolean;
  /** It carried an error notify: a type below 16384 (RFC 7296 §3.10.1), Windows' 12345 included. */
  readonly error: boolean;
}

export interface Exchange {
  readonly exchange: string;
  readonly requester: 'initiator' | 'responder';
  /** What the exchange did: "IKE_SA_INIT", "IKE_AUTH", "rekey-child", "rekey-ike", "new-child", "delete-child", "delete-ike", "liveness", "mobike-update". */
  readonly kind: string;
  readonly ts: number;
  readonly requestFrames: readonly number[];
  readonly responseFrames: readonly number[];
  /** Null: no answer in the capture. */
  readonly answer: Answer | null;
  /** For an exchange the gateway started, what it asked (its first proposal, KE group, notifies). */
  readonly gatewayRequest?: Answer;
}

export const failed = (a: Answer | null): boolean => a === null || a.error;

const hostTs = (ts: string) => ts.replace(/^[0-9.]+\/32$/, 'host/32').replace(/^[0-9a-f:]+\/128$/i, 'host/128');

function kindOf(req: MessageRecord): string {
  const f = req.facts;
  const notes = new Set((f.notifies ?? []).map((n) => n.name));
  switch (req.exchange) {
    case 'CREATE_CHILD_SA':
      if (notes.has('REKEY_SA')) return 'rekey-child';
      if (f.proposals?.some((p) => p.protocol === 'IKE')) return 'rekey-ike';
      return 'new-child';
    case 'INFORMATIONAL':
      if (f.deletes?.some((d) => d.protocol === 'IKE')) return 'delete-ike';
      if (f.deletes?.length) return 'delete-child';
      if (notes.has('UPDATE_SA_ADDRESSES')) return 'mobike-update';
      return req.inner === null ? 'informational' : 'liveness';
    default:
      return req.exchange;
  }
}

function chosen(f: MessageFacts): string | undefined {
  const p = f.proposals?.[0];
  if (!p) return undefined;
  return [p.protocol, ...p.encr, ...p.integ, ...p.prf, ...p.dh, ...p.esn].join('/');
}

function answerOf(res: MessageRecord): Answer {
  const f = res.facts;
  const a: { -readonly [K in keyof Answer]: Answer[K] } = {
    notifies: (f.notifies ?? []).map((n) => (n.windowsError ? `${n.name}(${n.windowsError.code})` : n.name)),
    fragmented: res.payloads.includes('SKF'),
    error: (f.notifies ?? []).some((n) => n.type < 16384),
  };
  const p = chosen(f);
  if (p) a.proposal = p;
  if (f.ke) a.ke = f.ke;
  if (f.cp) a.cp = [...f.cp.attributes];
  if (f.tsi) a.tsi = f.tsi.map(hostTs);
  if (f.tsr) a.tsr = f.tsr.map(hostTs);
  if (f.certs?.length) a.certs = f.certs.map((c) => c.subject ?? `${c.encoding} (${c.bytes} bytes)`);
  if (f.auth) a.auth = f.auth;
  if (f.eap?.length) a.eap = f.eap.map((e) => `${e.code}${e.type ? ` ${e.type}` : ''}`);
  return a;
}

/** The IKE_SA and the ones it was rekeyed into, in order. */
function chain(r: Report, first: IkeSaRecord): IkeSaRecord[] {
  const out = [first];
  for (let cur = first; cur.rekeyedTo;) {
    const next = r.ikeSas.find((s) => s.id === cur.rekeyedTo);
    if (!next || out.includes(next)) break;
    out.push((cur = next));
  }
  return out;
}

/** The exchanges of an IKE_SA (the first one when `saId` is not given) and its rekeyed successors. */
export function exchangesOf(r: Report, saId?: string): Exchange[] {
  const first = saId ? r.ikeSas.find((s) => s.id === saId) : r.ikeSas.find((s) => !s.rekeyedFrom);
  if (!first) return [];
  const out: Exchange[] = [];
  for (const sa of chain(r, first)) {
    for (const req of sa.messages) {
      if (req.response || req.retransmission) continue;
      const res = sa.messages.find((m) => m.response && !m.retransmission && m.exchange === req.exchange && m.mid === req.mid && m.requester === req.requester);
      out.push({
        exchange: req.exchange, requester: req.requester, kind: kindOf(req), ts: req.ts,
        requestFrames: req.frames, responseFrames: res?.frames ?? [], answer: res ? answerOf(res) : null,
        ...(req.fromInitiator ? {} : { gatewayRequest: answerOf(req) }),
      });
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

export type ExchangeVerdict = 'same' | 'changed' | 'new failure' | 'fixed' | 'missing' | 'new';

export interface ExchangeDiff {
  readonly verdict: ExchangeVerdict;
  readonly recorded?: Exchange;
  readonly replayed?: Exchange;
  /** What differs, one phrase each ("proposal ENCR_AES_CBC_256/… → ENCR_3DES/…"). */
  readonly differences: readonly string[];
}

const key = (e: Exchange) => `${e.requester} ${e.kind}`;
const show = (v: unknown) => (v === undefined ? 'none' : Array.isArray(v) ? (v.length ? v.join(' ') : 'none') : String(v));

export function compareAnswers(a: Answer | null, b: Answer | null): string[] {
  if (a === null || b === null) return a === b ? [] : [a === null ? 'no answer was recorded; now answered' : 'answered when recorded; no answer now'];
  const out: string[] = [];
  const fields: Array<keyof Answer> = ['proposal', 'ke', 'notifies', 'cp', 'tsi', 'tsr', 'certs', 'auth', 'eap', 'fragmented'];
  for (const k of fields) {
    const x = k === 'notifies' ? [...a.notifies].sort() : a[k];
    const y = k === 'notifies' ? [...b.notifies].sort() : b[k];
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${k} ${show(a[k])} → ${show(b[k])}`);
  }
  return out;
}

/**
 * Aligns the two sequences by what each exchange did (in order, per requester and kind) and
 * compares each pair's answers.
 */
export function diffExchanges(recorded: readonly Exchange[], replayed: readonly Exchange[]): ExchangeDiff[] {
  const out: ExchangeDiff[] = [];
  let j = 0;
  const used = new Set<number>();
  for (const rec of recorded) {
    let k = j;
    while (k < replayed.length && (used.has(k) || key(replayed[k]!) !== key(rec))) k++;
    if (k >= replayed.length) { out.push({ verdict: 'missing', recorded: rec, differences: [`the replay had no ${rec.kind} from the ${rec.requester}`] }); continue; }
    // Exchanges skipped over in the replay are new ones.
    for (let s = j; s < k; s++) if (!used.has(s)) { used.add(s); out.push({ verdict: 'new', replayed: replayed[s]!, differences: [`${replayed[s]!.kind} from the ${replayed[s]!.requester} was not in the recording`] }); }
    used.add(k);
    j = k + 1;
    const rep = replayed[k]!;
    const differences = [
      ...(rec.gatewayRequest && rep.gatewayRequest ? compareAnswers(rec.gatewayRequest, rep.gatewayRequest).map((d) => `the gateway's request: ${d}`) : []),
      ...compareAnswers(rec.answer, rep.answer),
    ];
    const wasFailed = failed(rec.answer);
    const nowFailed = failed(rep.answer);
    const verdict: ExchangeVerdict = !wasFailed && nowFailed ? 'new failure' : wasFailed && !nowFailed ? 'fixed' : differences.length ? 'changed' : 'same';
    out.push({ verdict, recorded: rec, replayed: rep, differences });
  }
  for (let s = j; s < replayed.length; s++) if (!used.has(s)) out.push({ verdict: 'new', replayed: replayed[s]!, differences: [`${replayed[s]!.kind} from the ${replayed[s]!.requester} was not in the recording`] });
  return out;
}
