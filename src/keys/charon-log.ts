/**
 * Keys from a strongSwan charon log written with `ike = 4` and `chd = 4` (keymat_v2.c logs every
 * derived key as a hex dump: "Sk_ei secret => 16 bytes @ 0x…" then "   0: AE DF …  ascii").
 *
 * Every line form charon writes is read: the file logger with or without a time stamp
 * (`time_format`, `time_add_ms`), with or without the IKE_SA prefix (`ike_name`: "<rw-eap|1>",
 * "<1>") and the level in the group ("[IKE4]", `log_level`); syslog, where each dump line
 * carries the syslog prefix too; and the file logger's JSON form (`json = yes`). Lines are found
 * by charon's own prefix, "NN[GRP]", wherever it stands in the line.
 *
 * Lines are grouped per IKE_SA by its unique ID (the "<name|N>" prefix; without it, the IKE_SA
 * the thread has checked out, from charon's MGR lines). Per IKE_SA:
 * - the SPIs from "checkin IKEv2 SA name[N] with SPIs <i>_i <r>_r" (an all-zero responder SPI is
 *   the initiator's half-made SA and is skipped);
 * - the algorithms from "selected proposal: IKE:…" and each CHILD_SA's "selected proposal: ESP:…";
 * - SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr, and per CHILD_SA the encryption and integrity
 *   keys of the initiator and the responder of the exchange that created it (RFC 7296 §2.17).
 *
 * Binding CHILD_SA keys to SPIs follows child_create.c (select_and_install): the initiator of the
 * CREATE_CHILD_SA or IKE_AUTH exchange installs its inbound SA with the responder's keys and its
 * outbound SA with its own; the responder the reverse. Which side this charon was comes from the
 * last message it parsed before deriving ("parsed IKE_AUTH response" → initiator), else from the
 * IKE_SA's role ("initiating IKE_SA" / "is initiating an IKE_SA"); inbound and outbound SPIs come
 * from "adding inbound ESP SA" + "  SPI 0x…, src … dst …" and from "CHILD_SA … established with
 * SPIs <in>_i <out>_o". When that is not in the log, the keys are given without SPI.
 *
 * The SPI lines' addresses are not kept: behind a NAT the two peers' logs name different
 * addresses for the same SA, and a capture may have been taken on either side.
 */
import type { EspSaKeySet, IkeSaKeySet } from './model.js';
import type { Problem } from '../problem.js';
import { isAead } from './algorithms.js';
import { parseStrongSwanProposal, type StrongSwanProposal } from './strongswan-names.js';
import { problem, quote } from './text.js';
import { espKeyProblem, ikeKeyProblem } from './validate.js';

/** One message line of charon's, without its prefixes. */
export interface CharonLine {
  readonly line: number;
  readonly thread: string;
  readonly group: string;
  /** The IKE_SA unique ID and name from the "<name|N>" prefix, when the logger wrote it. */
  readonly saId?: string;
  readonly saName?: string;
  readonly text: string;
}

const PREFIX = /(?:^|\s)(\d{2,})\[([A-Z]{3})\d?\](?: <([^<>]*)>)? (.*)$/;

function fromContext(ctx: string | undefined): { saId?: string; saName?: string } {
  if (ctx === undefined) return {};
  const bar = ctx.lastIndexOf('|');
  const id = bar >= 0 ? ctx.slice(bar + 1) : ctx;
  if (!/^\d+$/.test(id)) return {};
  return bar >= 0 ? { saId: id, saName: ctx.slice(0, bar) } : { saId: id };
}

/** The charon lines of a log in any of its forms; other lines are skipped. */
export function charonLines(text: string): CharonLine[] {
  const out: CharonLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.startsWith('{')) {
      const json = jsonLine(raw, i + 1);
      if (json) { out.push(...json); continue; }
    }
    const m = PREFIX.exec(raw);
    if (!m) continue;
    out.push({ line: i + 1, thread: m[1]!, group: m[2]!, ...fromContext(m[3]), text: m[4]! });
  }
  return out;
}

