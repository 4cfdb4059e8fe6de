/** The report of one IKE_SA (its findings, its ESP), rendered by the report renderers for `e`. */
import { basename, extname, join } from 'node:path';
import type { Report } from '../analysis/model.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import type { ExportFormat } from './export-prompt.js';

export function sessionReport(r: Report, saId: string): Report {
  const sa = r.ikeSas.find((s) => s.id === saId);
  const spis = new Set(sa?.childSas.flatMap((c) => [c.spiI, c.spiR]) ?? []);
  return { ...r, ikeSas: sa ? [sa] : [], esp: r.esp.filter((e) => spis.has(e.spi)), findings: r.findings.filter((f) => f.ikeSa === saId) };
}

export function exportSession(r: Report, saId: string, format: ExportFormat, command: string, dir: string): { path: string; text: string } {
  const one = sessionReport(r, saId);
  const text = format === 'md' ? renderMarkdown(one, { command }) : renderHtml(one, { command });
  const name = `${basename(r.capture.path, extname(r.capture.path))}-${saId}.${format}`;
  return { path: join(dir, name), text };
}
