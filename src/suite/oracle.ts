/**
 * Checks a case's expectations. The judge is the analysis of the case's own capture, decrypted
 * with the endpoint's key log (the same pipeline and rules as `ikescope analyze`), not the
 * endpoint's word: the endpoint only reports what the capture cannot show (its pings and the
 * addresses it was assigned). Each check names the frames that decided it, so a failing case
 * in JUnit or Markdown points at its evidence.
 */
import type { Finding, IkeSaRecord, Proposal, Report, Severity } from '../analysis/model.js';
import type { Case, ProposalExpectation } from './model.js';

/** What the endpoint says about its own run (from `connect --json`). */
export interface EndpointOutcome {
  readonly established: boolean;
  /** Why the session failed, in one line, when it did. */
  readonly failure?: string;
  readonly virtualIps: readonly string[];
  readonly pings: { readonly sent: number; readonly received: number };
}

export interface Check {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
  readonly frames: readonly number[];
}

const SEVERITY_RANK: Record<Severity | 'none', number> = { none: 0, info: 1, warning: 2, error: 3 };

/** `windows/*` matches every rule of that family; otherwise the id must be equal. */
export const ruleMatches = (pattern: string, rule: string): boolean =>
  pattern.endsWith('*') ? rule.startsWith(pattern.slice(0, -1)) : rule === pattern;

/** The IKE_SA the case is about: the first one its capture has (rekeys follow from it). */
const firstSa = (r: Report): IkeSaRecord | undefined => r.ikeSas[0];

function proposalCheck(kind: 'IKE' | 'ESP', want: ProposalExpectation, got: Proposal | null | undefined, frames: number[]): Check {
  const diffs = (Object.keys(want) as Array<keyof ProposalExpectation>).filter((k) => got?.[k] !== want[k]).map((k) => `${k} ${got?.[k] ?? 'none'} (wanted ${want[k]})`);
  return {
    name: `${kind} proposal`,
    pass: !!got && diffs.length === 0,
    detail: got ? (diffs.length ? `chosen: ${diffs.join(', ')}` : `chosen as expected: ${Object.values(want).join(', ')}`) : 'no proposal was chosen',
    frames,
  };
}

