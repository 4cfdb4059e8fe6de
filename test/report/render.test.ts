/**
 * Every lab capture, decrypted with its gateway log, rendered in every format from the one
 * model: no renderer throws; the Markdown tables are GitHub-style pipe tables (every row has the
 * header's column count, `|` escaped in cells); the JUnit XML is well-formed and its counts are
 * what the findings and the rule catalog say.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/model.js';
import { lint } from '../../src/lint/run.js';
import { RULES } from '../../src/lint/registry.js';
import { fixSettings } from '../../src/report/common.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { mdCell, renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { renderTimelineSvg } from '../../src/report/timeline-svg.js';
import { CAPTURES, ikescope } from '../helpers/cli.js';
import { reportOf } from '../helpers/lint.js';
import { parseXml, type XmlElement } from './xml.js';

const LAB = readdirSync(CAPTURES).filter((f) => f.endsWith('.pcap')).map((f) => f.replace(/\.pcap$/, '')).sort();
const reports = new Map<string, Report>();

beforeAll(async () => {
  for (const name of LAB) {
    const keys = join(CAPTURES, `${name}.gateway.log`);
    reports.set(name, lint(await reportOf(join(CAPTURES, `${name}.pcap`), existsSync(keys) ? [keys] : [])));
  }
});

/** Splits a Markdown table row on unescaped pipes. */
const cells = (line: string): string[] => line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);

