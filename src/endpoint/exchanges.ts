/**
 * The request/response machinery of one IKE_SA (RFC 7296 §2.1-§2.3): window size 1 (one
 * request of ours outstanding at a time), retransmission of an unanswered request with
 * back-off, and the peer's requests answered in Message ID order with the last response kept
 * for a retransmitted request ("the responder MUST remember each response until it receives
 * a request whose sequence number is larger", §2.2).
 */
import { fail, type Decoded } from '../problem.js';
import type { IkeHeader } from '../ikev2/header.js';
import type { Opened } from './ike-sa.js';

/** A received message: its bytes, or already reassembled from IKEv2 fragments (RFC 7383) and opened. */
export type Incoming = Uint8Array | Opened;

/** §2.1: "the initiator MUST retransmit the request" on timeout; "the retransmission policy ... SHOULD use an exponential back-off". */
export const DEFAULT_RETRANSMITS: readonly number[] = [1000, 2000, 4000, 8000, 16000];

interface Pending {
  readonly messageId: number;
  readonly exchangeType: number;
  readonly accept: (message: Incoming, header: IkeHeader) => boolean;
}

export class RequestWindow {
  private pending: Pending | undefined;
  /** Message ID of the peer's next request (§2.2 counts each direction separately). */
  expectedPeerId = 0;
  /** The last response we sent, for a retransmitted request. */
  lastResponse: { messageId: number; datagrams: readonly Uint8Array[] } | undefined;
  retransmissions = 0;

  constructor(
    private readonly send: (datagrams: readonly Uint8Array[]) => void,
    private readonly timeouts: readonly number[] = DEFAULT_RETRANSMITS,
    private readonly note: (line: string) => void = () => {},
  ) {}

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /**
   * Sends `bytes` and resolves with the decoded response, or a failure after the last
   * retransmission times out. `decode` turns the raw response into the value (decrypting it);
   * a response it cannot decode (wrong ICV: §2.21 says such messages are dropped) is ignored
   * and the wait goes on.
   */
  transact<T>(bytes: readonly Uint8Array[], messageId: number, exchangeType: number, decode: (message: Incoming) => Decoded<T>, what: string, abort?: AbortSignal): Promise<Decoded<T>> {
    if (this.pending) return Promise.resolve(fail(0, `internal: ${what} while a request is outstanding (window size 1)`));
    return new Promise<Decoded<T>>((resolve) => {
      let attempt = 0;
      let timer: NodeJS.Timeout | undefined;
      let lastError: string | undefined;
      const done = (r: Decoded<T>) => {
        clearTimeout(timer);
        this.pending = undefined;
        abort?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const onAbort = () => done(fail(0, `${what}: interrupted`));
      abort?.addEventListener('abort', onAbort);
      const arm = () => {
        timer = setTimeout(() => {
          attempt++;
          if (attempt >= this.timeouts.length) {
            const total = this.timeouts.reduce((a, b) => a + b, 0) / 1000;
            done(fail(0, `no valid response to ${what} after ${this.timeouts.length - 1} retransmissions (${total} s)${lastError ? `; last response dropped: ${lastError}` : ''}`));
            return;
          }
          this.retransmissions++;
          this.note(`retransmit ${what} (#${attempt})`);
          this.send(bytes);
          arm();
        }, this.timeouts[attempt]);
      };
      this.pending = {
        messageId,
        exchangeType,
        accept: (raw) => {
          const r = decode(raw);
          if (!r.ok) {
            lastError = r.reason;
            this.note(`dropped a response to ${what}: ${r.reason}`);
            return false;
          }
          done(r);
          return true;
        },
      };
      this.send(bytes);
      arm();
    });
  }

  /** A response from the peer: given to the outstanding request if it matches (§2.1, §2.2). */
  response(message: Incoming, header: IkeHeader): void {
    const p = this.pending;
    if (!p || header.messageId !== p.messageId || header.exchangeType !== p.exchangeType) return;
    p.accept(message, header);
  }
}