export function checkCase(c: Case, report: Report | undefined, outcome: EndpointOutcome): Check[] {
  const e = c.expect;
  const out: Check[] = [];
  const sa = report && firstSa(report);
  const initFrames = sa?.messages.filter((m) => m.exchange === 'IKE_SA_INIT' || m.exchange === 'IKE_AUTH').flatMap((m) => m.frames) ?? [];

  if (e.established !== undefined) {
    // IKE_AUTH succeeded (the model's 'established' event), whatever happened to the SA later.
    const established = !!sa && sa.events.some((ev) => ev.kind === 'established');
    out.push({
      name: e.established ? 'establishes' : 'does not establish',
      pass: established === e.established,
      detail: sa ? `IKE_SA ${sa.id} ${sa.state}: ${sa.stateReason}${outcome.failure ? `; the endpoint says: ${outcome.failure}` : ''}` : `no IKE_SA in the capture${outcome.failure ? `; the endpoint says: ${outcome.failure}` : ''}`,
      frames: initFrames,
    });
  }

  if (e.refused) {
    const want = e.refused;
    const hit = report?.ikeSas.flatMap((s) => s.messages).find((m) => m.response && !m.fromInitiator && (!want.exchange || m.exchange === want.exchange) && [...m.payloads, ...(m.inner ?? [])].includes(`N(${want.notify})`));
    out.push({
      name: `refused with ${want.notify}${want.exchange ? ` in ${want.exchange}` : ''}`,
      pass: !!hit,
      detail: hit ? `${hit.exchange} response MID ${hit.mid} carries N(${want.notify})` : `no ${want.exchange ?? ''} response from the gateway carries N(${want.notify})`.replace('  ', ' '),
      frames: hit ? hit.frames : initFrames,
    });
  }

  if (e.proposal?.ike) out.push(proposalCheck('IKE', e.proposal.ike, sa?.proposal, initFrames));
  if (e.proposal?.esp) {
    const child = sa?.childSas[0];
    out.push(proposalCheck('ESP', e.proposal.esp, child?.proposal, child ? [child.createdFrame] : initFrames));
  }

  if (e.address) {
    const v4 = outcome.virtualIps.some((a) => !a.includes(':'));
    const v6 = outcome.virtualIps.some((a) => a.includes(':'));
    const got = v4 && v6 ? 'both' : v4 ? 'ipv4' : v6 ? 'ipv6' : 'none';
    out.push({ name: `assigned address: ${e.address}`, pass: got === e.address, detail: `assigned ${outcome.virtualIps.join(', ') || 'nothing'}`, frames: initFrames });
  }

  if (e.espRoundTrip !== undefined) {
    // Both directions of ESP decrypted in the capture, and the endpoint's echoes answered.
    const children = report ? report.ikeSas.flatMap((s) => s.childSas) : [];
    const both = children.some((ch) => Object.values(ch.esp).filter((x) => x.decrypted > 0).length === 2);
    const answered = outcome.pings.sent > 0 && outcome.pings.received === outcome.pings.sent;
    const espFrames = report?.esp.flatMap((x) => [x.firstFrame]) ?? [];
    out.push({
      name: e.espRoundTrip ? 'ESP round trip' : 'no ESP round trip',
      pass: (both && answered) === e.espRoundTrip,
      detail: `${outcome.pings.received}/${outcome.pings.sent} echoes answered; ESP decrypted in both directions: ${both ? 'yes' : 'no'}`,
      frames: espFrames,
    });
  }

  if (e.childSurvivesRekey !== undefined) {
    const all = report ? report.ikeSas.flatMap((s) => s.childSas) : [];
    const rekeyed = all.filter((ch) => ch.rekeyedTo);
    const survivors = rekeyed.map((ch) => all.find((n) => n.id === ch.rekeyedTo)).filter((n) => n && Object.values(n.esp).some((x) => x.decrypted > 0));
    const pass = rekeyed.length > 0 && survivors.length === rekeyed.length;
    out.push({
      name: e.childSurvivesRekey ? 'CHILD_SA survives its rekey' : 'CHILD_SA does not survive its rekey',
      pass: pass === e.childSurvivesRekey,
      detail: rekeyed.length ? `${survivors.length} of ${rekeyed.length} rekeyed CHILD_SA(s) carried ESP afterwards` : 'no CHILD_SA was rekeyed',
      frames: rekeyed.flatMap((ch) => [ch.createdFrame, all.find((n) => n.id === ch.rekeyedTo)?.createdFrame ?? ch.createdFrame]),
    });
  }

  if (e.fragmented !== undefined) {
    const auth = sa?.messages.find((m) => m.exchange === 'IKE_AUTH' && m.response && m.payloads.includes('SKF'));
    out.push({ name: e.fragmented ? 'IKE_AUTH fragmented (RFC 7383)' : 'IKE_AUTH not fragmented', pass: !!auth === e.fragmented, detail: auth ? `IKE_AUTH response in ${auth.frames.length} fragments` : 'no IKE_AUTH response in IKEv2 fragments', frames: auth?.frames ?? initFrames });
  }

  if (e.moved !== undefined) {
    // RFC 4555 §3.5: UPDATE_SA_ADDRESSES from the new address, then ESP from it.
    const update = sa?.events.find((ev) => ev.kind === 'mobike-update');
    const move = sa?.events.find((ev) => ev.kind === 'address-move');
    const newIp = move ? sa!.addresses.at(-1)!.initiator.ip : undefined;
    const espAfter = !!newIp && (report?.esp.some((x) => x.src === newIp && x.decrypted > 0) ?? false);
    const moved = !!update && espAfter;
    out.push({
      name: e.moved ? 'moved with MOBIKE' : 'did not move',
      pass: moved === e.moved,
      detail: update ? `UPDATE_SA_ADDRESSES in frame ${update.frame}${move ? `, ${move.detail}` : ''}; ESP from the new address decrypted: ${espAfter ? 'yes' : 'no'}` : 'no UPDATE_SA_ADDRESSES',
      frames: update ? [update.frame] : [],
    });
  }

  if (e.findings) {
    const findings: readonly Finding[] = report?.findings ?? [];
    for (const p of e.findings.present ?? []) {
      const hit = findings.filter((f) => ruleMatches(p, f.rule));
      out.push({ name: `finding ${p}`, pass: hit.length > 0, detail: hit.length ? hit.map((f) => `${f.severity} ${f.rule}: ${f.title}`).join('; ') : `${p} was not reported`, frames: hit.flatMap((f) => f.frames) });
    }
    for (const a of e.findings.absent ?? []) {
      const hit = findings.filter((f) => ruleMatches(a, f.rule));
      out.push({ name: `no finding ${a}`, pass: hit.length === 0, detail: hit.length ? hit.map((f) => `${f.severity} ${f.rule}: ${f.title}`).join('; ') : `${a} not reported`, frames: hit.flatMap((f) => f.frames) });
    }
    if (e.findings.maxSeverity) {
      const max = e.findings.maxSeverity;
      const over = findings.filter((f) => SEVERITY_RANK[f.severity] > SEVERITY_RANK[max]);
      out.push({ name: `no finding above ${max}`, pass: over.length === 0, detail: over.length ? over.map((f) => `${f.severity} ${f.rule}`).join(', ') : 'none above it', frames: over.flatMap((f) => f.frames) });
    }
  }

  if (!report) out.push({ name: 'capture analysed', pass: false, detail: 'the case left no capture to judge it by', frames: [] });
  return out;
}
