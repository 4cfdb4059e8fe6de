/**
 * Runs a suite: each case in its own `ikescope suite case` process (so one case's crash or hang
 * cannot take the others with it, and a case can run where its client sits, e.g. in the lab's
 * NAT namespace through a `--site nat=...` prefix), then judges it by its own capture:
 * analysed with its key log and the rules, checked by oracle.ts. Cases run in parallel up to
 * `jobs`, except cases with gateway-side steps: a hook such as `swanctl --rekey --child` acts on
 * every SA of the connection, so such a case runs alone.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKeys } from '../keys/index.js';
import { analyzeCapture } from '../pipeline.js';
import { renderHtml } from '../report/html.js';
import type { Case, Suite } from './model.js';
import { checkCase, type EndpointOutcome } from './oracle.js';
import { verdictOf, type CaseResult, type SuiteRun } from './results.js';

export interface RunOptions {
  readonly suiteFile: string;
  readonly gateway: string;
  readonly gateway6?: string;
  /** Where each case's capture, key log, log and report go (one directory per case). */
  readonly outDir: string;
  readonly jobs: number;
  /** Command prefixes per site, e.g. nat → ['ip', 'netns', 'exec', 'iks-1-ncl']. */
  readonly sites: Readonly<Record<string, readonly string[]>>;
  /** Case ids or tags to run; all when empty. */
  readonly only: readonly string[];
  readonly caseTimeoutSeconds: number;
  /** Gateway alternates given on the command line (--gateway-alt NAME=ADDR), over the file's. */
  readonly alternates: Readonly<Record<string, string>>;
  /** Gateway hooks given on the command line, passed on to each case process. */
  readonly hooks: Readonly<Record<string, string>>;
  /** One line per case started and finished. */
  readonly progress: (line: string) => void;
}

/** The files a case process leaves in its directory. */
export const CASE_FILES = { pcap: 'case.pcap', keylog: 'keys.json', outcome: 'outcome.json', log: 'log.txt', report: 'report.html' } as const;

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

const exclusive = (c: Case) => c.steps.some((s) => (s.kind === 'rekey' || s.kind === 'delete') && s.by === 'gateway');

export function selectCases(suite: Suite, only: readonly string[]): Case[] {
  if (!only.length) return [...suite.cases];
  return suite.cases.filter((c) => only.includes(c.id) || c.tags.some((t) => only.includes(t)));
}

export async function runSuite(suite: Suite, o: RunOptions): Promise<SuiteRun> {
  const started = new Date();
  const cases = selectCases(suite, o.only);
  const results = new Map<string, CaseResult>();
  const queue = [...cases];
  const running = new Set<Promise<void>>();
  let exclusiveRunning = false;

  const start = (c: Case) => {
    const p = runCase(suite, c, o).then((r) => {
      results.set(c.id, r);
      o.progress(`${r.verdict.padEnd(7)} ${c.id} (${r.seconds.toFixed(1)} s)${r.verdict !== 'pass' ? `: ${r.reason ?? r.checks.filter((k) => !k.pass).map((k) => k.name).join('; ')}` : ''}`);
    });
    const tracked = p.finally(() => { running.delete(tracked); if (exclusive(c)) exclusiveRunning = false; });
    running.add(tracked);
  };

  while (queue.length || running.size) {
    const next = queue[0];
    const canStart = next && !exclusiveRunning && running.size < o.jobs && (!exclusive(next) || running.size === 0);
    if (canStart) {
      queue.shift();
      if (exclusive(next)) exclusiveRunning = true;
      o.progress(`start   ${next.id}: ${next.title}`);
      start(next);
      continue;
    }
    await Promise.race(running);
  }
  return {
    suite, gateway: o.gateway, started: started.toISOString(), seconds: (Date.now() - started.getTime()) / 1000,
    results: cases.map((c) => results.get(c.id)!),
  };
}

async function runCase(suite: Suite, c: Case, o: RunOptions): Promise<CaseResult> {
  const t0 = Date.now();
  const dir = join(o.outDir, c.id);
  mkdirSync(dir, { recursive: true });
  const rel = (f: string) => relative(o.outDir, join(dir, f));
  const base = { case: c, files: { dir: rel('.') }, findings: [] as CaseResult['findings'] };
  const elapsed = () => (Date.now() - t0) / 1000;

  const prefix = c.site === 'direct' ? o.sites.direct ?? [] : o.sites[c.site];
  if (!prefix) return { ...base, verdict: 'skipped', checks: [], reason: `needs a client site "${c.site}": give --site ${c.site}=COMMAND (e.g. ip netns exec NS)`, seconds: 0 };
  if (c.ipv6 && !o.gateway6) return { ...base, verdict: 'skipped', checks: [], reason: 'an IPv6 case: give --gateway6 ADDR', seconds: 0 };

  const args = [...prefix, process.execPath, MAIN, 'suite', 'case', o.suiteFile, '--case', c.id, '--gateway', c.via ? o.alternates[c.via] ?? suite.gateway.alternates[c.via]! : c.ipv6 ? o.gateway6! : o.gateway, '--dir', dir,
    ...Object.entries(o.hooks).flatMap(([k, v]) => ['--hook', `${k}=${v}`])];
  const exit = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(args[0]!, args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    const timer = setTimeout(() => { stderr += `\ncase timed out after ${o.caseTimeoutSeconds} s`; child.kill('SIGKILL'); }, o.caseTimeoutSeconds * 1000);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: -1, stderr: `cannot start the case: ${e.message}` }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
  });
  const outcomePath = join(dir, CASE_FILES.outcome);
  if (!existsSync(outcomePath)) {
    return { ...base, verdict: 'error', checks: [], reason: exit.stderr.trim().split('\n').pop() || `the case process exited with ${exit.code} and left no outcome`, seconds: elapsed() };
  }
  let outcome: EndpointOutcome;
  try {
    outcome = JSON.parse(readFileSync(outcomePath, 'utf8')) as EndpointOutcome;
  } catch (e) {
    // A case process killed while writing leaves half a file: an error of that case, not of the run.
    return { ...base, verdict: 'error', checks: [], reason: `${CASE_FILES.outcome} unreadable: ${(e as Error).message}`, seconds: elapsed() };
  }
  const files = { dir: rel('.'), pcap: rel(CASE_FILES.pcap), keylog: rel(CASE_FILES.keylog), log: rel(CASE_FILES.log), report: rel(CASE_FILES.report) };
  const keys = existsSync(join(dir, CASE_FILES.keylog)) ? await loadKeys([join(dir, CASE_FILES.keylog)]) : undefined;
  const analysed = existsSync(join(dir, CASE_FILES.pcap))
    ? await analyzeCapture(join(dir, CASE_FILES.pcap), { keys: keys?.store, keyProblems: keys?.problems })
    : undefined;
  const report = analysed?.ok ? analysed.report : undefined;
  if (report) writeFileSync(join(dir, CASE_FILES.report), renderHtml(report, { command: `ikescope analyze ${files.pcap} --keys ${files.keylog}` }));
  const checks = checkCase(c, report, outcome);
  return { ...base, files, verdict: verdictOf(checks), checks, seconds: elapsed(), findings: report?.findings ?? [] };
}
