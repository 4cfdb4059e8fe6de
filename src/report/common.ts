/**
 * What the Markdown, HTML and JUnit renderers share: the verdict, frame → time mapping, the
 * merged timeline, the settings inside a fix, and the command line that reproduces a report.
 * All of it reads the model only.
 */
import type { Finding, IkeSaRecord, Report, Severity } from '../analysis/model.js';

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export interface RenderOptions {
  /** The ikescope command line that produced the report (already redacted when the report is). */
  readonly command?: string;
}

export interface Verdict {
  readonly level: 'fail' | 'warn' | 'pass';
  readonly text: string;
}

export function verdict(r: Report): Verdict {
  const count = (s: Severity) => r.findings.filter((f) => f.severity === s).length;
  const [e, w, i] = [count('error'), count('warning'), count('info')];
  const states = r.ikeSas.map((s) => s.state);
  const failed = states.filter((s) => s === 'failed').length;
  const tail = `${e} error(s), ${w} warning(s), ${i} info`;
  if (e) return { level: 'fail', text: `FAIL — ${tail}${failed ? `; ${failed} IKE_SA(s) failed` : ''}` };
  if (w || failed) return { level: 'warn', text: `WARN — ${tail}${failed ? `; ${failed} IKE_SA(s) failed` : ''}` };
  return { level: 'pass', text: `PASS — ${tail}` };
}

/** Frame → seconds since the capture's first frame, from the messages and events; others interpolated. */
export function frameClock(r: Report): (frame: number) => number {
  const known = new Map<number, number>();
  for (const sa of r.ikeSas) {
    for (const m of sa.messages) for (const f of m.frames) if (!known.has(f)) known.set(f, m.ts);
    for (const e of sa.events) if (!known.has(e.frame)) known.set(e.frame, e.ts);
  }
  const pts = [...known.entries()].sort((a, b) => a[0] - b[0]);
  return (frame: number) => {
    if (!pts.length) return 0;
    const exact = known.get(frame);
    if (exact !== undefined) return exact;
    if (frame <= pts[0]![0]) return pts[0]![1];
    const last = pts[pts.length - 1]!;
    if (frame >= last[0]) return last[1];
    let lo = 0;
    let hi = pts.length - 1;
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (pts[mid]![0] <= frame) lo = mid; else hi = mid; }
    const [f0, t0] = pts[lo]!;
    const [f1, t1] = pts[hi]!;
    return t0 + ((frame - f0) / (f1 - f0)) * (t1 - t0);
  };
}

/** When the capture ends, in seconds (the last message, event or ESP packet; at least a millisecond). */
export function captureEnd(r: Report): number {
  let end = 0;
  for (const sa of r.ikeSas) {
    for (const m of sa.messages) end = Math.max(end, m.ts);
    for (const e of sa.events) end = Math.max(end, e.ts);
  }
  for (const e of r.esp) end = Math.max(end, e.lastTs);
  return Math.max(end, 0.001);
}

export interface TimelineEntry {
  readonly ts: number;
  readonly frames: number[];
  readonly ikeSa: string;
  readonly what: string;
  readonly kind: string;
}

/** Lifecycle events of every IKE_SA, plus retransmissions, in time order. */
export function timeline(r: Report): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const sa of r.ikeSas) {
    for (const e of sa.events) out.push({ ts: e.ts, frames: [e.frame], ikeSa: sa.id, kind: e.kind, what: `${e.kind} (by the ${e.by}): ${e.detail}` });
    for (const m of sa.messages) {
      if (m.retransmission) out.push({ ts: m.ts, frames: m.frames, ikeSa: sa.id, kind: 'retransmission', what: `retransmission of ${m.exchange} MID ${m.mid} ${m.response ? 'response' : 'request'}` });
    }
  }
  return out.sort((a, b) => a.ts - b.ts || a.frames[0]! - b.frames[0]!);
}

export const framesLabel = (frames: readonly number[]): string => {
  if (!frames.length) return '—';
  const sorted = [...frames].sort((a, b) => a - b);
  const contiguous = sorted.every((f, i) => i === 0 || f === sorted[i - 1]! + 1);
  return contiguous && sorted.length > 2 ? `${sorted[0]}–${sorted.at(-1)}` : sorted.join(', ');
};

