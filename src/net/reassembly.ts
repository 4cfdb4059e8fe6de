/**
 * IPv4 and IPv6 fragment reassembly with bounded memory.
 *
 * Pending datagrams are keyed by (version, src, dst, protocol, id). Limits keep a hostile or
 * lossy capture from growing memory: at most MAX_PENDING datagrams and MAX_DATAGRAM bytes each;
 * a datagram not completed within the timeout (capture time) is dropped and reported.
 */
import { formatIp } from './address.js';
import type { IpHeader } from './ip.js';

export interface ReassemblyLimits {
  readonly maxPending: number;
  readonly maxDatagram: number;
  /** Seconds of capture time a datagram may wait for its fragments (Linux: ipfrag_time 30 s). */
  readonly timeoutSeconds: number;
}

export const DEFAULT_LIMITS: ReassemblyLimits = { maxPending: 1024, maxDatagram: 65_535 + 40, timeoutSeconds: 30 };

export type ReassemblyNote =
  | { readonly code: 'net/fragment-overlap'; readonly frame: number; readonly message: string }
  | { readonly code: 'net/fragment-timeout'; readonly frames: readonly number[]; readonly message: string }
  | { readonly code: 'net/fragment-too-large'; readonly frame: number; readonly message: string }
  | { readonly code: 'net/fragment-evicted'; readonly frames: readonly number[]; readonly message: string }
  | { readonly code: 'net/fragment-inconsistent'; readonly frame: number; readonly message: string };

export interface Reassembled {
  readonly payload: Uint8Array;
  /** Every frame that carried a piece, in arrival order; the last one completed it. */
  readonly frames: readonly number[];
}

interface Piece { readonly offset: number; readonly data: Uint8Array }

interface Pending {
  readonly pieces: Piece[];
  readonly frames: number[];
  readonly firstSeen: number;
  /** Total length, known once the last fragment (M = 0) arrived. */
  total: number;
  bytes: number;
  /** RFC 5722: an IPv6 datagram with overlapping fragments is discarded whole. */
  poisoned: boolean;
}

export class Reassembler {
  private readonly pending = new Map<string, Pending>();
  constructor(private readonly limits: ReassemblyLimits = DEFAULT_LIMITS) {}

  /** Pending datagrams, for tests and for memory accounting. */
  get size(): number { return this.pending.size; }

  /**
   * Adds a fragment seen in `frame` at capture time `now` (seconds). Returns the whole payload
   * when this fragment completes a datagram. Notes go to `report`.
   */
  add(ip: IpHeader, frame: number, now: number, report: (n: ReassemblyNote) => void): Reassembled | undefined {
    const frag = ip.fragment!;
    this.expire(now, report);
    const key = `${ip.version}|${formatIp(ip.src)!}|${formatIp(ip.dst)!}|${ip.protocol}|${frag.id}`;
    let p = this.pending.get(key);
    if (!p) {
      if (this.pending.size >= this.limits.maxPending) this.evictOldest(report);
      p = { pieces: [], frames: [], firstSeen: now, total: -1, bytes: 0, poisoned: false };
      this.pending.set(key, p);
    }
    p.frames.push(frame);
    const end = frag.offset + ip.payload.length;
    if (end > this.limits.maxDatagram) {
      this.pending.delete(key);
      report({ code: 'net/fragment-too-large', frame, message: `fragment ends at byte ${end}, past the largest possible datagram` });
      return undefined;
    }
    for (const piece of p.pieces) {
      if (frag.offset < piece.offset + piece.data.length && piece.offset < end) {
        report({ code: 'net/fragment-overlap', frame, message: `IPv${ip.version} fragment id ${frag.id} at ${frag.offset}-${end} overlaps one at ${piece.offset}-${piece.offset + piece.data.length}` });
        if (ip.version === 6) p.poisoned = true;
        break;
      }
    }
    // Copy: the frame's buffer is not ours to keep past this call.
    p.pieces.push({ offset: frag.offset, data: ip.payload.slice() });
    p.bytes += ip.payload.length;
    if (!frag.more) p.total = end;
    if (p.total < 0 || !covers(p.pieces, p.total)) return undefined;
    this.pending.delete(key);
    if (p.poisoned) return undefined;
    // A piece reaching past the end the last fragment set cannot belong to this datagram; like
    // Linux's ip_frag_queue, drop the whole datagram rather than guess.
    const beyond = p.pieces.find((x) => x.offset + x.data.length > p.total);
    if (beyond) {
      report({ code: 'net/fragment-inconsistent', frame, message: `IPv${ip.version} fragment id ${frag.id}: a fragment at ${beyond.offset}-${beyond.offset + beyond.data.length} lies past the datagram's end ${p.total}; dropped` });
      return undefined;
    }
    const out = new Uint8Array(p.total);
    // Earlier pieces win over later overlapping ones: write later pieces first.
    for (let i = p.pieces.length - 1; i >= 0; i--) out.set(p.pieces[i]!.data, p.pieces[i]!.offset);
    return { payload: out, frames: p.frames };
  }

  /** Reports every datagram still incomplete (end of capture). */
  flush(report: (n: ReassemblyNote) => void): void {
    for (const p of this.pending.values()) {
      report({ code: 'net/fragment-timeout', frames: p.frames, message: `IP datagram never completed (${p.frames.length} fragment(s), ${p.bytes} bytes)` });
    }
    this.pending.clear();
  }

  private expire(now: number, report: (n: ReassemblyNote) => void): void {
    // Map iteration is insertion order, so the oldest come first.
    for (const [key, p] of this.pending) {
      if (now - p.firstSeen <= this.limits.timeoutSeconds) break;
      this.pending.delete(key);
      report({ code: 'net/fragment-timeout', frames: p.frames, message: `IP datagram incomplete after ${this.limits.timeoutSeconds} s` });
    }
  }

  private evictOldest(report: (n: ReassemblyNote) => void): void {
    const first = this.pending.entries().next();
    if (first.done) return;
    const [key, p] = first.value;
    this.pending.delete(key);
    report({ code: 'net/fragment-evicted', frames: p.frames, message: `more than ${this.limits.maxPending} datagrams pending reassembly; dropped the oldest` });
  }
}

function covers(pieces: readonly Piece[], total: number): boolean {
  const sorted = [...pieces].sort((a, b) => a.offset - b.offset);
  let reached = 0;
  for (const p of sorted) {
    if (p.offset > reached) return false;
    reached = Math.max(reached, p.offset + p.data.length);
  }
  return reached >= total;
}
