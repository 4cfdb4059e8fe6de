/**
 * The one model (DESIGN.md "One model"): what analysis produces and what every report, the TUI
 * and the lint rules read. Its JSON serialization is schema `ikescope.report/1`; field names
 * are a contract: add fields, never rename.
 */

import type { EapSummary } from './eap-summary.js';
import type { MessageFacts } from './facts.js';
import type { SequenceEvent } from '../esp/sequence.js';
import type { EspVolume } from '../esp/volume.js';

export const REPORT_SCHEMA = 'ikescope.report/1';

export interface PeerAddress {
  readonly ip: string;
  readonly port: number;
}

export interface Proposal {
  readonly encr?: string;
  readonly integ?: string;
  readonly prf?: string;
  readonly dh?: string;
  readonly esn?: boolean;
}

export interface MessageRecord {
  /** Every frame that carried the message: IP fragments or IKEv2 fragments (RFC 7383). */
  readonly frames: number[];
  /** Seconds since the first frame of the capture. */
  readonly ts: number;
  readonly exchange: string;
  readonly mid: number;
  readonly response: boolean;
  readonly fromInitiator: boolean;
  /** Outer payloads in DESIGN.md notation, SK included as "SK". */
  readonly payloads: string[];
  /** Decrypted inner payloads in the same notation, or null while not decrypted. */
  inner: string[] | null;
  retransmission: boolean;
  /** For a request: the frame of its response; for a response: its request's frame. */
  pairedFrame: number | null;
  /** Who started the exchange (sent its request): each side numbers its own requests (RFC 7296 §2.2). */
  readonly requester: 'initiator' | 'responder';
  /** What the payloads say (outer, and inner once decrypted), for rules and reports. */
  facts: MessageFacts;
}

/** One step in an IKE_SA's life, for timelines and rules. */
export interface LifecycleEvent {
  readonly frame: number;
  readonly ts: number;
  readonly kind:
    | 'invalid-ke' | 'cookie' | 'failed' | 'established' | 'ike-rekeyed' | 'child-created' | 'child-rekeyed'
    | 'child-deleted' | 'deleted' | 'liveness' | 'address-move' | 'mobike-update' | 'redirect';
  /** Which side did it. */
  readonly by: 'initiator' | 'responder';
  readonly detail: string;
}

export interface EspCounters {
  packets: number;
  bytes: number;
  decrypted: number;
  icvFailures: number;
}

export interface ChildSaRecord {
  readonly id: string;
  readonly spiI: string;
  readonly spiR: string;
  readonly proposal: Proposal;
  readonly tsI: string[];
  readonly tsR: string[];
  readonly createdFrame: number;
  deletedFrame: number | null;
  rekeyedFrom: string | null;
  rekeyedTo: string | null;
  /**
   * Both peers rekeyed the same CHILD_SA at once (RFC 7296 §2.8.1): the new SA made with the
   * lowest of the four nonces is redundant and deleted by its creator (added to the schema).
   */
  rekeyCollision: { with: string; lost: boolean } | null;
  readonly esp: Record<string, EspCounters>;
}

export type IkeSaState = 'established' | 'failed' | 'deleted' | 'rekeyed' | 'incomplete';

export interface IkeSaRecord {
  readonly id: string;
  readonly ispi: string;
  rspi: string;
  readonly initiator: PeerAddress;
  readonly responder: PeerAddress;
  state: IkeSaState;
  /** Why the state is what it is, in one sentence (added to the schema). */
  stateReason: string;
  proposal: Proposal | null;
  nat: {
    initiatorBehindNat: boolean | null;
    responderBehindNat: boolean | null;
    /** What the verdict cannot tell apart, when it matters (added to the schema). */
    note?: string;
  };
  client: { profile: string; version?: string; vendorIds: string[]; evidence: string[]; assumed?: boolean };
  /** The EAP conversation inside IKE_AUTH, when decrypted (added to the schema). */
  eap: EapSummary | null;
  /** The life of the SA in order: round trips, rekeys, moves, liveness checks, deletes. */
  readonly events: LifecycleEvent[];
  /** Addresses in use, from the first message on; a MOBIKE move or NAT rebinding adds one. */
  readonly addresses: Array<{ frame: number; initiator: PeerAddress; responder: PeerAddress }>;
  decrypted: boolean;
  rekeyedFrom: string | null;
  rekeyedTo: string | null;
  readonly messages: MessageRecord[];
  readonly childSas: ChildSaRecord[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly title: string;
  readonly ikeSa: string | null;
  readonly frames: number[];
  readonly explanation: string;
  readonly fix: string;
}

/** ESP seen per SPI, whether or not it could be tied to a CHILD_SA (added to the schema). */
export interface EspSpiRecord {
  readonly spi: string;
  readonly src: string;
  readonly dst: string;
  readonly udpEncapsulated: boolean;
  readonly packets: number;
  readonly bytes: number;
  readonly firstFrame: number;
  readonly lastFrame: number;
  /** Seconds since the capture's first frame, like messages' `ts` (added to the schema). */
  readonly firstTs: number;
  readonly lastTs: number;
  /** Packets and bytes per time bin, for timelines (added to the schema). */
  readonly volume: EspVolume;
  readonly firstSeq: number;
  readonly highestSeq: number;
  readonly missing: number;
  readonly replays: number;
  readonly reordered: number;
  /** With keys: packets that opened, and packets whose ICV failed. */
  readonly decrypted: number;
  readonly icvFailures: number;
  /** Gaps, replays and reordering with their frames (the first of each kind, capped). */
  readonly events: readonly SequenceEvent[];
}

export interface Report {
  readonly schema: typeof REPORT_SCHEMA;
  readonly capture: { path: string; format: string; compressed: boolean; frames: number; bytes: number };
  readonly keys: { sources: string[]; ikeSasDecrypted: number; childSasDecrypted: number };
  readonly ikeSas: IkeSaRecord[];
  readonly esp: EspSpiRecord[];
  /** IKEv1 (ISAKMP) messages are recognised and counted, not analysed. */
  readonly ikev1: { messages: number; frames: number[] };
  readonly natKeepalives: number;
  readonly findings: Finding[];
}
