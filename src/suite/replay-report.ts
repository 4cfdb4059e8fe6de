/**
 * A replay's verdicts in every report format: one line (or row, or testcase) per exchange with
 * its verdict — same, changed, new failure, fixed, missing, new — and what changed, with the
 * frames of the exchange in the recording and in the replay; then the recorded pings through the
 * tunnel, sent again, with how many were answered then and now.
 */
import { escapeXml as x } from '../report/common.js';
import { table } from '../report/markdown.js';
import type { Exchange, ExchangeDiff, ExchangeVerdict } from './exchanges.js';
import type { TrafficResult } from './replay.js';

export interface ReplaySummary {
  readonly recording: string;
  readonly gateway: string;
  readonly diffs: readonly ExchangeDiff[];
  readonly failure?: string;
  readonly traffic: readonly TrafficResult[];
  readonly notReplayed: readonly string[];
  readonly assumptions: readonly string[];
  readonly files: { readonly pcap: string; readonly keylog: string };
}

export const REPLAY_SCHEMA = 'ikescope.replay/1';

const label = (e: Exchange | undefined) => (e ? `${e.kind === e.exchange ? e.exchange : `${e.exchange} ${e.kind}`} by the ${e.requester === 'initiator' ? 'client' : 'gateway'}` : '');
const frames = (f: readonly number[] | undefined) => (f?.length ? f.join(', ') : '—');
const subject = (d: ExchangeDiff) => label(d.recorded ?? d.replayed);

/**
 * Regressions: an exchange that now fails, or one of the client's own that the replay no longer
 * reached. An exchange the gateway started then and not now is reported, not counted: whether a
 * gateway rekeys depends on its timers and on its operator (swanctl --rekey), not only on how it
 * answers.
 */
export const isRegression = (d: ExchangeDiff): boolean => d.verdict === 'new failure' || (d.verdict === 'missing' && d.recorded?.requester === 'initiator');
export const regressions = (s: ReplaySummary): ExchangeDiff[] => s.diffs.filter(isRegression);

/** A ping against its recording: answered then and not now is a new failure; the other way, fixed. */
export function trafficVerdict(t: TrafficResult): ExchangeVerdict {
  const then = t.recorded.answered > 0;
  const now = t.received > 0;
  if (then && !now) return 'new failure';
  if (!then && now) return 'fixed';
  return t.received * t.recorded.count === t.recorded.answered * t.sent && t.sent === t.recorded.count ? 'same' : 'changed';
}
export const trafficRegressions = (s: ReplaySummary): TrafficResult[] => s.traffic.filter((t) => trafficVerdict(t) === 'new failure');
const pingSubject = (t: TrafficResult) => `ping ${t.recorded.target} by the client, ${t.at.toFixed(3)} s after IKE_AUTH`;
const pingResult = (t: TrafficResult) => t.error ? `not sent: ${t.error}` : `${t.received} of ${t.sent} answered (recorded ${t.recorded.answered} of ${t.recorded.count})`;

function counts(s: ReplaySummary): string {
  const by = new Map<ExchangeVerdict, number>();
  for (const d of s.diffs) by.set(d.verdict, (by.get(d.verdict) ?? 0) + 1);
  return [...by.entries()].map(([v, n]) => `${n} ${v}`).join(', ');
}

export function renderReplayText(s: ReplaySummary): string {
  const out = [`replay of ${s.recording} against ${s.gateway}: ${counts(s)}`];
  for (const d of s.diffs) {
    out.push(`  ${d.verdict.padEnd(11)} ${subject(d)} (recorded frames ${frames(d.recorded?.requestFrames)}; replay frames ${frames(d.replayed?.requestFrames)})`);
    for (const why of d.verdict === 'same' ? [] : d.differences) out.push(`              ${why}`);
  }
  for (const t of s.traffic) out.push(`  ${trafficVerdict(t).padEnd(11)} ${pingSubject(t)}: ${pingResult(t)} (recorded frames ${frames(t.recorded.frames)})`);
  if (s.failure) out.push(`the replayed session ended early: ${s.failure}`);
  if (s.notReplayed.length) out.push(`not replayed: ${s.notReplayed.join('; ')}`);
  if (s.assumptions.length) out.push(`assumed: ${s.assumptions.join('; ')}`);
  out.push(`replay capture: ${s.files.pcap} (keys ${s.files.keylog})`);
  return out.join('\n') + '\n';
}

export function renderReplayMarkdown(s: ReplaySummary): string {
  const out = [`# Replay of \`${s.recording}\` against ${s.gateway}`, '', `**${counts(s)}**`, ''];
  out.push(...table(['#', 'Exchange', 'Verdict', 'What changed', 'Recorded frames', 'Replay frames'], s.diffs.map((d, i) => [
    String(i + 1), subject(d), d.verdict, d.verdict === 'same' ? '' : d.differences.join('; '), frames(d.recorded?.requestFrames), frames(d.replayed?.requestFrames),
  ])), '');
  if (s.traffic.length) {
    out.push(...table(['Traffic', 'Verdict', 'Answered', 'Recorded frames'], s.traffic.map((t) => [pingSubject(t), trafficVerdict(t), pingResult(t), frames(t.recorded.frames)])), '');
  }
  if (s.failure) out.push(`The replayed session ended early: ${s.failure}`, '');
  if (s.notReplayed.length) out.push(`Not replayed: ${s.notReplayed.join('; ')}`, '');
  if (s.assumptions.length) out.push(`Assumed: ${s.assumptions.join('; ')}`, '');
  out.push('Analyse the replay:', '', '```sh', `ikescope analyze ${s.files.pcap} --keys ${s.files.keylog}`, '```', '');
  return out.join('\n');
}

