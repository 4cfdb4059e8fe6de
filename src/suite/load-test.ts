/**
 * Load against a gateway (`ikescope suite load`): N simulated clients from one process, each a
 * reference-initiator Session (src/endpoint) with its own identity, its own SPIs and its own
 * pair of UDP sockets on ephemeral ports, started at a fixed rate, held, then deleted.
 *
 * Open loop: client k starts at (k-1)/rate seconds whether or not earlier setups have finished,
 * as independent users would; a slow gateway shows as latency and as setups in flight, not as
 * a lower offered rate. Phases: ramp (start every client, wait for every setup), hold (every
 * established IKE_SA stays up `holdMs` more, answering the gateway), teardown (an orderly
 * DELETE of each, RFC 7296 §1.4.1, a bounded number at a time).
 *
 * Latency is IKE_SA_INIT request to IKE_AUTH response verified (connect() of the Session: the
 * two sockets it opens first take microseconds), of established clients only.
 */
import { setMaxListeners } from 'node:events';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { NotifyType } from '../ikev2/registry/index.js';
import { Session, type Credentials, type SessionOptions } from '../endpoint/session.js';
import { sleep } from '../sleep.js';

/** What every client shares; identity, credentials, ports, log and abort are the load's own. */
export type SharedSessionOptions = Omit<SessionOptions, 'identity' | 'credentials' | 'ports' | 'log' | 'abort' | 'capture'>;

export interface LoadOptions {
  /** The client profile's name, for the report. */
  readonly profile: string;
  readonly clients: number;
  /** New setups per second. */
  readonly rate: number;
  /** How long every IKE_SA stays up after the last setup has finished. */
  readonly holdMs: number;
  readonly session: SharedSessionOptions;
  /** Client k's (1-based) identity. */
  readonly identity: (k: number) => string;
  /** Client k's credentials, asked for when it starts: EAP needs a peer of its own per client. */
  readonly credentials: (k: number) => Credentials;
  /** Client k's EAP identity, for the report (the gateway lists it beside the IDi), when EAP is used. */
  readonly eapIdentity?: (k: number) => string;
  /** One ICMP echo through each client's tunnel right after its setup. */
  readonly ping?: string;
  /** Called every `progressEveryMs` (default 250) and once per phase change. */
  readonly onProgress?: (p: LoadProgress) => void;
  readonly progressEveryMs?: number;
  /** DELETEs in flight at once during teardown (default 64). */
  readonly deleteConcurrency?: number;
  readonly abort?: AbortSignal;
}

export type LoadPhase = 'ramp' | 'hold' | 'teardown' | 'done';

export interface LoadProgress {
  readonly phase: LoadPhase;
  readonly elapsedMs: number;
  readonly started: number;
  readonly inSetup: number;
  readonly established: number;
  readonly failed: number;
  /** IKE_SAs up now, and the most at once. */
  readonly concurrent: number;
  readonly peak: number;
  readonly lost: number;
  readonly deleted: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly setupsPerSecond: number;
  readonly rssBytes: number;
}

export type ClientOutcome =
  /** Up from its setup to the end of the hold. */
  | 'held'
  /** Established, then ended by the gateway (a DELETE) before the hold was over. */
  | 'lost'
  | 'failed'
  /** Not started, or its setup cut short, because the run was interrupted. */
  | 'interrupted';

