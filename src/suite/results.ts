/**
 * A suite run's results in the three forms CI and tickets take: JUnit XML (one testcase per
 * case, each failed check a line of its <failure> with its evidence frames), Markdown (a table
 * of cases, then each failure with its checks and where its capture, keys and report are),
 * and one HTML page whose evidence frames link into each case's own HTML report
 * (`CASE/report.html#frame-N`). No key material: cases keep their key logs in files.
 */
import type { Finding } from '../analysis/model.js';
import { escapeXml as x } from '../report/common.js';
import { table } from '../report/markdown.js';
import type { Case, Suite } from './model.js';
import type { Check } from './oracle.js';

export type Verdict = 'pass' | 'fail' | 'error' | 'skipped';

export interface CaseResult {
  readonly case: Case;
  readonly verdict: Verdict;
  readonly checks: readonly Check[];
  /** Why the case could not run or be judged (error), or was skipped. */
  readonly reason?: string;
  readonly seconds: number;
  /** Files the case left, relative to the results directory. */
  readonly files: { readonly dir: string; readonly pcap?: string; readonly keylog?: string; readonly report?: string; readonly log?: string };
  readonly findings: readonly Finding[];
}

export interface SuiteRun {
  readonly suite: Suite;
  readonly gateway: string;
  readonly started: string;
  readonly seconds: number;
  readonly results: readonly CaseResult[];
}

export const verdictOf = (checks: readonly Check[]): Verdict => (checks.every((c) => c.pass) ? 'pass' : 'fail');

const count = (run: SuiteRun, v: Verdict) => run.results.filter((r) => r.verdict === v).length;

export function summaryLine(run: SuiteRun): string {
  const n = run.results.length;
  return `${run.suite.name}: ${count(run, 'pass')}/${n} passed, ${count(run, 'fail')} failed, ${count(run, 'error')} errors, ${count(run, 'skipped')} skipped against ${run.gateway} in ${run.seconds.toFixed(1)} s`;
}

const checkLine = (c: Check) => `${c.pass ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}${c.frames.length ? ` (frames ${c.frames.join(', ')})` : ''}`;

