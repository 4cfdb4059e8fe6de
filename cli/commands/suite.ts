/** `ikescope suite`: regression suites against a gateway (run, check a file), and one case (what `run` starts per case). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSuiteFile } from '../../src/suite/load.js';
import type { Suite } from '../../src/suite/model.js';
import { renderSuiteHtml, renderSuiteJunit, renderSuiteMarkdown, suiteRunJson, summaryLine } from '../../src/suite/results.js';
import { runSuite, selectCases } from '../../src/suite/run.js';
import { parse } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usage-error.js';

const HELP = `usage: ikescope suite run FILE --gateway ADDR [--out DIR] [--jobs N] [--only ID|TAG]…
                          [--site NAME=COMMAND]… [--hook NAME=COMMAND]… [--gateway6 ADDR]
                          [--gateway-alt NAME=ADDR]…
       ikescope suite check FILE
       ikescope suite case FILE --case ID --gateway ADDR --dir DIR
       ikescope suite load --gateway ADDR --clients N --rate R [--profile P] [credentials]  (see 'ikescope suite load --help')

A suite file (YAML or JSON; schema: suites/suite.schema.json, for editor completion) lists
cases: a client profile with credentials, steps (connect, ping, rekey or delete a CHILD_SA or
the IKE_SA from either side, wait, move), and what must hold (established or refused with a
notify, the chosen proposal, the assigned address family, ESP round trips, a CHILD_SA that
survives its rekey, findings present or absent). Each case runs as its own process with the
reference initiator (see 'ikescope connect --help'), records a capture and a key log, and is
judged by analysing that capture with the rules, as 'ikescope analyze' would.

  run     runs the cases and writes, in --out (default ikescope-suite/): results.xml (JUnit),
          results.md, results.html (each failure linked to its evidence frames in the case's
          own report.html), results.json (schema ikescope.suite-results/1), and one directory per case with case.pcap, keys.json (its key
          log: keep it private), log.txt and report.html. Exit 0 when every case passed, 1
          when one failed, 2 on a usage error.
  check   reads a suite file and lists its cases, or says what is wrong and where
  case    runs one case in this process and leaves its files in DIR (what 'run' starts for
          each case; useful to run one case by hand)
  load    many simulated clients from one process against one gateway: setups/s, concurrent
          IKE_SAs held, failures by reason, latency percentiles

options for run:
  --gateway ADDR         the gateway's IPv4 address (overrides the file's gateway.address)
  --gateway6 ADDR        the gateway's IPv6 address, for cases with ipv6: true
  --gateway-alt NAME=ADDR
                         another address of the gateway, for cases with via: NAME (overrides
                         gateway.alternates in the file)
  --out DIR              where results go (default ikescope-suite)
  --jobs N               cases run at once (default 4); a case with a gateway-side step
                         (rekey or delete by: gateway) always runs alone
  --only ID|TAG          run only the cases with this id or tag; repeatable
  --site NAME=COMMAND    the command prefix that puts a case's client at site NAME, e.g.
                         --site nat='ip netns exec client-behind-nat'; cases whose site has
                         no prefix are skipped, and 'direct' needs none
  --hook NAME=COMMAND    override a gateway hook (rekey-child, rekey-ike, delete-child,
                         delete-ike), e.g. --hook rekey-child='ssh gw swanctl --rekey --child {child}'
  --timeout S            seconds a case may take before it is killed (default 120)

examples:
  ikescope suite check suites/windows-clients.yaml
  ikescope suite run suites/rfc7296-basics.yaml --gateway 198.51.100.1 --out /tmp/basics
  ikescope suite run suites/windows-clients.yaml --gateway 198.51.100.1 --only windows-10 \\
      --site nat='ip netns exec vpn-nat-client' --hook rekey-child='swanctl --rekey --child {child}'
`;

const pairs = (flag: string, values: string[] | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i < 1) throw new UsageError(`suite: --${flag} takes NAME=COMMAND (got '${v}')`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
};

function readSuite(file: string | undefined): Suite {
  if (!file) throw new UsageError("suite: which suite file? (see 'ikescope suite --help')");
  const r = loadSuiteFile(file);
  if (!r.ok) throw new UsageError(`${file}: ${r.errors[0]}${r.errors.length > 1 ? ` (and ${r.errors.length - 1} more: run 'ikescope suite check ${file}')` : ''}`);
  return r.suite;
}

export async function suite(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') { process.stdout.write(HELP); return sub ? EXIT_OK : 2; }
  if (sub === 'check') return check(rest);
  if (sub === 'run') return run(rest);
  if (sub === 'case') return (await import('./suite-case.js')).suiteCase(rest);
  if (sub === 'load') return (await import('./suite-load.js')).suiteLoad(rest);
  throw new UsageError(`suite: unknown subcommand '${sub}' (run, check, case, load; see 'ikescope suite --help')`);
}

function check(argv: string[]): number {
  const { values, positionals } = parse('suite check', argv, {});
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  const file = positionals[0];
  if (!file) throw new UsageError("suite check: which suite file?");
  const r = loadSuiteFile(file);
  if (!r.ok) {
    for (const e of r.errors) process.stderr.write(`${file}: ${e}\n`);
    return 2;
  }
  const s = r.suite;
  process.stdout.write(`${s.name}: ${s.cases.length} case(s)\n`);
  for (const c of s.cases) process.stdout.write(`  ${c.id.padEnd(32)} ${c.profile.padEnd(11)} ${c.auth.padEnd(13)} ${c.site.padEnd(7)}${c.tags.length ? ` [${c.tags.join(', ')}]` : ''}  ${c.title}\n`);
  return EXIT_OK;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse('suite run', argv, {
    gateway: { type: 'string' }, gateway6: { type: 'string' }, out: { type: 'string' }, jobs: { type: 'string' },
    only: { type: 'string', multiple: true }, site: { type: 'string', multiple: true }, 'gateway-alt': { type: 'string', multiple: true }, hook: { type: 'string', multiple: true }, timeout: { type: 'string' },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  const file = positionals[0];
  const loaded = readSuite(file);
  const hooks = pairs('hook', values.hook);
  for (const h of Object.keys(hooks)) if (!['rekey-child', 'rekey-ike', 'delete-child', 'delete-ike'].includes(h)) throw new UsageError(`suite run: --hook ${h}: hooks are rekey-child, rekey-ike, delete-child, delete-ike`);
  const s: Suite = { ...loaded, gateway: { ...loaded.gateway, hooks: { ...loaded.gateway.hooks, ...hooks } } };
  const gateway = values.gateway ?? s.gateway.address;
  if (!gateway) throw new UsageError('suite run: which gateway? (--gateway ADDR, or gateway.address in the file)');
  const jobs = Number(values.jobs ?? 4);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`suite run: --jobs takes 1 to 64 (got '${values.jobs}')`);
  const timeout = Number(values.timeout ?? 120);
  if (!(timeout > 0)) throw new UsageError(`suite run: --timeout takes seconds (got '${values.timeout}')`);
  const sites: Record<string, string[]> = {};
  for (const [name, cmd] of Object.entries(pairs('site', values.site))) sites[name] = cmd.split(/\s+/).filter(Boolean);
  const only = values.only ?? [];
  if (!selectCases(s, only).length) throw new UsageError(`suite run: no case has the id or tag ${only.join(', ')}`);
  const outDir = resolve(values.out ?? 'ikescope-suite');
  mkdirSync(outDir, { recursive: true });
  // The case processes read the suite themselves; gateway hooks given here reach them by a copy.
  const suiteFile = resolve(file!);
  const result = await runSuite(s, {
    suiteFile, gateway, ...(values.gateway6 ? { gateway6: values.gateway6 } : s.gateway.address6 ? { gateway6: s.gateway.address6 } : {}),
    outDir, jobs, sites, only, caseTimeoutSeconds: timeout, hooks, alternates: pairs('gateway-alt', values['gateway-alt']),
    progress: (line) => process.stderr.write(`suite: ${line}\n`),
  });
  writeFileSync(join(outDir, 'results.xml'), renderSuiteJunit(result));
  writeFileSync(join(outDir, 'results.md'), renderSuiteMarkdown(result));
  writeFileSync(join(outDir, 'results.html'), renderSuiteHtml(result));
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(suiteRunJson(result), null, 2) + '\n');
  process.stdout.write(`${summaryLine(result)}\nresults: ${join(outDir, 'results.html')} (also results.md, results.xml, results.json)\n`);
  return result.results.every((r) => r.verdict === 'pass') ? EXIT_OK : EXIT_FINDINGS;
}