export interface ClientResult {
  readonly index: number;
  readonly identity: string;
  /** The identity sent in EAP (its Identity Response and the method's), when authenticating with EAP. */
  readonly eapIdentity?: string;
  readonly outcome: ClientOutcome;
  /** Lower-case hex, as the gateway's swanctl --list-sas and the report schema write them. */
  readonly ispi?: string;
  readonly rspi?: string;
  readonly latencyMs?: number;
  /** Why setup failed, or why the gateway ended it (one line, as the Session said it). */
  readonly reason?: string;
  readonly virtualIps?: string[];
  /** Our inbound and outbound ESP SPIs of the first CHILD_SA. */
  readonly childSpis?: { readonly in: string; readonly out: string };
  readonly pingAnswered?: boolean;
  /** Our DELETE of the IKE_SA was answered. */
  readonly deleted?: boolean;
}

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface LoadReport {
  readonly schema: 'ikescope.load/1';
  readonly gateway: string;
  readonly profile: string;
  readonly clients: number;
  readonly rate: number;
  readonly holdSeconds: number;
  readonly startedAt: string;
  readonly interrupted: boolean;
  readonly seconds: { readonly ramp: number; readonly hold: number; readonly teardown: number; readonly total: number };
  readonly setups: {
    readonly attempted: number;
    readonly established: number;
    readonly failed: number;
    /** Established setups over the time from the first start to the last setup done. */
    readonly perSecond: number;
  };
  readonly concurrent: { readonly peak: number; readonly atEnd: number };
  /** IKE_SA_INIT → IKE_AUTH done, ms, established clients. */
  readonly latencyMs: Percentiles | null;
  /** Setup failures and IKE_SAs lost during the hold, by reason. */
  readonly failures: Readonly<Record<string, number>>;
  readonly lost: Readonly<Record<string, number>>;
  /** Our own requests that failed during the hold (a profile's CHILD_SA rekey), by reason. */
  readonly holdFailures: Readonly<Record<string, number>>;
  readonly pings: { readonly target: string; readonly sent: number; readonly answered: number } | null;
  readonly teardown: { readonly deleted: number; readonly failures: Readonly<Record<string, number>> };
  readonly process: {
    readonly peakRssBytes: number;
    readonly cpuSeconds: number;
    /** How late timers and socket callbacks ran: a busy generator shows here. */
    readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  };
  readonly results: ClientResult[];
}

/** Nearest-rank percentiles (the smallest value with at least q of the values at or below it). */
export function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return { count: s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1]! };
}

const NOTIFY_NAMES = new Set(Object.keys(NotifyType));

/**
 * The failure class of a Session's one-line reason, so that a thousand failures count under a
 * few names: the IKEv2 notify it names (AUTHENTICATION_FAILED, NO_PROPOSAL_CHOSEN,
 * TS_UNACCEPTABLE, ...), "no response to EXCHANGE" for an exhausted retransmission, else the
 * reason itself without its Message ID.
 */
export function failureClass(reason: string): string {
  const named = reason.match(/\b[A-Z][A-Z0-9_]{3,}\b/g)?.find((w) => NOTIFY_NAMES.has(w));
  if (named) return named;
  const silent = /^no valid response to ([A-Z_]+)/.exec(reason);
  if (silent) return `no response to ${silent[1]}`;
  if (/: interrupted$/.test(reason)) return 'interrupted';
  return reason.replace(/ request \d+/g, '').slice(0, 160);
}

const countBy = (xs: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
};


interface Client {
  readonly index: number;
  readonly identity: string;
  session?: Session;
  state: 'waiting' | 'setup' | 'up' | 'failed' | 'lost' | 'closed';
  latencyMs?: number;
  reason?: string;
  pingAnswered?: boolean;
  deleted?: boolean;
}

