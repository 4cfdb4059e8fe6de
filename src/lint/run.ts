/** Runs the catalog over a report and turns hits into findings. */
import type { Finding, Report } from '../analysis/model.js';
import { RULES } from './registry.js';
import { isWindows, type Rule } from './rule.js';

function findingsOf(rule: Rule, report: Report): Finding[] {
  const out: Finding[] = [];
  for (const hit of rule.check({ report, ikeSas: report.ikeSas })) {
    const sa = hit.ikeSa ? report.ikeSas.find((s) => s.id === hit.ikeSa) : undefined;
    const windows = sa ? isWindows(sa) : false;
    const predicted = rule.windowsOnly && !windows;
    out.push({
      rule: rule.id,
      severity: predicted ? 'info' : hit.severity ?? rule.severity,
      title: predicted ? `${rule.title} (would break a Windows client; this one is ${sa?.client.profile ?? 'unknown'})` : rule.title,
      ikeSa: hit.ikeSa,
      frames: hit.frames,
      explanation: `${hit.detail} ${rule.explanation}`,
      fix: rule.fix,
    });
  }
  return out;
}

/** The report with the catalog's findings added after the decode findings it already has. */
export function lint(report: Report, rules: readonly Rule[] = RULES): Report {
  const findings = [...report.findings];
  for (const rule of rules) findings.push(...findingsOf(rule, report));
  return { ...report, findings };
}
