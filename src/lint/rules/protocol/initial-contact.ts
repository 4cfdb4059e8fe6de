/**
 * protocol/initial-contact: N(INITIAL_CONTACT) where it does not belong, or older IKE_SAs
 * between the same peers still in use after a new one asserted it is the only one.
 */
import type { IkeSaRecord, MessageRecord, Report } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';

const hasIc = (m: MessageRecord) => (m.facts.notifies ?? []).some((n) => n.name === 'INITIAL_CONTACT');

/** The first IKE_AUTH exchange: the initiator's first IKE_AUTH request and its response. */
function firstAuth(sa: IkeSaRecord): MessageRecord[] {
  const req = sa.messages.find((m) => m.exchange === 'IKE_AUTH' && !m.response && m.requester === 'initiator');
  if (!req) return [];
  const res = sa.messages.find((m) => m.response && m.exchange === 'IKE_AUTH' && m.mid === req.mid && m.requester === 'initiator');
  return res ? [req, res] : [req];
}

function misplaced(sa: IkeSaRecord): RuleHit[] {
  const allowed = new Set(firstAuth(sa));
  return sa.messages.filter((m) => !m.retransmission && hasIc(m) && !allowed.has(m)).map((m) => ({
    ikeSa: sa.id, frames: [...m.frames],
    detail: `N(INITIAL_CONTACT) in ${m.exchange} MID ${m.mid} ${m.response ? 'response' : 'request'}, not in the first IKE_AUTH exchange${sa.rekeyedFrom ? ` (this IKE_SA was made by rekeying ${sa.rekeyedFrom}; a rekey never carries it)` : ''}.`,
  }));
}

/**
 * The last frame where an SA was in use: its IKE messages and the ESP of its CHILD_SAs. Its
 * own delete (the Delete request and its response) is cleanup, not use.
 */
function lastUse(report: Report, sa: IkeSaRecord): number {
  const deleting = new Set(sa.messages.filter((m) => !m.response && m.facts.deletes?.length).flatMap((m) => [m.frames[0]!, ...(m.pairedFrame !== null ? [m.pairedFrame] : [])]));
  let last = sa.messages.filter((m) => !m.frames.some((f) => deleting.has(f))).at(-1)?.frames.at(-1) ?? 0;
  for (const c of sa.childSas) for (const spi of [c.spiI, c.spiR]) {
    const e = report.esp.find((x) => x.spi === spi);
    if (e && e.lastFrame > last) last = e.lastFrame;
  }
  return last;
}

const samePeers = (a: IkeSaRecord, b: IkeSaRecord) =>
  a.initiator.ip === b.initiator.ip && a.responder.ip === b.responder.ip;

function stale(report: Report, sa: IkeSaRecord): RuleHit[] {
  const [req, res] = firstAuth(sa);
  if (!req || !hasIc(req) || !res) return [];
  // INITIAL_CONTACT counts from the end of the IKE_AUTH exchange (the SA is up).
  const ended = sa.events.find((e) => e.kind === 'established')?.frame ?? res.frames.at(-1)!;
  const start = sa.messages[0]!.frames[0]!;
  return report.ikeSas.filter((o) => o !== sa && samePeers(o, sa) && (o.messages[0]?.frames[0] ?? Infinity) < start)
    .flatMap((o) => {
      const used = lastUse(report, o);
      if (used <= ended) return [];
      return [{
        ikeSa: o.id, frames: [...req.frames, ended, used],
        detail: `${sa.id} from ${sa.initiator.ip} to ${sa.responder.ip} sent N(INITIAL_CONTACT) in frame ${req.frames[0]} and was up in frame ${ended}, yet the older ${o.id} between the same addresses was still in use in frame ${used}. (Compared by address: the model keeps identity types, not the identities themselves.)`,
      }];
    });
}

export const initialContact: Rule = {
  id: 'protocol/initial-contact',
  severity: 'warning',
  title: 'INITIAL_CONTACT misplaced, or old IKE_SAs kept after it',
  explanation: 'N(INITIAL_CONTACT) says the new IKE_SA is the only one between the two authenticated identities; it MUST be sent only in the first IKE_AUTH request or response, and the receiver MAY then delete every other IKE_SA with that identity without waiting for a timeout (RFC 7296 §2.4, §3.10.1). Sent later (an INFORMATIONAL, a rekey) it is ignored or, worse, tears down live SAs; old SAs still carrying traffic after it mean the receiver kept duplicate state for a client that restarted (Windows sends INITIAL_CONTACT on every new connection), so the old CHILD_SA\'s policies can shadow the new one. Needs the decrypted IKE_AUTH.',
  fix: 'On the gateway, replace old SAs of a reconnecting client: swanctl.conf `connections.<name>.unique = replace` (ipsec.conf `uniqueids = yes`, the default; `uniqueids = never` ignores INITIAL_CONTACT). The sender of a misplaced INITIAL_CONTACT is at fault: report it with the capture.',
  needsDecryption: true,
  check({ report, ikeSas }) {
    return ikeSas.flatMap((sa) => [...misplaced(sa), ...stale(report, sa)]);
  },
};
