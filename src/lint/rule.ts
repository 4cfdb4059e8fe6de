/**
 * The rule contract (DESIGN.md "Rules are data plus a function"): an id, a severity, a title,
 * the source its claim rests on, a fix written as the exact setting to paste, and a check that
 * reads the model — never packets — and returns the evidence it found.
 */
import type { IkeSaRecord, Report, Severity } from '../analysis/model.js';

export interface RuleHit {
  readonly ikeSa: string | null;
  /** Evidence: frame numbers as Wireshark numbers them. */
  readonly frames: number[];
  /** What happened in this capture, in one or two sentences; the rule's explanation follows. */
  readonly detail: string;
  /** A hit may be graver or milder than the rule's default (a prediction vs an observed failure). */
  readonly severity?: Severity;
}

export interface Rule {
  /** `windows/rekey-dh-group`, `protocol/unanswered-request`, `crypto/weak-dh`. */
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** Why it matters, naming its source (RFC section, seed file, public issue). */
  readonly explanation: string;
  /** The exact change: swanctl.conf setting, ipsec.conf equivalent, or the Windows side. */
  readonly fix: string;
  /**
   * Only Windows clients break this way: on another client (fingerprint or --assume-client)
   * a hit becomes an info finding saying it would break a Windows client.
   */
  readonly windowsOnly?: boolean;
  /** What the rule could not check without decrypted IKE_AUTH; said in the report when keys are missing. */
  readonly needsDecryption?: boolean;
  readonly check: (ctx: RuleContext) => RuleHit[];
}

export interface RuleContext {
  readonly report: Report;
  /** Each IKE_SA in turn; rules that look across SAs read `report.ikeSas`. */
  readonly ikeSas: readonly IkeSaRecord[];
}

export const isWindows = (sa: IkeSaRecord): boolean => sa.client.profile === 'windows';