/** Every pipe table in a Markdown document: header, delimiter row, body rows. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let cur: string[] | undefined;
  let fenced = false;
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && line.startsWith('|')) (cur ??= []).push(line);
    else if (cur) { out.push(cur); cur = undefined; }
  }
  if (cur) out.push(cur);
  return out;
}

const children = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

describe('reports of every lab capture', () => {
  it('finds the lab captures', () => {
    expect(LAB.length).toBeGreaterThanOrEqual(20);
    expect(LAB).toContain('mobike-move');
  });

  it('renders every capture in every format', () => {
    for (const [name, r] of reports) {
      for (const [format, out] of [
        ['text', renderText(r, { color: false })], ['md', renderMarkdown(r)], ['html', renderHtml(r)], ['junit', renderJunit(r)], ['json', JSON.stringify(r)],
      ] as const) {
        expect(out.length, `${name} ${format}`).toBeGreaterThan(200);
        expect(out, `${name} ${format}`).not.toMatch(/undefined|NaN|\[object Object\]/);
      }
    }
  });

  it('Markdown: GitHub-style tables, every row with the header\'s column count; an SA table, a timeline, a reproduce command', () => {
    for (const [name, r] of reports) {
      const md = renderMarkdown(r);
      const ts = tables(md);
      expect(ts.length, name).toBeGreaterThanOrEqual(2);
      for (const t of ts) {
        const width = cells(t[0]!).length;
        expect(t.length, `${name}: a table has a header and a delimiter row`).toBeGreaterThanOrEqual(2);
        expect(t[1], name).toMatch(/^\|( --- \|)+$/);
        for (const row of t) expect(cells(row).length, `${name}: ${row}`).toBe(width);
      }
      if (r.ikeSas.length) expect(md).toContain('| SA | Kind | SPIs (i/r) |');
      for (const sa of r.ikeSas) expect(md).toContain(`**${sa.id}**`);
      for (const sa of r.ikeSas) for (const e of sa.events) expect(md, `${name} event ${e.kind} at ${e.frame}`).toContain(`| ${e.kind} (by the ${e.by})`);
      expect(md).toContain('## How to reproduce');
      expect(md).toContain(`ikescope analyze ${r.capture.path}`);
    }
  });

  it('Markdown: a `|` inside a cell is escaped and keeps the row\'s width', () => {
    const r = reports.get('mobike-move')!;
    const odd: Report = { ...r, findings: [{ rule: 'test/pipe', severity: 'warning', title: 'a | b || c', ikeSa: 'ike-1', frames: [3], explanation: 'x', fix: 'set `rekey_time = 0`' }] };
    const md = renderMarkdown(odd);
    expect(mdCell('a | b')).toBe('a \\| b');
    const row = md.split('\n').find((l) => l.includes('test/pipe') && l.startsWith('|'))!;
    expect(row).toContain('a \\| b \\|\\| c');
    expect(cells(row).length).toBe(6);
    // The setting in the fix comes out as a code block.
    expect(md).toContain('```ini\nrekey_time = 0\n```');
  });

  it('fixes: settings are pulled out of the prose', () => {
    expect(fixSettings('Gateway: drop modp1024 from `proposals` (swanctl.conf; ipsec.conf `ike=`). Windows clients: registry HKLM\\SYSTEM\\CurrentControlSet\\Services\\Rasman\\Parameters NegotiateDH2048_AES256 = 1 (or 2), or Set-VpnConnectionIPsecConfiguration -DHGroup Group14 (or ECP256).'))
      .toEqual([
        { lang: 'powershell', code: 'Set-VpnConnectionIPsecConfiguration -DHGroup Group14' },
        { lang: 'text', code: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Rasman\\Parameters\\NegotiateDH2048_AES256 = 1' },
        { lang: 'ini', code: 'ike=' },
      ]);
    expect(fixSettings('Find where the message is lost: capture on both sides.')).toEqual([]);
  });

  it('JUnit: well-formed, one testcase per rule per IKE_SA, counts match the findings', () => {
    for (const [name, r] of reports) {
      const root = parseXml(renderJunit(r));
      expect(root.name).toBe('testsuites');
      const suites = children(root, 'testsuite');
      let [tests, failures, skipped] = [0, 0, 0];
      for (const s of suites) {
        const cases = children(s, 'testcase');
        const f = cases.filter((c) => children(c, 'failure').length).length;
        const k = cases.filter((c) => children(c, 'skipped').length).length;
        expect([Number(s.attrs.tests), Number(s.attrs.failures), Number(s.attrs.skipped), Number(s.attrs.errors)], `${name} ${s.attrs.name}`).toEqual([cases.length, f, k, 0]);
        expect(s.children.map((c) => c.name).filter((n) => n !== 'testcase')).toEqual(['properties']);
        for (const c of cases) expect(c.children.every((x) => ['failure', 'skipped', 'system-out'].includes(x.name))).toBe(true);
        tests += cases.length; failures += f; skipped += k;
      }
      expect([Number(root.attrs.tests), Number(root.attrs.failures), Number(root.attrs.skipped)], name).toEqual([tests, failures, skipped]);
      // One testcase per catalog rule per IKE_SA, classname = the IKE_SA id.
      for (const sa of r.ikeSas) {
        const mine = suites.flatMap((s) => children(s, 'testcase')).filter((c) => c.attrs.classname === sa.id && RULES.some((ru) => ru.id === c.attrs.name));
        expect(mine.map((c) => c.attrs.name), `${name} ${sa.id}`).toEqual(RULES.map((ru) => ru.id));
        for (const rule of RULES) {
          const tc = mine.find((c) => c.attrs.name === rule.id)!;
          const failing = r.findings.filter((f) => f.ikeSa === sa.id && f.rule === rule.id && f.severity !== 'info');
          expect(children(tc, 'failure').length, `${name} ${sa.id} ${rule.id}`).toBe(failing.length);
          if (!failing.length) expect(children(tc, 'skipped').length, `${name} ${sa.id} ${rule.id}`).toBe(rule.needsDecryption && !sa.decrypted ? 1 : 0);
        }
      }
      // Every error or warning finding is a failure somewhere.
      const failureCount = suites.flatMap((s) => children(s, 'testcase')).reduce((n, c) => n + children(c, 'failure').length, 0);
      expect(failureCount, name).toBe(r.findings.filter((f) => f.severity !== 'info').length);
    }
  });

  it('JUnit: a finding makes a failure, a rule needing decryption on an undecrypted SA is skipped, text is escaped', () => {
    const r = reports.get('mobike-move')!;
    const sa = r.ikeSas[0]!;
    const rule = { ...RULES[0]!, id: 'test/needs-keys', needsDecryption: true };
    const other = { ...RULES[0]!, id: 'test/plain', needsDecryption: false };
    const odd: Report = {
      ...r, ikeSas: [{ ...sa, decrypted: false }],
      findings: [{ rule: 'test/plain', severity: 'error', title: 'a <b> & "c"', ikeSa: sa.id, frames: [3, 4], explanation: "it's \u0001 bad", fix: 'x' }],
    };
    const root = parseXml(renderJunit(odd, [rule, other]));
    expect([root.attrs.tests, root.attrs.failures, root.attrs.skipped]).toEqual(['2', '1', '1']);
    const [skippedCase, failedCase] = children(children(root, 'testsuite')[0]!, 'testcase');
    expect(children(skippedCase!, 'skipped')[0]!.attrs.message).toContain('needs the decrypted IKE_AUTH');
    expect(children(failedCase!, 'failure')[0]!.attrs.message).toBe('a <b> & "c"');
    expect(children(failedCase!, 'failure')[0]!.text).toContain('frames 3, 4');
  });

  it('the SVG timeline has a lane per IKE_SA, a bar per CHILD_SA, rekey links, address moves and an axis', () => {
    const svg = renderTimelineSvg(reports.get('mobike-move')!);
    parseXml(svg);
    expect(svg.match(/class="ike-bar"/g)?.length).toBe(1);
    expect(svg.match(/class="child-bar"/g)?.length).toBe(2);
    expect(svg.match(/class="rekey-link"/g)?.length).toBe(1);
    expect(svg.match(/class="event address-move"/g)?.length).toBe(1);
    // ESP volume: one sparkline per direction of each CHILD_SA, drawn where its packets were.
    expect(svg.match(/class="esp-volume"/g)?.length).toBe(4);
    expect(svg).toMatch(/<title>ESP SPI \w{8} \(198\.51\.100\.4 → 198\.51\.100\.1\): \d+ packets, \d+ bytes, 0\.584–/);
    expect(svg).toContain('class="axis"');
    const ike = renderTimelineSvg(reports.get('ike-rekey')!);
    expect(ike.match(/class="ike-bar"/g)?.length).toBe(2);
    expect(ike).toContain('class="rekey-link ike"');
    // Findings are markers at their frames' times.
    const withFinding = [...reports.values()].find((r) => r.findings.some((f) => f.ikeSa))!;
    expect(renderTimelineSvg(withFinding)).toMatch(/class="finding (error|warning|info)"/);
  });

  it('HTML is one self-contained file: no external references, no required script', () => {
    for (const [name, r] of reports) {
      const html = renderHtml(r);
      expect(html, name).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
      expect(html, name).not.toMatch(/<script|<link|@import|url\((?!#)/i);
      expect(html, name).toContain('<svg');
    }
  });

  it('the CLI writes every format; --format takes md, html, junit', () => {
    const cap = join(CAPTURES, 'child-rekey.pcap');
    const keys = join(CAPTURES, 'child-rekey.gateway.log');
    for (const format of ['text', 'json', 'md', 'html', 'junit']) {
      const res = ikescope(['analyze', cap, '--keys', keys, '--format', format, '--fail-on', 'never']);
      expect([res.status, res.stderr], format).toEqual([0, '']);
      expect(res.stdout.length, format).toBeGreaterThan(200);
    }
    const md = ikescope(['analyze', cap, '--keys', keys, '--format', 'md', '--fail-on', 'never']).stdout;
    expect(md).toContain(`ikescope analyze ${cap} --keys ${keys} --format md --fail-on never`);
    const bad = ikescope(['analyze', cap, '--format', 'pdf']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of text, json, md, html, junit/);
    const help = ikescope(['analyze', '--help']).stdout;
    expect(help).toMatch(/--redact/);
    expect(help).toMatch(/--format html --out report\.html/);
  });
});