export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  // Every Session and every request listens on this signal: thousands of listeners are expected.
  const ctl = new AbortController();
  setMaxListeners(0, ctl.signal);
  const stop = () => ctl.abort();
  if (o.abort?.aborted) stop();
  o.abort?.addEventListener('abort', stop);
  const abort = ctl.signal;

  const startedAt = new Date();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // The histogram holds whole sampling intervals; the delay is what exceeds LOOP_SAMPLE_MS.
  const loop = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  loop.enable();

  const clients: Client[] = Array.from({ length: o.clients }, (_, i) => ({ index: i + 1, identity: o.identity(i + 1), state: 'waiting' }));
  const latencies: number[] = [];
  let phase: LoadPhase = 'ramp';
  let started = 0;
  let concurrent = 0;
  let peak = 0;
  let firstStart: number | undefined;
  let lastSetupDone: number | undefined;
  let pingsSent = 0;
  let pingsAnswered = 0;
  let deleted = 0;

  const count = (s: Client['state']) => clients.reduce((n, c) => n + (c.state === s ? 1 : 0), 0);
  /** A gateway DELETE (or a failed request of its own) ends a Session; it says so in endReason. */
  const noticeLost = () => {
    for (const c of clients) {
      if (c.state === 'up' && c.session?.endReason !== undefined) {
        c.state = 'lost';
        c.reason = c.session.endReason;
        concurrent--;
      }
    }
  };
  const progress = (): LoadProgress => {
    const now = performance.now();
    const sorted = percentiles(latencies);
    const established = latencies.length;
    const span = ((lastSetupDone ?? now) - (firstStart ?? now)) / 1000;
    return {
      phase, elapsedMs: now - t0, started, inSetup: count('setup'), established, failed: count('failed'),
      concurrent, peak, lost: count('lost'), deleted,
      p50Ms: sorted?.p50 ?? null, p99Ms: sorted?.p99 ?? null,
      setupsPerSecond: span > 0 ? established / span : 0,
      rssBytes: process.memoryUsage.rss(),
    };
  };
  const report = () => o.onProgress?.(progress());
  const ticker = setInterval(() => { noticeLost(); report(); }, o.progressEveryMs ?? 250);

  const setup = async (c: Client): Promise<void> => {
    const session = new Session({
      ...o.session,
      identity: c.identity,
      credentials: o.credentials(c.index),
      // Any free ports: a thousand clients cannot all have 500 and 4500 (RFC 7296 §2.11: the
      // gateway answers to where the request came from).
      ports: { local: 0, localNatT: 0 },
      // Quiet: a failure comes back from connect() as its one-line reason.
      log: () => {},
      abort,
    });
    c.session = session;
    c.state = 'setup';
    started++;
    const t = performance.now();
    firstStart ??= t;
    const r = await session.connect();
    const done = performance.now();
    if (!r.ok) {
      c.state = 'failed';
      c.reason = r.reason;
      // Sockets closed at once: a failed client holds nothing (no IKE_SA to delete).
      await session.close();
      return;
    }
    lastSetupDone = done;
    c.latencyMs = done - t;
    latencies.push(c.latencyMs);
    c.state = 'up';
    concurrent++;
    peak = Math.max(peak, concurrent);
    if (o.ping && !abort.aborted) {
      pingsSent++;
      const p = await session.ping(o.ping, 1, 0, 3000);
      c.pingAnswered = p.ok && p.value.received > 0;
      if (c.pingAnswered) pingsAnswered++;
    }
  };

  // Ramp: client k at (k-1)/rate s, on time even when the event loop was late for some.
  const setups: Promise<void>[] = [];
  for (const c of clients) {
    if (abort.aborted) break;
    await sleep(t0 + ((c.index - 1) * 1000) / o.rate - performance.now(), abort);
    if (abort.aborted) break;
    setups.push(setup(c));
  }
  await Promise.all(setups);
  const rampEnd = performance.now();
  noticeLost();

  // Hold: the Sessions answer the gateway meanwhile (DPD, rekeys, DELETE); hold() adds NAT-T
  // keepalives where a real NAT is in front of us and returns early when the gateway ends one.
  phase = 'hold';
  report();
  const holdFailures: string[] = [];
  if (o.holdMs > 0 && !abort.aborted) {
    await Promise.all(clients.filter((c) => c.state === 'up').map(async (c) => {
      const r = await c.session!.hold(o.holdMs);
      if (!r.ok) holdFailures.push(failureClass(r.reason));
    }));
  }
  noticeLost();
  const atEnd = concurrent;
  const holdEnd = performance.now();

  // Teardown: DELETE each IKE_SA still up, `deleteConcurrency` at a time.
  phase = 'teardown';
  report();
  const up = clients.filter((c) => c.state === 'up' || c.state === 'lost');
  const teardownFailures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < up.length) {
      const c = up[next++]!;
      const wasUp = c.state === 'up';
      const r = await c.session!.close();
      if (wasUp) {
        c.state = 'closed';
        concurrent--;
        c.deleted = r.ok;
        if (r.ok) deleted++;
        else teardownFailures.push(failureClass(r.reason));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(up.length, o.deleteConcurrency ?? 64) }, worker));
  const end = performance.now();
  phase = 'done';
  clearInterval(ticker);
  report();
  loop.disable();
  o.abort?.removeEventListener('abort', stop);

  const results: ClientResult[] = clients.map((c) => {
    const s = c.session;
    const spis = /^([0-9a-f]{16})_i ([0-9a-f]{16})_r$/.exec(s?.facts.ikeSpis[0] ?? '');
    const child = /^([0-9a-f]{8})_i ([0-9a-f]{8})_o/.exec(s?.facts.childSpis[0] ?? '');
    const outcome: ClientOutcome = c.state === 'waiting' || (c.state === 'failed' && failureClass(c.reason ?? '') === 'interrupted')
      ? 'interrupted'
      : c.state === 'failed' ? 'failed' : c.state === 'lost' ? 'lost' : 'held';
    const vips = [s?.facts.vip4, s?.facts.vip6].filter((v): v is string => v !== undefined);
    return {
      index: c.index,
      identity: c.identity,
      ...(o.eapIdentity ? { eapIdentity: o.eapIdentity(c.index) } : {}),
      outcome,
      ...(spis ? { ispi: spis[1]!, rspi: spis[2]! } : {}),
      ...(c.latencyMs !== undefined ? { latencyMs: round(c.latencyMs) } : {}),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      ...(vips.length ? { virtualIps: vips } : {}),
      ...(child ? { childSpis: { in: child[1]!, out: child[2]! } } : {}),
      ...(c.pingAnswered !== undefined ? { pingAnswered: c.pingAnswered } : {}),
      ...(c.deleted !== undefined ? { deleted: c.deleted } : {}),
    };
  });
  const cpu = process.cpuUsage(cpu0);
  const lat = percentiles(latencies);
  const span = ((lastSetupDone ?? rampEnd) - (firstStart ?? rampEnd)) / 1000;
  return {
    schema: 'ikescope.load/1',
    gateway: o.session.gateway,
    profile: o.profile,
    clients: o.clients,
    rate: o.rate,
    holdSeconds: o.holdMs / 1000,
    startedAt: startedAt.toISOString(),
    interrupted: abort.aborted,
    seconds: { ramp: secs(rampEnd - t0), hold: secs(holdEnd - rampEnd), teardown: secs(end - holdEnd), total: secs(end - t0) },
    setups: {
      attempted: started,
      established: latencies.length,
      failed: results.filter((r) => r.outcome === 'failed').length,
      perSecond: span > 0 ? round(latencies.length / span) : latencies.length,
    },
    concurrent: { peak, atEnd },
    latencyMs: lat && { count: lat.count, p50: round(lat.p50), p90: round(lat.p90), p99: round(lat.p99), max: round(lat.max) },
    failures: countBy(results.filter((r) => r.outcome === 'failed').map((r) => failureClass(r.reason!))),
    lost: countBy(results.filter((r) => r.outcome === 'lost').map((r) => failureClass(r.reason!))),
    holdFailures: countBy(holdFailures),
    pings: o.ping ? { target: o.ping, sent: pingsSent, answered: pingsAnswered } : null,
    teardown: { deleted, failures: countBy(teardownFailures) },
    process: {
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      cpuSeconds: secs((cpu.user + cpu.system) / 1000),
      eventLoopDelayMs: { p50: lag(loop.percentile(50)), p99: lag(loop.percentile(99)), max: lag(loop.max) },
    },
    results,
  };
}

const LOOP_SAMPLE_MS = 10;
const round = (x: number) => Math.round(x * 10) / 10;
const lag = (ns: number) => round(Math.max(0, ns / 1e6 - LOOP_SAMPLE_MS));
const secs = (ms: number) => Math.round(ms) / 1000;