export function renderReplayJson(s: ReplaySummary): string {
  return JSON.stringify({
    schema: REPLAY_SCHEMA, recording: s.recording, gateway: s.gateway, ...(s.failure ? { failure: s.failure } : {}), notReplayed: s.notReplayed, assumptions: s.assumptions, files: s.files,
    exchanges: s.diffs.map((d) => ({
      verdict: d.verdict, exchange: (d.recorded ?? d.replayed)!.exchange, kind: (d.recorded ?? d.replayed)!.kind, requester: (d.recorded ?? d.replayed)!.requester,
      differences: d.differences, recorded: d.recorded ?? null, replayed: d.replayed ?? null,
    })),
    traffic: s.traffic.map((t) => ({
      verdict: trafficVerdict(t), at: t.at, target: t.recorded.target, sent: t.sent, received: t.received, ...(t.error ? { error: t.error } : {}),
      recorded: { sent: t.recorded.count, answered: t.recorded.answered, frames: t.recorded.frames },
    })),
  }, null, 2) + '\n';
}

export function renderReplayJunit(s: ReplaySummary): string {
  const cases = s.diffs.map((d, i) => {
    const open = `    <testcase classname="replay" name="${x(`${i + 1}. ${subject(d)}`)}" time="0"`;
    const body = isRegression(d)
      ? `      <failure message="${x(`${d.verdict}: ${d.differences[0] ?? ''}`)}" type="${x(d.verdict)}">${x(d.differences.join('\n'))}</failure>`
      : d.verdict === 'same' ? '' : `      <system-out>${x(`${d.verdict}: ${d.differences.join('; ')}`)}</system-out>`;
    return body ? `${open}>\n${body}\n    </testcase>` : `${open}/>`;
  });
  for (const t of s.traffic) {
    const open = `    <testcase classname="replay" name="${x(`${cases.length + 1}. ${pingSubject(t)}`)}" time="0"`;
    const v = trafficVerdict(t);
    cases.push(v === 'new failure' ? `${open}>\n      <failure message="${x(`${v}: ${pingResult(t)}`)}" type="${x(v)}"/>\n    </testcase>`
      : v === 'same' ? `${open}/>` : `${open}>\n      <system-out>${x(`${v}: ${pingResult(t)}`)}</system-out>\n    </testcase>`);
  }
  const failures = regressions(s).length + trafficRegressions(s).length;
  const attrs = `tests="${cases.length}" failures="${failures}" errors="0" skipped="0"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attrs}>\n  <testsuite name="${x(`replay ${s.recording}`)}" ${attrs} hostname="${x(s.gateway)}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}

export function renderReplayHtml(s: ReplaySummary): string {
  const rows = s.diffs.map((d, i) => `<tr class="${d.verdict.replace(' ', '-')}"><td>${i + 1}</td><td>${x(subject(d))}</td><td>${x(d.verdict)}</td><td>${x(d.verdict === 'same' ? '' : d.differences.join('; '))}</td><td>${x(frames(d.recorded?.requestFrames))}</td><td>${x(frames(d.replayed?.requestFrames))}</td></tr>`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${x(`replay of ${s.recording}: ${counts(s)}`)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#263238}table{border-collapse:collapse}td,th{border:1px solid #cfd8dc;padding:4px 8px;text-align:left;vertical-align:top}tr.new-failure td,tr.missing td{background:#ffebee}tr.changed td,tr.new td{background:#fff8e1}tr.fixed td{background:#e8f5e9}</style>
</head><body><main>
<h1>Replay of ${x(s.recording)} against ${x(s.gateway)}</h1>
<p><b>${x(counts(s))}</b></p>
<table><tr><th>#</th><th>Exchange</th><th>Verdict</th><th>What changed</th><th>Recorded frames</th><th>Replay frames</th></tr>${rows.join('')}</table>
${s.traffic.length ? `<table><tr><th>Traffic</th><th>Verdict</th><th>Answered</th><th>Recorded frames</th></tr>${s.traffic.map((t) => `<tr class="${trafficVerdict(t).replace(' ', '-')}"><td>${x(pingSubject(t))}</td><td>${x(trafficVerdict(t))}</td><td>${x(pingResult(t))}</td><td>${x(frames(t.recorded.frames))}</td></tr>`).join('')}</table>` : ''}
${s.failure ? `<p>The replayed session ended early: ${x(s.failure)}</p>` : ''}
${s.notReplayed.length ? `<p>Not replayed: ${x(s.notReplayed.join('; '))}</p>` : ''}
${s.assumptions.length ? `<p>Assumed: ${x(s.assumptions.join('; '))}</p>` : ''}
<p>Analyse the replay: <code>${x(`ikescope analyze ${s.files.pcap} --keys ${s.files.keylog}`)}</code></p>
</main></body></html>
`;
}
