// lab/lab.ts — the lab (real strongSwan charons in network namespaces) for tests and tools.
// A thin, dependency-free wrapper around the shell scripts lab/lab and lab/lib.sh, which do
// the system plumbing; see lab/README.md for the topology and what each step does.
//
//   const lab = await startLab({ gateway: 'eap-mschapv2', client: 'eap-mschapv2' });
//   try {
//     await lab.initiate();                     // client: swanctl --initiate --child lab
//     await lab.ping('192.0.2.200', 3);         // through the tunnel, from the virtual IP
//     await lab.terminate();                    // client deletes the IKE_SA
//   } finally {
//     await lab.stop();                         // everything stopped, namespaces deleted
//   }
//
// Each lab has its own random ID and namespaces iks-ID-{sw,gw,cl,nat,ncl}, so labs in
// parallel test files do not clash. A watchdog tears a lab down if this process dies, and
// labs not stopped by the time the process exits are torn down synchronously on 'exit'.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A namespace of the lab topology; `client` is whichever one runs the client charon. */
export type LabNode = 'sw' | 'gw' | 'cl' | 'nat' | 'ncl' | 'client';
export type LabRole = 'gateway' | 'client';

export interface LabOptions {
  /** Gateway fixture: a name under fixtures/gateways/ or a directory with swanctl.conf. */
  gateway: string;
  /** Client fixture: a name under fixtures/clients/ or a directory; omit for no client charon. */
  client?: string;
  /** Where the client runs: `cl` on the outside network (default) or `ncl` behind the NAT. */
  clientNode?: 'cl' | 'ncl';
  /** MTU of every outside link (default 1500). */
  mtu?: number;
  /**
   * IPv6 on the outside links as well: gw 2001:db8:1::1, cl 2001:db8:1::2, nat 2001:db8:1::3
   * (/64). Off by default: the outside stays IPv4-only and captures stay as recorded.
   */
  ipv6?: boolean;
  /** Record on the gateway's outside interface: true (run dir capture.pcap) or a file path. */
  capture?: boolean | string;
  /** Extra strongswan.conf settings, dotted keys: { 'charon.keep_alive': '2s' }. */
  gatewaySettings?: Record<string, string>;
  clientSettings?: Record<string, string>;
  /** Keep the run directory (logs, configs) after stop(); also env IKESCOPE_LAB_KEEP=1. */
  keepRunDir?: boolean;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Lab {
  readonly id: string;
  /** lab/run/ID: generated strongswan.conf files, charon logs, vici sockets, PID files. */
  readonly runDir: string;
  readonly namespaces: Readonly<Record<Exclude<LabNode, 'client'>, string>>;
  /** The gateway charon's log (ike 4, chd 4: every IKE and ESP key). */
  readonly gatewayLog: string;
  readonly clientLog: string | null;
  readonly capturePath: string | null;
  /** swanctl against the gateway's or the client's charon (its vici socket, its fixture dir). */
  swanctl(role: LabRole, args: string[]): Promise<CommandResult>;
  /** Runs a command in a namespace (ip netns exec); killed after timeoutMs (default 60 s). */
  exec(node: LabNode, cmd: string[], timeoutMs?: number): Promise<CommandResult>;
  /** Client: swanctl --initiate --child CHILD; throws with the output if it fails. */
  initiate(child?: string): Promise<string>;
  /** Client: ping TARGET COUNT times (through the tunnel when TARGET is in its TS); throws on loss. */
  ping(target: string, count?: number): Promise<string>;
  /** Client: swanctl --terminate --ike IKE (sends INFORMATIONAL with D); throws if it fails. */
  terminate(ike?: string): Promise<string>;
  /** Stops tcpdump so that capturePath is complete. stop() does it too. */
  stopCapture(): Promise<void>;
  /** Stops every process of the lab and deletes its namespaces. Idempotent; never throws. */
  stop(): Promise<void>;
}

export type LabAvailability = { ok: true } | { ok: false; reason: string };

const here = dirname(fileURLToPath(import.meta.url));
/** The repository's lab/ directory, whether this runs from lab/ (vitest) or dist/lab/ (tsc). */
export const labDir: string = [here, join(here, '..', '..', 'lab')].find((d) =>
  existsSync(join(d, 'lib.sh')),
) ?? here;
const labScript = join(labDir, 'lab');

function run(args: string[], timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(labScript, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      const why = err && typeof err.code !== 'number' ? `\n${err.message}` : '';
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + why });
    });
  });
}