/** file_logger's `json = yes` form: one object per message, the message's lines joined by \n. */
function jsonLine(raw: string, line: number): CharonLine[] | undefined {
  let o: unknown;
  try { o = JSON.parse(raw); } catch { return undefined; }
  if (!o || typeof o !== 'object') return undefined;
  const r = o as Record<string, unknown>;
  if (typeof r.msg !== 'string' || (typeof r.thread !== 'number' && typeof r.thread !== 'string')) return undefined;
  const id = r['ikesa-uniqueid'];
  const name = r['ikesa-name'];
  const ctx = id === undefined ? {} : { saId: String(id), ...(typeof name === 'string' && name ? { saName: name } : {}) };
  return r.msg.split('\n').map((text) => ({ line, thread: String(r.thread).padStart(2, '0'), group: String(r.group ?? ''), ...ctx, text }));
}

/**
 * Whether the text has a line with charon's prefix anywhere (a syslog file may hold thousands of
 * other programs' lines before charon's), or a line of its JSON logger.
 */
export function looksLikeCharonLog(text: string): boolean {
  return /(?:^|[ \t])\d{2,}\[[A-Z]{3}\d?\](?: <[^<>\n]*>)? /m.test(text) || /^\{.*"thread"\s*:.*"msg"\s*:/m.test(text);
}

// ---------------------------------------------------------------- the state of one IKE_SA

type IkeKeyName = 'skD' | 'skAi' | 'skAr' | 'skEi' | 'skEr' | 'skPi' | 'skPr';
type ChildKeyName = 'encrI' | 'encrR' | 'integI' | 'integR';

interface Dumped { readonly bytes: Uint8Array; readonly line: number }

interface IkeDraft {
  line: number;
  proposal?: StrongSwanProposal;
  keys: Partial<Record<IkeKeyName, Dumped>>;
}

interface ChildDraft {
  line: number;
  proposal?: StrongSwanProposal;
  keys: Partial<Record<ChildKeyName, Dumped>>;
  /** This charon initiated the exchange that created the CHILD_SA. */
  initiator?: boolean;
  inbound?: number;
  outbound?: number;
  established: boolean;
}

interface SaState {
  ispi?: string;
  rspi?: string;
  role?: 'initiator' | 'responder';
  lastParsed?: 'request' | 'response';
  ike: IkeDraft[];
  children: ChildDraft[];
  /** "derive keys using PPK": the next SK_d, SK_pi, SK_pr replace the current ones. */
  ppk: boolean;
  /** The IKE_SA whose CREATE_CHILD_SA exchange made this one (an IKE_SA rekey). */
  parent?: string;
  /** IKE_SAs this one's rekeys created, in order. */
  rekeyedTo: string[];
}

interface PendingDump {
  readonly sa: SaState;
  readonly label: string;
  readonly total: number;
  readonly line: number;
  readonly bytes: number[];
}

const IKE_KEY = /^S[Kk]_(d|ai|ar|ei|er|pi|pr) secret$/;
const CHILD_KEY = /^(encryption|integrity) (initiator|responder) key$/;
const DUMP_HEADER = /^(.*\S) => (\d+) bytes @ \S+$/;
const DUMP_LINE = /^\s*(\d+): ((?:[0-9A-F]{2} ?)+)/;

export interface CharonParse {
  readonly ike: IkeSaKeySet[];
  readonly esp: EspSaKeySet[];
  readonly problems: Problem[];
  /** Lines that were charon's (0: not a charon log). */
  readonly lines: number;
}

export function parseCharonLog(text: string, source: string): CharonParse {
  const lines = charonLines(text);
  const problems: Problem[] = [];
  const sas = new Map<string, SaState>();
  const threadSa = new Map<string, string>();
  const pending = new Map<string, PendingDump>();
  const where = (line: number) => `${source}:${line}`;

  const sa = (key: string): SaState => {
    let s = sas.get(key);
    if (!s) {
      s = { ike: [], children: [], ppk: false, rekeyedTo: [] };
      sas.set(key, s);
    }
    return s;
  };

  const deliver = (d: PendingDump) => {
    const bytes = Uint8Array.from(d.bytes);
    const ikeKey = IKE_KEY.exec(d.label);
    if (ikeKey) {
      const name = (`sk${ikeKey[1]![0]!.toUpperCase()}${ikeKey[1]!.slice(1)}`) as IkeKeyName;
      let draft = d.sa.ike[d.sa.ike.length - 1];
      const ppkReplace = d.sa.ppk && (name === 'skD' || name === 'skPi' || name === 'skPr') && draft;
      if (!draft || (draft.keys[name] && !ppkReplace)) {
        draft = { line: d.line, keys: {} };
        d.sa.ike.push(draft);
      }
      draft.keys[name] = { bytes, line: d.line };
      if (name === 'skPr') d.sa.ppk = false;
      return;
    }
    const childKey = CHILD_KEY.exec(d.label);
    if (childKey) {
      const name = (`${childKey[1] === 'encryption' ? 'encr' : 'integ'}${childKey[2] === 'initiator' ? 'I' : 'R'}`) as ChildKeyName;
      let child = d.sa.children[d.sa.children.length - 1];
      if (!child || child.keys[name] || child.established) {
        child = { line: d.line, keys: {}, established: false };
        d.sa.children.push(child);
      }
      if (Object.keys(child.keys).length === 0) {
        child.initiator = d.sa.lastParsed === 'response' ? true : d.sa.lastParsed === 'request' ? false : undefined;
      }
      child.keys[name] = { bytes, line: d.line };
    }
  };

  /** The SPI line after "adding inbound ESP SA", per thread. */
  const direction = new Map<string, { sa: SaState; dir: 'inbound' | 'outbound' | 'other' }>();

  for (const l of lines) {
    // Which IKE_SA the line belongs to: its "<name|N>" prefix; without one, the IKE_SA a thread works on is the one it checked out
    // (or created, when it had none: creating one while holding another is an IKE_SA rekey).
    const named = /(?:^|\s)(?:IKE_SA|IKEv2 SA|IKEv1 SA) (.*?)\[(\d+)\]/.exec(l.text);
    const held = threadSa.get(l.thread);
    if (l.saId !== undefined) threadSa.set(l.thread, l.saId);
    else if (named && /successfully checked out/.test(l.text)) threadSa.set(l.thread, named[2]!);
    else if (named && held === undefined && /^created IKE_SA|initiating IKE_SA|is initiating IKE_SA/.test(l.text)) threadSa.set(l.thread, named[2]!);
    const key = l.saId ?? threadSa.get(l.thread) ?? `thread ${l.thread}`;
    const state = sa(key);
    // An IKE_SA rekey: the old IKE_SA's CREATE_CHILD_SA exchange creates the new one. Its keys
    // are logged under the old IKE_SA (initiator) or the new one (responder, whose "selected
    // proposal" line is still the old one's).
    const created = /^created IKE_SA (.*)\[(\d+)\]$/.exec(l.text.trim());
    const creator = l.saId ?? held;
    if (created && creator !== undefined && created[2] !== creator) {
      sa(created[2]!).parent = creator;
      sa(creator).rekeyedTo.push(created[2]!);
    }

    // A hex dump in progress on this thread.
    const p = pending.get(l.thread);
    if (p) {
      const m = DUMP_LINE.exec(l.text);
      const offset = p.bytes.length;
      if (m && Number(m[1]) === offset) {
        const count = Math.min(16, p.total - offset);
        const hex = m[2]!.trim().split(' ');
        if (hex.length < count) {
          problems.push(problem('keys/bad-dump', `${where(l.line)}: a hex dump line of ${quote(p.label)} is short; that key is skipped`));
          pending.delete(l.thread);
          continue;
        }
        for (let k = 0; k < count; k++) p.bytes.push(parseInt(hex[k]!, 16));
        if (p.bytes.length >= p.total) { pending.delete(l.thread); deliver(p); }
        continue;
      }
      problems.push(problem('keys/bad-dump', `${where(p.line)}: the hex dump of ${quote(p.label)} stops after ${offset} of ${p.total} octets; that key is skipped`));
      pending.delete(l.thread);
    }

    const header = DUMP_HEADER.exec(l.text);
    if (header) {
      const label = header[1]!;
      if (IKE_KEY.test(label) || CHILD_KEY.test(label)) {
        const d: PendingDump = { sa: state, label, total: Number(header[2]), line: l.line, bytes: [] };
        if (d.total === 0) deliver(d);
        else pending.set(l.thread, d);
      }
      continue;
    }

    const t = l.text.trim();
    let m: RegExpExecArray | null;
    if ((m = /^selected proposal: (\S+)$/.exec(t))) {
      const prop = parseStrongSwanProposal(m[1]!);
      if (!prop) continue;
      if (prop.unknown.length) {
        problems.push(problem('keys/unknown-algorithm', `${where(l.line)}: unknown algorithm${prop.unknown.length > 1 ? 's' : ''} ${prop.unknown.map(quote).join(', ')} in the selected proposal; the keys are kept without it`));
      }
      if (prop.protocol === 'IKE') {
        const last = state.ike[state.ike.length - 1];
        if (last && Object.keys(last.keys).length === 0) last.proposal = prop;
        else state.ike.push({ line: l.line, proposal: prop, keys: {} });
      } else {
        const last = state.children[state.children.length - 1];
        if (last && Object.keys(last.keys).length === 0 && !last.established) last.proposal = prop;
        else state.children.push({ line: l.line, proposal: prop, keys: {}, established: false });
      }
      continue;
    }
    if ((m = /^parsed (\S+) (request|response) \d+/.exec(t))) {
      state.lastParsed = m[2] as 'request' | 'response';
      continue;
    }
    if ((m = /^checkin IKEv2 SA (.*)\[(\d+)\] with SPIs ([0-9a-f]{16})_i(\*?) ([0-9a-f]{16})_r(\*?)/.exec(t))) {
      const s = sa(m[2]!);
      if (!/^0+$/.test(m[5]!)) { s.ispi = m[3]!; s.rspi = m[5]!; }
      else s.ispi ??= m[3]!;
      if (m[4]) s.role ??= 'initiator';
      else if (m[6]) s.role ??= 'responder';
      if (threadSa.get(l.thread) === m[2]) threadSa.delete(l.thread);
      continue;
    }
    if ((m = /^initiating IKE_SA (.*)\[(\d+)\] to /.exec(t))) {
      sa(m[2]!).role = 'initiator';
      continue;
    }
    if ((m = /^(\S+) is initiating (?:an IKE_SA|IKE_SA (.*)\[(\d+)\])/.exec(t))) {
      (m[3] ? sa(m[3]) : state).role = 'responder';
      continue;
    }
    if ((m = /^(adding|registering) (inbound|outbound) (ESP|AH) SA$/.exec(t))) {
      direction.set(l.thread, { sa: state, dir: m[3] === 'ESP' ? (m[2] as 'inbound' | 'outbound') : 'other' });
      continue;
    }
    if ((m = /^SPI 0x([0-9a-f]{1,8}), src \S+ dst \S+$/.exec(t))) {
      const dir = direction.get(l.thread);
      direction.delete(l.thread);
      const child = dir?.sa.children[dir.sa.children.length - 1];
      if (!dir || dir.dir === 'other' || !child) continue;
      const spi = parseInt(m[1]!, 16);
      if (dir.dir === 'inbound') child.inbound ??= spi;
      else child.outbound ??= spi;
      continue;
    }
    if ((m = /CHILD_SA (.*)\{(\d+)\} established with SPIs ([0-9a-f]{8})_i ([0-9a-f]{8})_o/.exec(t))) {
      const child = state.children[state.children.length - 1];
      if (!child || child.established) continue;
      child.inbound ??= parseInt(m[3]!, 16);
      child.outbound ??= parseInt(m[4]!, 16);
      child.established = true;
      continue;
    }
    if (/^derive keys using PPK/.test(t)) { state.ppk = true; continue; }
  }
  for (const p of pending.values()) {
    problems.push(problem('keys/bad-dump', `${where(p.line)}: the log ends inside the hex dump of ${quote(p.label)}; that key is skipped`));
  }

  const ike: IkeSaKeySet[] = [];
  const esp: EspSaKeySet[] = [];
  const keyed = (s: SaState) => s.ike.filter((d) => Object.keys(d.keys).length > 0);
  for (const s of sas.values()) {
    const drafts = keyed(s);
    drafts.forEach((d, i) => {
      // The first key set is this IKE_SA's own; a later one is that of the IKE_SA its i-th
      // rekey created, when that IKE_SA has no keys of its own in the log.
      let owner: SaState | undefined = i === 0 ? s : undefined;
      const next = i > 0 ? sas.get(s.rekeyedTo[i - 1] ?? '') : undefined;
      if (next && keyed(next).length === 0) owner = next;
      if (i === 0 && !d.proposal && s.parent) {
        // The responder of an IKE_SA rekey: the proposal is the last keyless one of the parent.
        const parent = sas.get(s.parent);
        const dangling = parent?.ike.filter((x) => Object.keys(x.keys).length === 0 && x.proposal).pop();
        if (dangling) d.proposal = dangling.proposal;
      }
      ike.push(ikeSet(owner, d, source, problems));
    });
    for (const c of s.children) {
      if (Object.keys(c.keys).length === 0) continue;
      if (c.proposal && c.proposal.protocol !== 'ESP') continue;
      esp.push(...espSets(s, c, source, problems));
    }
  }
  return { ike, esp, problems, lines: lines.length };
}

function ikeSet(s: SaState | undefined, d: IkeDraft, source: string, problems: Problem[]): IkeSaKeySet {
  const p = d.proposal;
  const keys: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(d.keys)) keys[k] = v.bytes;
  const line = d.keys.skD?.line ?? d.keys.skEi?.line ?? d.line;
  const base = {
    source: `${source}:${line}`,
    ...(s?.ispi ? { ispi: s.ispi } : {}),
    ...(s?.rspi ? { rspi: s.rspi } : {}),
    ...keys,
  };
  const algs = {
    ...(p?.encr ? { encr: p.encr } : {}),
    ...(p ? { integ: p.integ ?? { kind: 'none' as const } } : {}),
    ...(p?.prf ? { prf: p.prf } : {}),
  };
  const set: IkeSaKeySet = { ...base, ...algs };
  const why = ikeKeyProblem(set);
  if (!why) return set;
  problems.push(problem(why.code, `${base.source}: ${why.reason}; the keys are kept without the algorithms`));
  return base;
}

