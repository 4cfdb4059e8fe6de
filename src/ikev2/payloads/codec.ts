/**
 * The contract every payload file fulfils: one definition holding both directions side by side.
 * `parse` sees only the body (the octets after the generic header) and reports failures with
 * offsets relative to it; the message walker adds where the body starts. `serialize` writes the
 * body only; the walker adds the generic header, so Next Payload and Payload Length are always
 * computed, never trusted from the value.
 */
import type { Decoded } from '../../problem.js';

export interface ParseContext {
  /** The payload type this body was announced as (IDi and IDr share a layout, as do TSi/TSr). */
  readonly type: number;
  /** The Next Payload field of this payload's own header (SK and SKF keep it: it names the first inner payload). */
  readonly nextPayload: number;
}

export interface PayloadCodec<P> {
  parse(body: Uint8Array, ctx: ParseContext): Decoded<P>;
  serialize(payload: P): Uint8Array;
}

/** Fields every payload value carries besides its own. */
export interface PayloadCommon {
  /**
   * The Critical bit (RFC 7296 §3.2). Absent means clear; the parser sets it only when the
   * sender did, so a value built without it round-trips unchanged.
   */
  readonly critical?: boolean;
}

/** Copy the critical flag into a parsed value only when set (see PayloadCommon). */
export function criticalFlag(critical: boolean): { critical?: true } {
  return critical ? { critical: true } : {};
}
