/**
 * JUnit XML for CI: one testsuite per IKE_SA with one testcase per catalog rule (classname =
 * IKE_SA id, name = rule id). A finding at error or warning is a <failure>; info findings pass
 * with their text in <system-out>; a rule that needs decrypted IKE_AUTH on an IKE_SA that was
 * not decrypted, and found nothing, is <skipped>. Findings outside the catalog (decode/…,
 * keys/…) and findings not tied to an IKE_SA go to a "capture" suite, one testcase per rule.
 * The shape follows the Ant/Jenkins JUnit XSD: testsuites › testsuite › testcase ›
 * failure|skipped, system-out; counts on every suite and on the root.
 */
import type { Finding, Report } from '../analysis/model.js';
import { RULES } from '../lint/registry.js';
import type { Rule } from '../lint/rule.js';
import { escapeXml as x } from './common.js';

interface Case { readonly classname: string; readonly name: string; readonly failures: Finding[]; readonly infos: Finding[]; readonly skipped?: string }
interface Suite { readonly name: string; readonly cases: Case[] }

const failing = (f: Finding) => f.severity === 'error' || f.severity === 'warning';

function caseXml(c: Case): string {
  const body: string[] = [];
  for (const f of c.failures) {
    body.push(`      <failure message="${x(f.title)}" type="${x(f.severity)}">${x(`${f.rule} (${f.severity}) frames ${f.frames.join(', ') || '—'}\n${f.explanation}\nFix: ${f.fix}`)}</failure>`);
  }
  if (!c.failures.length && c.skipped) body.push(`      <skipped message="${x(c.skipped)}"/>`);
  if (c.infos.length) body.push(`      <system-out>${x(c.infos.map((f) => `info ${f.rule} frames ${f.frames.join(', ') || '—'}: ${f.title}. ${f.explanation}`).join('\n'))}</system-out>`);
  const open = `    <testcase classname="${x(c.classname)}" name="${x(c.name)}" time="0"`;
  return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`;
}

export function renderJunit(r: Report, rules: readonly Rule[] = RULES): string {
  const suites: Suite[] = [];
  const catalog = new Set(rules.map((rule) => rule.id));
  for (const sa of r.ikeSas) {
    const cases = rules.map((rule): Case => {
      const mine = r.findings.filter((f) => f.ikeSa === sa.id && f.rule === rule.id);
      const skipped = rule.needsDecryption && !sa.decrypted ? `${rule.id} needs the decrypted IKE_AUTH of ${sa.id}; give its keys with --keys` : undefined;
      return { classname: sa.id, name: rule.id, failures: mine.filter(failing), infos: mine.filter((f) => !failing(f)), ...(skipped ? { skipped } : {}) };
    });
    suites.push({ name: `${sa.id} ${sa.ispi}/${sa.rspi} (${sa.state})`, cases });
  }
  const rest = r.findings.filter((f) => !catalog.has(f.rule) || f.ikeSa === null || !r.ikeSas.some((s) => s.id === f.ikeSa));
  if (rest.length || !r.ikeSas.length) {
    const byRule = new Map<string, Finding[]>();
    for (const f of rest) byRule.set(`${f.ikeSa ?? 'capture'}\u0000${f.rule}`, [...(byRule.get(`${f.ikeSa ?? 'capture'}\u0000${f.rule}`) ?? []), f]);
    const cases: Case[] = [...byRule.entries()].map(([k, fs]) => {
      const [classname, name] = k.split('\u0000') as [string, string];
      return { classname, name, failures: fs.filter(failing), infos: fs.filter((f) => !failing(f)) };
    });
    if (!r.ikeSas.length) cases.push({ classname: 'capture', name: 'ike-sas', failures: [], infos: [], skipped: 'no IKE_SA in the capture' });
    suites.push({ name: 'capture', cases });
  }

  const count = (s: Suite) => ({
    tests: s.cases.length,
    failures: s.cases.filter((c) => c.failures.length).length,
    skipped: s.cases.filter((c) => !c.failures.length && c.skipped).length,
  });
  const totals = suites.map(count).reduce((a, b) => ({ tests: a.tests + b.tests, failures: a.failures + b.failures, skipped: a.skipped + b.skipped }), { tests: 0, failures: 0, skipped: 0 });
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${x(`ikescope ${r.capture.path}`)}" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}" time="0">`);
  suites.forEach((s, i) => {
    const c = count(s);
    out.push(`  <testsuite name="${x(s.name)}" id="${i}" package="ikescope" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="0">`);
    out.push(`    <properties><property name="capture" value="${x(r.capture.path)}"/><property name="decrypted" value="${x(String(r.ikeSas[i]?.decrypted ?? r.keys.ikeSasDecrypted > 0))}"/></properties>`);
    for (const tc of s.cases) out.push(caseXml(tc));
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
