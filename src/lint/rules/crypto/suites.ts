/** The suites actually in use, for the crypto rules: each IKE_SA's and each CHILD_SA's chosen proposal. */
import type { IkeSaRecord, Proposal } from '../../../analysis/model.js';

export interface Suite {
  readonly ikeSa: string;
  /** "IKE_SA" or the CHILD_SA's id. */
  readonly what: string;
  readonly kind: 'IKE' | 'ESP';
  readonly proposal: Proposal;
  /** Where it was chosen: the IKE_SA_INIT response, the rekey response, the CHILD_SA's creation. */
  readonly frames: number[];
}

function ikeFrames(sa: IkeSaRecord, all: readonly IkeSaRecord[]): number[] {
  const init = sa.messages.find((m) => m.exchange === 'IKE_SA_INIT' && m.response && m.facts.proposals);
  if (init) return [...init.frames];
  // Made by a rekey: chosen in the CREATE_CHILD_SA response under the old IKE_SA.
  const old = all.find((o) => o.id === sa.rekeyedFrom);
  const ev = old?.events.find((e) => e.kind === 'ike-rekeyed' && e.detail.includes(`into ${sa.id} `));
  if (ev) return [ev.frame];
  return sa.messages[0] ? [...sa.messages[0].frames] : [];
}

export function suites(ikeSas: readonly IkeSaRecord[]): Suite[] {
  const out: Suite[] = [];
  for (const sa of ikeSas) {
    if (sa.proposal) out.push({ ikeSa: sa.id, what: 'IKE_SA', kind: 'IKE', proposal: sa.proposal, frames: ikeFrames(sa, ikeSas) });
    for (const c of sa.childSas) out.push({ ikeSa: sa.id, what: c.id, kind: 'ESP', proposal: c.proposal, frames: [c.createdFrame] });
  }
  return out;
}

/** Combined-mode (AEAD) ciphers carry their own ICV and take no integrity transform (RFC 8221 §3). */
export const isAead = (encr: string | undefined): boolean => encr !== undefined && /GCM|CCM|CHACHA20_POLY1305|GMAC|MGM/.test(encr);

export const where = (s: Suite): string => (s.kind === 'IKE' ? 'The IKE_SA' : `${s.what} (ESP)`);

/** ENCR_NULL, with or without a (meaningless) key length attribute in its name. */
export const isNullEncr = (encr: string | undefined): boolean => encr !== undefined && /^ENCR_NULL(_\d+)?$/.test(encr);