function espSets(s: SaState, c: ChildDraft, source: string, problems: Problem[]): EspSaKeySet[] {
  const p = c.proposal;
  const algs = {
    ...(p?.encr ? { encr: p.encr } : {}),
    ...(p ? { integ: p.integ && !(p.encr && isAead(p.encr.id)) ? p.integ : { kind: 'none' as const } } : {}),
    ...(p?.esn !== undefined ? { esn: p.esn } : {}),
  };
  const initiatorRole = c.initiator ?? (s.role === 'initiator' ? true : s.role === 'responder' ? false : undefined);
  const side = (who: 'I' | 'R') => {
    const encr = c.keys[`encr${who}`];
    const integ = c.keys[`integ${who}`];
    return { encr, integ, line: encr?.line ?? integ?.line ?? c.line };
  };
  const out: EspSaKeySet[] = [];
  const bound = initiatorRole !== undefined && c.inbound !== undefined && c.outbound !== undefined;
  for (const who of ['I', 'R'] as const) {
    const k = side(who);
    if (!k.encr) continue;
    let spi: number | undefined;
    if (bound) {
      // child_create.c: the exchange's initiator receives with the responder's keys.
      const inboundKeys = initiatorRole ? 'R' : 'I';
      spi = who === inboundKeys ? c.inbound : c.outbound;
    }
    const base: EspSaKeySet = {
      source: `${source}:${k.line}`,
      ...(spi !== undefined ? { spi } : {}),
      encrKey: k.encr.bytes,
      ...(k.integ && k.integ.bytes.length ? { integKey: k.integ.bytes } : {}),
    };
    const set: EspSaKeySet = { ...base, ...algs };
    const why = espKeyProblem(set);
    if (why) {
      problems.push(problem(why.code, `${base.source}: ${why.reason}; the keys are kept without the algorithms`));
      out.push(base);
    } else {
      out.push(set);
    }
  }
  if (!bound && out.length) {
    problems.push(problem('keys/unbound', `${source}:${c.line}: the log does not say which SPI each direction's CHILD_SA keys belong to; they are tried on every SPI`));
  }
  return out;
}
