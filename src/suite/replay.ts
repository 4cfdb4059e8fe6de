/**
 * Re-enacts a recorded session against a gateway with the reference initiator (fresh keys, the
 * credentials given), records it like `ikescope connect --pcap --keylog` would, and compares
 * the gateway's answers exchange by exchange with the recorded ones (exchanges.ts), and the
 * recorded pings through the tunnel with how many are answered now. Timing is the recording's,
 * divided by `speed`.
 */
import { join } from 'node:path';
import type { Report } from '../analysis/model.js';
import { SessionCapture } from '../endpoint/capture.js';
import { Session, type Credentials } from '../endpoint/session.js';
import { loadKeys } from '../keys/index.js';
import { writeKeyLog } from '../keys/key-log.js';
import { analyzeCapture } from '../pipeline.js';
import { fail, ok, type Decoded } from '../problem.js';
import { diffExchanges, exchangesOf, type ExchangeDiff } from './exchanges.js';
import type { PlannedPing, ReplayPlan } from './replay-plan.js';

/** A recorded ping sent again: how many echo requests went and came back, against the recording. */
export interface TrafficResult {
  readonly at: number;
  readonly recorded: PlannedPing;
  readonly sent: number;
  readonly received: number;
  /** Why none could be sent (no CHILD_SA, no address inside the tunnel). */
  readonly error?: string;
}

export interface ReplayOptions {
  readonly gateway: string;
  readonly localIp?: string;
  readonly credentials: Credentials;
  /** Identity overrides; the recorded ones otherwise. */
  readonly identity?: string;
  readonly remoteIdentity?: string;
  readonly speed: number;
  /** Where the replay's capture and key log go. */
  readonly dir: string;
  readonly log: (line: string) => void;
}

export interface ReplayResult {
  readonly diffs: readonly ExchangeDiff[];
  readonly replayed: Report;
  /** Why the replayed session ended early, if it did. */
  readonly failure?: string;
  readonly traffic: readonly TrafficResult[];
  readonly files: { readonly pcap: string; readonly keylog: string };
}


export async function replay(recorded: Report, plan: ReplayPlan, o: ReplayOptions, saId?: string): Promise<Decoded<ReplayResult>> {
  const pcap = join(o.dir, 'replay.pcap');
  const keylog = join(o.dir, 'replay.keys.json');
  const capture = new SessionCapture(pcap);
  const identity = o.identity ?? plan.identity;
  const session = new Session({
    gateway: o.gateway, ...(o.localIp ? { localIp: o.localIp } : {}),
    // The recorded IDi is an address when the client used its own (Windows with EAP does): ours then.
    ...(identity && !/^[0-9.]+$|:/.test(identity) ? { identity } : {}),
    ...(o.remoteIdentity ?? plan.remoteIdentity ? { remoteIdentity: (o.remoteIdentity ?? plan.remoteIdentity)! } : {}),
    credentials: o.credentials, profile: plan.profile, ike: plan.ike, esp: plan.esp,
    virtualIp: { v4: true, v6: plan.v6 }, fakeNat: true, capture, log: o.log,
  });
  let failure: string | undefined;
  const traffic: TrafficResult[] = [];
  const up = await session.connect();
  const t0 = performance.now();
  const at = (s: number) => t0 + (s * 1000) / o.speed;
  if (!up.ok) failure = up.reason;
  else {
    for (const a of plan.actions) {
      const wait = at(a.at) - performance.now();
      if (wait > 0) { const h = await session.hold(wait); if (!h.ok) { failure = h.reason; break; } }
      if (session.endReason) { failure = session.endReason; break; }
      o.log(`replay: ${a.action}${a.action === 'move' ? ` to ${a.move.to}` : ''}${a.action === 'ping' ? ` ${a.ping.target} ×${a.ping.count}` : ''} (recorded ${a.at.toFixed(3)} s after IKE_AUTH)`);
      if (a.action === 'ping') {
        // Traffic that goes unanswered is a result, not the end of the session.
        const p = await session.ping(a.ping.target, a.ping.count);
        traffic.push({ at: a.at, recorded: a.ping, ...(p.ok ? { sent: p.value.sent, received: p.value.received } : { sent: 0, received: 0, error: p.reason }) });
        continue;
      }
      if (a.action === 'new-child') {
        // A refusal is the gateway's answer, compared like any other (exchanges.ts); the session goes on.
        const c = await session.createChild(a.child);
        if (!c.ok) o.log(`replay: ${c.reason}`);
        continue;
      }
      // RFC 4555 §3.5 from the address the user named; a refusal (UNACCEPTABLE_ADDRESSES, no
      // COOKIE2 echo) is in the capture and compared, and the session cannot go on from there.
      const r = a.action === 'move' ? await session.moveTo(a.move.to)
        : a.action === 'rekey-child' ? await session.rekeyChild()
        : a.action === 'rekey-ike' ? await session.rekeyIke()
          : a.action === 'liveness' ? await session.dpd()
            : await session.close();
      if (!r.ok) { failure = r.reason; break; }
      if (a.action === 'delete-ike') break;
    }
    // The gateway's own requests of the recording (its rekeys, liveness checks) come in their time.
    const rest = at(plan.end) - performance.now();
    if (!failure && !session.endReason && rest > 0) { const h = await session.hold(rest); if (!h.ok) failure = h.reason; }
    if (!failure && session.endReason && !plan.actions.some((a) => a.action === 'delete-ike')) failure = session.endReason;
  }
  await session.close();
  await capture.close();
  const w = writeKeyLog(keylog, session.keyStore());
  if (!w.ok) return w;
  const keys = await loadKeys([keylog]);
  const analysed = await analyzeCapture(pcap, { keys: keys.store, keyProblems: keys.problems });
  if (!analysed.ok) return fail(0, `the replay's own capture: ${analysed.problem.message}`);
  const diffs = diffExchanges(exchangesOf(recorded, saId), exchangesOf(analysed.report));
  return ok({ diffs, replayed: analysed.report, ...(failure ? { failure } : {}), traffic, files: { pcap, keylog } });
}
