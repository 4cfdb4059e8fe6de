/**
 * Load benchmark (issue 7): `ikescope suite load` against one strongSwan gateway of the lab
 * (fixtures/gateways/load) on this machine, holding ≥ 1,000 IKE_SAs at once. See
 * bench/README.md "Load benchmark".
 *
 *   node dist/bench/load.js                                  # 1,000 clients at 50/s, held 10 s
 *   node dist/bench/load.js --clients 2000 --rate 100 --profile windows-10 --set charon.threads=32
 *   node dist/bench/load.js --auth eap                       # EAP-MSCHAPv2 (fixtures/gateways/load-eap)
 *
 * Prints our figures (setups/s, p50/p99, peak RSS) beside the gateway's: its own count of
 * IKE_SAs while they are held (swanctl --stats), its peak RSS (VmHWM) and CPU time. Writes
 * bench/out/load-results.json. Needs root (the lab). Not a test: nothing here passes or fails
 * on a timing; the run fails (exit 1) only when the gateway does not hold every IKE_SA.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { labAvailable, startLab, type Lab } from '../lab/lab.js';
import type { LoadReport } from '../src/suite/load-test.js';
import { ROOT } from './measure.js';

const PSK = join(ROOT, 'fixtures/gateways/load/psk.secret');

/**
 * How the clients authenticate: the gateway fixture and suite load's credential options. EAP
 * costs more per client on both sides: the gateway signs with its RSA-2048 key and sends its
 * certificate, we check the chain, and MSCHAPv2 takes two more IKE_AUTH round trips.
 */
const AUTH = {
  psk: { gateway: 'load', args: ['--psk-file', PSK] },
  eap: {
    gateway: 'load-eap',
    args: [
      '--user', 'user{n}@load.example.net', '--password-file', join(ROOT, 'fixtures/gateways/load-eap/password.secret'),
      '--ca', join(ROOT, 'fixtures/gateways/eap-mschapv2/x509ca/root-ca.pem'),
    ],
  },
} as const;
type Auth = keyof typeof AUTH;

interface Options { clients: number; rate: number; hold: number; profile: string; auth: Auth; out: string; settings: Record<string, string> }