export const seconds = (t: number): string => (t < 10 ? t.toFixed(3) : t < 1000 ? t.toFixed(2) : t.toFixed(0)) + ' s';

export const proposalLabel = (p: IkeSaRecord['proposal']): string =>
  p ? [p.encr, p.integ, p.prf, p.dh].filter(Boolean).join(', ') || '—' : '—';

export const clientLabel = (sa: IkeSaRecord): string =>
  `${sa.client.profile}${sa.client.version ? ` ${sa.client.version}` : ''}${sa.client.assumed ? ' (assumed)' : ''}`;

export const natLabel = (sa: IkeSaRecord): string => {
  const b = (x: boolean | null) => (x === null ? '?' : x ? 'yes' : 'no');
  return `initiator ${b(sa.nat.initiatorBehindNat)}, responder ${b(sa.nat.responderBehindNat)}`;
};

export const espPackets = (c: IkeSaRecord['childSas'][number]): number =>
  Object.values(c.esp).reduce((n, e) => n + e.packets, 0);

export interface FixSetting { readonly lang: 'ini' | 'powershell' | 'text'; readonly code: string }

/**
 * The settings a fix names, to show as code: backticked fragments with `=` or a block, `key =
 * value` assignments, PowerShell cmdlets and registry paths. Prose stays prose.
 */
export function fixSettings(fix: string): FixSetting[] {
  const out: FixSetting[] = [];
  const seen = new Set<string>();
  const add = (lang: FixSetting['lang'], code: string) => {
    const c = code.trim().replace(/[.,;]$/, '');
    if (c && !seen.has(c) && ![...seen].some((s) => s.includes(c))) { seen.add(c); out.push({ lang, code: c }); }
  };
  for (const m of fix.matchAll(/(Set-Vpn\w+|Add-Vpn\w+|New-ItemProperty|Set-ItemProperty)(?:\s+-\w+(?:\s+(?!\()[^\s,;()]+)?)*/g)) add('powershell', m[0]);
  for (const m of fix.matchAll(/(HK(?:LM|EY_LOCAL_MACHINE)\\[\w\\]+)\s+(\w+)\s*=\s*([\w.]+)/g)) add('text', `${m[1]}\\${m[2]} = ${m[3]}`);
  for (const m of fix.matchAll(/`([^`]+)`/g)) if (/[={]/.test(m[1]!)) add('ini', m[1]!);
  for (const m of fix.replace(/`[^`]*`/g, ' ').replace(/HK\w+\\[\w\\]+\s+\w+\s*=\s*[\w.]+/g, ' ').matchAll(/\b([a-z][a-z0-9_]*(?:\.[a-z0-9_<>]+)*\s*=\s*(?:[\w.:-]+|"[^"]*"))/g)) add('ini', m[1]!);
  return out;
}

/** Findings of one IKE_SA, or of the capture as a whole (ikeSa null). */
export const findingsOf = (r: Report, ikeSa: string | null): Finding[] => r.findings.filter((f) => f.ikeSa === ikeSa);

/** Quotes an argument for a POSIX shell when it needs it. */
export const shellQuote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * The command line that reproduces a report: `ikescope analyze` with the given arguments; when
 * redacting, key file paths become placeholders and `text` redacts the rest.
 */
export function reproduceCommand(argv: readonly string[], redact?: (s: string) => string): string {
  const out: string[] = ['ikescope', 'analyze'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (redact && (a === '--keys' || a === '--out' || a === '-o') && i + 1 < argv.length) { out.push(a, a === '--keys' ? 'KEYFILE' : 'REPORT'); i++; continue; }
    if (redact && (a.startsWith('--keys=') || a.startsWith('--out='))) { out.push(a.startsWith('--keys=') ? '--keys=KEYFILE' : '--out=REPORT'); continue; }
    out.push(redact ? redact(a) : a);
  }
  return out.map(shellQuote).join(' ');
}

/** A command line for a report made without one (tests, the API). */
export function defaultCommand(r: Report, redacted: boolean): string {
  const args = [r.capture.path, ...r.keys.sources.flatMap((s) => ['--keys', redacted ? 'KEYFILE' : s])];
  return ['ikescope', 'analyze', ...args].map(shellQuote).join(' ');
}

/** Text for XML and HTML content and attribute values; also drops characters XML 1.0 forbids. */
export const escapeXml = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