export function renderSuiteJunit(run: SuiteRun): string {
  const cases = run.results.map((r) => {
    const open = `    <testcase classname="${x(run.suite.name)}" name="${x(`${r.case.id}: ${r.case.title}`)}" time="${r.seconds.toFixed(3)}"`;
    const body: string[] = [];
    const failed = r.checks.filter((c) => !c.pass);
    if (r.verdict === 'fail') body.push(`      <failure message="${x(failed.map((c) => c.name).join('; '))}" type="expectation">${x(failed.map(checkLine).join('\n'))}</failure>`);
    if (r.verdict === 'error') body.push(`      <error message="${x(r.reason ?? 'error')}" type="error">${x(r.reason ?? '')}</error>`);
    if (r.verdict === 'skipped') body.push(`      <skipped message="${x(r.reason ?? 'skipped')}"/>`);
    const out = [...r.checks.map(checkLine), ...Object.entries(r.files).filter(([k]) => k !== 'dir').map(([k, v]) => `${k}: ${v}`)];
    if (out.length) body.push(`      <system-out>${x(out.join('\n'))}</system-out>`);
    return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`;
  });
  const attrs = `tests="${run.results.length}" failures="${count(run, 'fail')}" errors="${count(run, 'error')}" skipped="${count(run, 'skipped')}" time="${run.seconds.toFixed(3)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ikescope suite" ${attrs}>\n  <testsuite name="${x(run.suite.name)}" ${attrs} timestamp="${x(run.started)}" hostname="${x(run.gateway)}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}

const MARK: Record<Verdict, string> = { pass: '✅ pass', fail: '❌ fail', error: '💥 error', skipped: '⏭ skipped' };

export function renderSuiteMarkdown(run: SuiteRun): string {
  const out = [`# Suite \`${run.suite.name}\` against ${run.gateway}`, ''];
  if (run.suite.description) out.push(run.suite.description, '');
  out.push(`**${summaryLine(run)}** (started ${run.started})`, '');
  out.push(...table(['Case', 'Profile', 'Site', 'Verdict', 'Failed checks', 'Time'], run.results.map((r) => [
    `${r.case.id}`, r.case.profile, r.case.site, MARK[r.verdict], r.checks.filter((c) => !c.pass).map((c) => c.name).join('; ') || (r.reason ?? ''), `${r.seconds.toFixed(1)} s`,
  ])), '');
  for (const r of run.results.filter((x) => x.verdict !== 'pass')) {
    out.push(`## ${MARK[r.verdict]}: ${r.case.id} — ${r.case.title}`, '');
    if (r.reason) out.push(`**Reason:** ${r.reason}`, '');
    if (r.checks.length) out.push(...table(['Check', 'Result', 'Detail', 'Evidence frames'], r.checks.map((c) => [c.name, c.pass ? 'ok' : '**FAIL**', c.detail, c.frames.join(', ')])), '');
    const files = Object.entries(r.files).filter(([k]) => k !== 'dir');
    if (files.length) out.push('Files: ' + files.map(([k, v]) => `${k} \`${v}\``).join(', '), '');
    if (r.files.pcap && r.files.keylog) out.push('Reproduce the analysis:', '', '```sh', `ikescope analyze ${r.files.pcap} --keys ${r.files.keylog} --format md`, '```', '');
  }
  return out.join('\n');
}

export function renderSuiteHtml(run: SuiteRun): string {
  const h = x;
  const link = (r: CaseResult, f: number) => (r.files.report ? `<a href="${h(r.files.report)}#frame-${f}">${f}</a>` : String(f));
  const rows = run.results.map((r) => `<tr class="${r.verdict}"><td><a href="#case-${h(r.case.id)}">${h(r.case.id)}</a></td><td>${h(r.case.profile)}</td><td>${h(r.case.site)}</td><td>${h(MARK[r.verdict])}</td><td>${h(r.checks.filter((c) => !c.pass).map((c) => c.name).join('; ') || (r.reason ?? ''))}</td><td>${r.seconds.toFixed(1)} s</td></tr>`);
  const details = run.results.map((r) => {
    const checks = r.checks.map((c) => `<tr class="${c.pass ? 'pass' : 'fail'}"><td>${h(c.name)}</td><td>${c.pass ? 'ok' : '<b>FAIL</b>'}</td><td>${h(c.detail)}</td><td>${c.frames.map((f) => link(r, f)).join(', ')}</td></tr>`).join('');
    const files = Object.entries(r.files).filter(([k]) => k !== 'dir').map(([k, v]) => `<a href="${h(v)}">${h(k)}</a>`).join(' · ');
    return `<section id="case-${h(r.case.id)}"><h2>${h(MARK[r.verdict])}: ${h(r.case.id)} — ${h(r.case.title)}</h2>${r.reason ? `<p><b>Reason:</b> ${h(r.reason)}</p>` : ''}${checks ? `<table><tr><th>Check</th><th>Result</th><th>Detail</th><th>Evidence frames</th></tr>${checks}</table>` : ''}<p class="muted">${files}</p></section>`;
  });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${h(summaryLine(run))}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#263238}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #cfd8dc;padding:4px 8px;text-align:left;vertical-align:top}tr.fail td,tr.error td{background:#ffebee}tr.pass td{background:#f1f8e9}.muted{color:#607d8b}</style>
</head><body><main>
<h1>Suite ${h(run.suite.name)} against ${h(run.gateway)}</h1>
${run.suite.description ? `<p>${h(run.suite.description)}</p>` : ''}
<p><b>${h(summaryLine(run))}</b> (started ${h(run.started)})</p>
<table><tr><th>Case</th><th>Profile</th><th>Site</th><th>Verdict</th><th>Failed checks</th><th>Time</th></tr>${rows.join('')}</table>
${details.join('\n')}
<p class="muted">Generated by ikescope; key logs stay in their files, no key material is in this page.</p>
</main></body></html>
`;
}