function options(): Options {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string' }, rate: { type: 'string' }, hold: { type: 'string' }, profile: { type: 'string' }, auth: { type: 'string' }, out: { type: 'string' },
      set: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('usage: node dist/bench/load.js [--clients N] [--rate R] [--hold S] [--profile P] [--auth psk|eap] [--set charon.key=value]... [--out DIR]\n');
    process.exit(0);
  }
  const num = (v: string | undefined, d: number, name: string) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} takes a positive number`);
    return n;
  };
  const auth = values.auth ?? 'psk';
  if (auth !== 'psk' && auth !== 'eap') throw new Error(`--auth takes psk or eap (got '${auth}')`);
  const settings: Record<string, string> = {};
  for (const kv of values.set ?? []) {
    const i = kv.indexOf('=');
    if (i < 1) throw new Error(`--set wants key=value (got '${kv}')`);
    settings[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return {
    clients: num(values.clients, 1000, 'clients'), rate: num(values.rate, 50, 'rate'), hold: num(values.hold, 10, 'hold'), profile: values.profile ?? 'strongswan', auth,
    out: resolve(values.out ?? join(ROOT, 'bench/out')), settings,
  };
}

/** charon's CPU seconds (utime + stime) and memory from /proc. */
function charonStat(pid: number): { cpuSeconds: number; rssKb: number; hwmKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuSeconds: (Number(f[11]) + Number(f[12])) / ticks, rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/** The gateway's own count: swanctl --stats "IKE_SAs: 1000 total, 0 half-open". */
async function gatewayIkeSas(lab: Lab): Promise<{ total: number; halfOpen: number } | undefined> {
  const r = await lab.swanctl('gateway', ['--stats']);
  const m = /IKE_SAs: (\d+) total, (\d+) half-open/.exec(r.stdout);
  return m ? { total: Number(m[1]), halfOpen: Number(m[2]) } : undefined;
}

/**
 * What in the gateway's log says it was defending itself or falling behind: COOKIEs sent,
 * IKE_SA_INITs ignored for its half-open limits, retransmitted requests it saw.
 */
function gatewayLogCounts(lab: Lab): Record<string, number> {
  let log = '';
  try { log = readFileSync(lab.gatewayLog, 'utf8'); } catch { return {}; }
  const n = (re: RegExp) => log.match(re)?.length ?? 0;
  return {
    // receiver.c: "sending COOKIE notify to %H" (net 2), "ignoring IKE_SA setup from %H, ..." (net 1)
    cookies: n(/sending COOKIE notify/g),
    ignoredInits: n(/ignoring IKE_SA setup/g),
    retransmitsReceived: n(/received retransmit of request/g),
    eapSucceeded: n(/EAP method \S+ succeeded/g),
  };
}

async function main(): Promise<number> {
  const o = options();
  const avail = labAvailable();
  if (!avail.ok) { process.stderr.write(`bench/load: the lab cannot run here: ${avail.reason}\n`); return 2; }
  mkdirSync(o.out, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'ikescope-bench-load-'));
  const jsonPath = join(tmp, 'load.json');
  const loadBefore = loadavg()[0]!;
  const lab = await startLab({ gateway: AUTH[o.auth].gateway, gatewaySettings: o.settings });
  try {
    const pid = Number(readFileSync(join(lab.runDir, 'gw', 'charon.pid'), 'utf8').trim());
    const before = charonStat(pid);
    const args = [
      '--gateway', '198.51.100.1', '--clients', String(o.clients), '--rate', String(o.rate), '--hold', String(o.hold),
      '--profile', o.profile, ...AUTH[o.auth].args, '--remote-id', 'vpn.example.net', '--json', jsonPath,
    ];
    const command = ['ip', 'netns', 'exec', lab.namespaces.cl, process.execPath, join(ROOT, 'dist/cli/main.js'), 'suite', 'load', ...args];
    process.stderr.write(`bench/load: lab ${lab.id}; ikescope suite load ${args.join(' ')}\n`);
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    // The progress lines come every 5 s (stderr is a pipe); the first "load hold" line says
    // every setup is done: then the gateway is asked how many IKE_SAs it holds.
    let atHold: Promise<{ total: number; halfOpen: number } | undefined> | undefined;
    let charonAtHold: ReturnType<typeof charonStat> | undefined;
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      process.stderr.write(text);
      if (!atHold && /^load hold/m.test(text)) {
        charonAtHold = charonStat(pid);
        atHold = gatewayIkeSas(lab);
      }
    });
    const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? -1)));
    const held = await atHold;
    const after = charonStat(pid);
    const afterTeardown = await gatewayIkeSas(lab);
    if (code !== 0 && code !== 1) { process.stderr.write(`bench/load: suite load exited ${code}\n${stdout}`); return 1; }
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as LoadReport;
    const resultsFile = o.auth === 'psk' ? 'load-results.json' : `load-${o.auth}-results.json`;
    const results = {
      schema: 'ikescope.bench-load/1',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, loadAverage: { before: loadBefore, after: loadavg()[0]! } },
      tree: { commit: git(['rev-parse', 'HEAD']), modified: (git(['status', '--porcelain', '--', 'src', 'cli', 'fixtures/gateways/load', 'fixtures/gateways/load-eap']) ?? '').split('\n').filter(Boolean) },
      auth: o.auth,
      command: `ikescope suite load ${args.join(' ')}`,
      gatewaySettings: o.settings,
      ikescope: {
        setups: report.setups, concurrent: report.concurrent, latencyMs: report.latencyMs, failures: report.failures, lost: report.lost,
        teardown: report.teardown, seconds: report.seconds, process: report.process,
      },
      gateway: {
        ikeSasWhileHeld: held ?? null,
        ikeSasAfterTeardown: afterTeardown ?? null,
        peakRssKb: after.hwmKb,
        rssKbWhileHeld: charonAtHold?.rssKb ?? null,
        rssKbAtStart: before.rssKb,
        cpuSeconds: Math.round((after.cpuSeconds - before.cpuSeconds) * 100) / 100,
        log: gatewayLogCounts(lab),
      },
    };
    writeFileSync(join(o.out, resultsFile), JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(stdout);
    const l = report.latencyMs;
    const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
    process.stdout.write([
      '',
      `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
      `clients ${o.clients} (profile ${o.profile}, ${o.auth === 'eap' ? 'EAP-MSCHAPv2, gateway load-eap' : 'PSK, gateway load'}), offered ${o.rate}/s, hold ${o.hold} s${Object.keys(o.settings).length ? `, gateway settings ${JSON.stringify(o.settings)}` : ''}`,
      '',
      `  setups/s achieved          ${report.setups.perSecond.toFixed(1)}  (${report.setups.established} established, ${report.setups.failed} failed)`,
      `  latency p50 / p99 / max    ${l ? `${l.p50} / ${l.p99} / ${l.max} ms` : '-'}`,
      `  concurrent IKE_SAs (ours)  peak ${report.concurrent.peak}, end of hold ${report.concurrent.atEnd}`,
      `  IKE_SAs (gateway's count)  ${held ? `${held.total} total, ${held.halfOpen} half-open while held` : 'not read'}; ${afterTeardown ? `${afterTeardown.total} after our DELETEs` : ''}`,
      `  peak RSS ikescope          ${mb(report.process.peakRssBytes / 1024)}  (CPU ${report.process.cpuSeconds.toFixed(1)} s, event-loop delay p99 ${report.process.eventLoopDelayMs.p99} ms)`,
      `  peak RSS charon            ${mb(after.hwmKb)}  (${mb(before.rssKb)} at start${charonAtHold ? `, ${mb(charonAtHold.rssKb)} holding` : ''}; CPU ${results.gateway.cpuSeconds.toFixed(1)} s)`,
      `  gateway's log              ${Object.entries(results.gateway.log).map(([k, n]) => `${k} ${n}`).join(', ')}`,
      `  written                    ${join(o.out, resultsFile)}`,
      '',
    ].join('\n'));
    return held && held.total >= o.clients && report.concurrent.atEnd === o.clients ? 0 : 1;
  } finally {
    await lab.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function git(args: string[]): string | null {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

main().then((c) => { process.exitCode = c; }, (e: unknown) => { process.stderr.write(`bench/load: ${(e as Error).message}\n`); process.exitCode = 1; });
