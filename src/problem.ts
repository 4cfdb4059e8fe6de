/**
 * A defect found in the input. The pipeline carries these as values instead of throwing
 * (DESIGN.md "Errors are values"): a decoder that meets bad bytes returns a Problem with the
 * offset and the reason, analysis turns it into a finding, and the stream goes on.
 */
export interface Problem {
  /** Stable id, `area/what`, e.g. `capture/truncated-record`, `decode/malformed`. */
  readonly code: string;
  /** One human sentence; never contains key material. */
  readonly message: string;
  /** 1-based frame number, where the problem belongs to a frame. */
  readonly frame?: number;
  /** Byte offset: in the file for capture problems, in the decoded unit otherwise. */
  readonly offset?: number;
  /** True when nothing after it can be read (not a capture, unreadable file). */
  readonly fatal?: boolean;
}

/** Result of a decoder: the value, or where and why the bytes did not decode. */
export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly offset: number; readonly reason: string };

export const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
export const fail = <T = never>(offset: number, reason: string): Decoded<T> => ({ ok: false, offset, reason });