function failure(id: string, what: string, r: CommandResult): Error {
  const out = (r.stdout + r.stderr).trim().split('\n').slice(-25).join('\n');
  return new Error(`lab ${id}: ${what} failed (exit ${r.code})\n${out}`);
}

/** Whether the lab can run here; if not, why ("not root", "charon missing (...)", ...). */
export function labAvailable(): LabAvailability {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  if (!existsSync(labScript)) return { ok: false, reason: `lab script missing (${labScript})` };
  const r = spawnSync(labScript, ['check'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) return { ok: false, reason: r.error.message };
  if (r.status === 0) return { ok: true };
  return { ok: false, reason: (r.stdout + r.stderr).trim() || `lab check exited ${r.status}` };
}

const live = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const id of live) spawnSync(labScript, ['down', id], { stdio: 'ignore', timeout: 20_000 });
  });
}

function settingsArgs(s: Record<string, string> | undefined): string[] {
  return Object.entries(s ?? {}).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
}

function parseInfo(text: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) info[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return info;
}

/** Builds the topology, starts the gateway (and client) charon, optionally tcpdump. */
export async function startLab(opts: LabOptions): Promise<Lab> {
  const avail = labAvailable();
  if (!avail.ok) throw new Error(`lab: cannot run here: ${avail.reason}`);
  installExitHook();

  const up = await run(['up', '--mtu', String(opts.mtu ?? 1500), '--owner', String(process.pid), ...(opts.ipv6 ? ['--ipv6'] : [])]);
  const id = up.stdout.trim().split('\n').pop() ?? '';
  if (up.code !== 0 || !/^[0-9a-z]+$/.test(id)) throw failure('-', 'up', up);
  live.add(id);
  let info = parseInfo((await run(['info', id])).stdout);

  let stopped = false;
  let capturing = false;
  const keep = opts.keepRunDir ?? process.env.IKESCOPE_LAB_KEEP === '1';
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await run(['down', id]);
    live.delete(id);
    if (!keep && info.RUN) rmSync(info.RUN, { recursive: true, force: true });
  };

  try {
    const gw = await run(['gateway', id, opts.gateway, ...settingsArgs(opts.gatewaySettings)]);
    if (gw.code !== 0) throw failure(id, `gateway ${opts.gateway}`, gw);
    if (opts.client !== undefined) {
      const cl = await run([
        'client', id, opts.client, '--node', opts.clientNode ?? 'cl', ...settingsArgs(opts.clientSettings),
      ]);
      if (cl.code !== 0) throw failure(id, `client ${opts.client}`, cl);
    }
    info = parseInfo((await run(['info', id])).stdout);
    if (opts.capture) {
      const file = typeof opts.capture === 'string' ? resolve(opts.capture) : join(info.RUN, 'capture.pcap');
      const c = await run(['capture-start', id, file]);
      if (c.code !== 0) throw failure(id, 'capture-start', c);
      capturing = true;
      info.CAPTURE = file;
    }
  } catch (e) {
    await stop();
    if (keep) (e as Error).message += `\n(run directory kept: ${info.RUN})`;
    throw e;
  }

  const clientCmd = async (what: string, args: string[]): Promise<string> => {
    const r = await run(['swanctl', id, 'client', ...args]);
    if (r.code !== 0) throw failure(id, what, r);
    return r.stdout;
  };

  return {
    id,
    runDir: info.RUN,
    namespaces: { sw: info.NS_SW, gw: info.NS_GW, cl: info.NS_CL, nat: info.NS_NAT, ncl: info.NS_NCL },
    gatewayLog: info.GW_LOG,
    clientLog: info.CLIENT_LOG ?? null,
    capturePath: info.CAPTURE ?? null,
    swanctl: (role, args) => run(['swanctl', id, role === 'gateway' ? 'gw' : 'client', ...args]),
    exec: (node, cmd, timeoutMs) => run(['exec', id, node, ...cmd], timeoutMs),
    initiate: (child = 'lab') => clientCmd(`initiate ${child}`, ['--initiate', '--child', child, '--timeout', '30']),
    terminate: (ike = 'lab') => clientCmd(`terminate ${ike}`, ['--terminate', '--ike', ike, '--timeout', '10']),
    async ping(target, count = 3) {
      const r = await run(['exec', id, 'client', 'ping', '-n', '-c', String(count), '-i', '0.3', '-W', '2', target]);
      if (r.code !== 0) throw failure(id, `ping ${target}`, r);
      return r.stdout;
    },
    async stopCapture() {
      if (!capturing) return;
      capturing = false;
      const r = await run(['capture-stop', id]);
      if (r.code !== 0) throw failure(id, 'capture-stop', r);
    },
    stop,
  };
}
