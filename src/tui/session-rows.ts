/**
 * What the sessions view shows and searches per IKE_SA, read from the model: peers, client,
 * state, proposal, CHILD_SAs, ESP volume, worst finding; the filter's haystack (addresses, SPIs,
 * identities, rule ids, state); and the sort keys.
 */
import type { Finding, IkeSaRecord, Report, Severity } from '../analysis/model.js';
import { clientLabel, espPackets, proposalLabel, SEVERITY_RANK } from '../report/common.js';

export interface SessionRow {
  readonly sa: IkeSaRecord;
  readonly peers: string;
  /** Without ports, for narrow screens. */
  readonly hosts: string;
  readonly client: string;
  readonly proposal: string;
  readonly children: number;
  readonly espPackets: number;
  readonly espBytes: number;
  readonly worst: Finding | undefined;
  readonly haystack: string;
}

const addr = (a: { ip: string; port: number }) => (a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`);

export function worstFinding(findings: readonly Finding[]): Finding | undefined {
  let w: Finding | undefined;
  for (const f of findings) if (!w || SEVERITY_RANK[f.severity] > SEVERITY_RANK[w.severity]) w = f;
  return w;
}

export function sessionRows(r: Report): SessionRow[] {
  const bySa = new Map<string, Finding[]>();
  for (const f of r.findings) if (f.ikeSa) (bySa.get(f.ikeSa) ?? bySa.set(f.ikeSa, []).get(f.ikeSa)!).push(f);
  return r.ikeSas.map((sa) => {
    const findings = bySa.get(sa.id) ?? [];
    const ids = sa.messages.flatMap((m) => m.facts.ids?.map((i) => i.value ?? '') ?? []);
    const espBytes = sa.childSas.reduce((n, c) => n + Object.values(c.esp).reduce((k, e) => k + e.bytes, 0), 0);
    const haystack = [
      sa.id, sa.ispi, sa.rspi, sa.initiator.ip, sa.responder.ip, addr(sa.initiator), addr(sa.responder),
      ...sa.addresses.flatMap((a) => [a.initiator.ip, a.responder.ip]),
      ...sa.childSas.flatMap((c) => [c.id, c.spiI, c.spiR]),
      ...ids, sa.eap?.identity ?? '', sa.state, sa.client.profile, ...findings.map((f) => f.rule),
    ].join('\n').toLowerCase();
    return {
      sa, peers: `${addr(sa.initiator)} → ${addr(sa.responder)}`, hosts: `${sa.initiator.ip} → ${sa.responder.ip}`, client: clientLabel(sa), proposal: proposalLabel(sa.proposal),
      children: sa.childSas.length, espPackets: sa.childSas.reduce((n, c) => n + espPackets(c), 0), espBytes,
      worst: worstFinding(findings), haystack,
    };
  });
}

/** Every whitespace-separated term must occur (case-insensitive) in the row's addresses, SPIs, identities, rule ids or state. */
export function matches(row: SessionRow, filter: string): boolean {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return terms.every((t) => row.haystack.includes(t));
}

export const SORTS = ['capture order', 'state', 'worst finding', 'ESP volume', 'peers', 'client'] as const;
export type SortKey = (typeof SORTS)[number];

const rank = (s: Severity | undefined) => (s ? SEVERITY_RANK[s] : 0);
const num = (id: string) => Number(id.replace(/\D/g, '')) || 0;

export function sortRows(rows: readonly SessionRow[], key: SortKey, reverse: boolean): SessionRow[] {
  const cmp: Record<SortKey, (a: SessionRow, b: SessionRow) => number> = {
    'capture order': (a, b) => num(a.sa.id) - num(b.sa.id),
    state: (a, b) => a.sa.state.localeCompare(b.sa.state),
    'worst finding': (a, b) => rank(b.worst?.severity) - rank(a.worst?.severity),
    'ESP volume': (a, b) => b.espBytes - a.espBytes,
    peers: (a, b) => a.peers.localeCompare(b.peers),
    client: (a, b) => a.client.localeCompare(b.client),
  };
  const out = [...rows].sort((a, b) => cmp[key](a, b) || num(a.sa.id) - num(b.sa.id));
  return reverse ? out.reverse() : out;
}

/** 1234567 → "1.2 MB". */
export function bytesLabel(n: number): string {
  return n < 1e3 ? `${n} B` : n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : n < 1e9 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e9).toFixed(2)} GB`;
}
