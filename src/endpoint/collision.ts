/**
 * Rekey collisions (RFC 7296 §2.8.1 for CHILD_SAs, §2.8.2 for IKE_SAs): our rekey request of an
 * SA is outstanding when the gateway's request to rekey the same SA arrives. We answer it as
 * usual (§2.3: our window size 1 limits our requests, not our answers) and note it; once our own
 * exchange is done, the four nonces decide which new SA is redundant.
 */
import { compareLowestNonces, type Nonces } from '../ikev2/rekey-collision.js';

export type { Nonces };

/**
 * Which of the two exchanges made the redundant SA. Equal lowest nonces (a chance of 2^-128
 * with our 32-octet nonces) count as ours, as a peer that only wins on "greater" (strongSwan)
 * sees it from its side.
 */
export function redundantExchange(ours: Nonces, theirs: Nonces): 'ours' | 'theirs' {
  return compareLowestNonces(ours, theirs) <= 0 ? 'ours' : 'theirs';
}

export interface Collision<New> {
  /** The SA the gateway's crossing rekey created (we answered it). */
  readonly theirs: New;
  /** Whose new SA is redundant; its creator deletes it, the other peer deletes the old SA. */
  readonly redundant: 'ours' | 'theirs';
}

/**
 * The one rekey of ours in flight (window size 1) and the gateway's rekey of the same SA, if
 * one crossed it. `Old` and `New` are the SA types (CHILD_SAs, or IKE_SAs).
 */
export class RekeyCollisions<Old, New> {
  private flight: { old: Old; crossed?: { sa: New; nonces: Nonces } } | undefined;

  /** Runs one rekey of ours; what it left in flight ends with it, however it ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } finally {
      this.flight = undefined;
    }
  }

  /** Our request to rekey `old` is about to go out. */
  begin(old: Old): void {
    this.flight = { old };
  }

  /**
   * The gateway rekeyed `old` into `created` with `nonces` (its Ni, our Nr), and we answered.
   * True when our rekey of the same SA is in flight: §2.8.1 "A knows there is a simultaneous
   * rekeying happening. However, it cannot yet know which of the exchanges will have the
   * lowest nonce, so it will just note the situation and respond as usual."
   */
  crossed(old: Old, created: New, nonces: Nonces): boolean {
    if (!this.flight || this.flight.old !== old) return false;
    this.flight.crossed = { sa: created, nonces };
    return true;
  }

  /** The SA of the gateway's crossing rekey, if one came while ours was in flight. */
  get crossing(): New | undefined {
    return this.flight?.crossed?.sa;
  }

  /** Our exchange finished with `nonces` (our Ni, the gateway's Nr): the collision, if there was one. */
  settle(nonces: Nonces): Collision<New> | undefined {
    const c = this.flight?.crossed;
    if (!c) return undefined;
    return { theirs: c.sa, redundant: redundantExchange(nonces, c.nonces) };
  }
}
