/**
 * The Markdown report, for GitHub and GitLab tickets: a summary (capture, SAs, client, verdict),
 * a GitHub-style pipe table of the SAs, the timeline with frames, the findings with their
 * evidence frames and fixes (settings as code blocks), and how to reproduce it.
 */
import type { Finding, Report } from '../analysis/model.js';
import {
  clientLabel, defaultCommand, espPackets, fixSettings, framesLabel, natLabel, proposalLabel, seconds, timeline, verdict, type RenderOptions,
} from './common.js';

/** A table cell: one line, `|` escaped, never empty. */
export const mdCell = (s: string): string => (s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim() || '—');
/** Inline text outside tables: Markdown's active characters at the start of a line and `<` escaped. */
const mdText = (s: string): string => s.replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
const code = (s: string): string => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => line(header.map((_, i) => r[i] ?? '')))];
}

const fence = (lang: string, body: string): string[] => {
  const ticks = body.includes('```') ? '````' : '```';
  return [ticks + lang, body, ticks];
};

const SEVERITY_MARK = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' } as const;

/** One finding as a Markdown section (the TUI copies it with `y`). */
export function findingBlock(f: Finding, n: number): string[] {
  const out = [`### ${n}. ${SEVERITY_MARK[f.severity]} \`${f.rule}\` — ${mdText(f.title)}`, ''];
  out.push(`- **IKE_SA:** ${f.ikeSa ?? 'capture'}`);
  out.push(`- **Evidence frames:** ${f.frames.length ? f.frames.join(', ') : '—'}`, '');
  out.push(mdText(f.explanation), '');
  out.push(`**Fix:** ${mdText(f.fix)}`, '');
  const settings = fixSettings(f.fix);
  if (settings.length) {
    for (const lang of ['ini', 'powershell', 'text'] as const) {
      const lines = settings.filter((s) => s.lang === lang).map((s) => s.code);
      if (lines.length) out.push(...fence(lang, lines.join('\n')), '');
    }
  }
  return out;
}

export function renderMarkdown(r: Report, o: RenderOptions = {}): string {
  const v = verdict(r);
  const out: string[] = [];
  const cap = r.capture;
  out.push(`# ikescope report: ${mdText(cap.path)}`, '');
  out.push(`**Verdict: ${v.text}**`, '');
  out.push(...table(['Capture', 'Value'], [
    ['File', `${cap.path} (${cap.format}${cap.compressed ? ', gzip' : ''})`],
    ['Frames / bytes', `${cap.frames} / ${cap.bytes}`],
    ['IKE_SAs', `${r.ikeSas.length} (${r.keys.ikeSasDecrypted} decrypted)`],
    ['CHILD_SAs', `${r.ikeSas.reduce((n, s) => n + s.childSas.length, 0)} (${r.keys.childSasDecrypted} decrypted)`],
    ['ESP SPIs', `${r.esp.length}, ${r.esp.reduce((n, e) => n + e.packets, 0)} packets`],
    ['Client', [...new Set(r.ikeSas.map(clientLabel))].join('; ') || '—'],
    ['Key sources', r.keys.sources.join(', ') || 'none (encrypted payloads not opened)'],
    ...(r.ikev1.messages ? [['IKEv1', `${r.ikev1.messages} message(s) not analysed`]] : []),
  ]), '');

  if (r.ikeSas.length) {
    out.push('## Security associations', '');
    const rows: string[][] = [];
    for (const sa of r.ikeSas) {
      rows.push([
        `**${sa.id}**`, 'IKE_SA', `${sa.ispi}/${sa.rspi}`, `${sa.initiator.ip}:${sa.initiator.port} → ${sa.responder.ip}:${sa.responder.port}`,
        `${sa.state}: ${sa.stateReason}`, proposalLabel(sa.proposal),
        `${sa.rekeyedFrom ? `from ${sa.rekeyedFrom}` : ''}${sa.rekeyedFrom && sa.rekeyedTo ? ', ' : ''}${sa.rekeyedTo ? `to ${sa.rekeyedTo}` : ''}`,
        `${sa.messages[0]?.frames[0] ?? '—'}–${sa.messages.at(-1)?.frames.at(-1) ?? '—'}`, '',
      ]);
      for (const c of sa.childSas) {
        rows.push([
          `${sa.id}/${c.id}`, 'CHILD_SA', `${c.spiI}/${c.spiR}`, `${c.tsI.join(' ')} ⇄ ${c.tsR.join(' ')}`,
          c.deletedFrame !== null ? `deleted (frame ${c.deletedFrame})` : c.rekeyedTo ? 'rekeyed' : 'alive at end',
          [c.proposal.encr, c.proposal.integ, c.proposal.dh, c.proposal.esn ? 'ESN' : ''].filter(Boolean).join(', ') || '—',
          `${c.rekeyedFrom ? `from ${c.rekeyedFrom}` : ''}${c.rekeyedFrom && c.rekeyedTo ? ', ' : ''}${c.rekeyedTo ? `to ${c.rekeyedTo}` : ''}`,
          `${c.createdFrame}–${c.deletedFrame ?? 'end'}`,
          Object.entries(c.esp).map(([spi, e]) => `${spi}: ${e.packets} pkts${e.decrypted ? `, ${e.decrypted} opened` : ''}${e.icvFailures ? `, ${e.icvFailures} ICV fail` : ''}`).join('; ') || `${espPackets(c)} pkts`,
        ]);
      }
    }
    out.push(...table(['SA', 'Kind', 'SPIs (i/r)', 'Peers / traffic selectors', 'State', 'Proposal', 'Rekey', 'Frames', 'ESP'], rows), '');

    out.push('### Per IKE_SA', '');
    for (const sa of r.ikeSas) {
      out.push(`- **${sa.id}** — client ${mdText(clientLabel(sa))}${sa.client.vendorIds.length ? ` (Vendor IDs: ${mdText(sa.client.vendorIds.join('; '))})` : ''}; behind NAT: ${natLabel(sa)}; ${sa.decrypted ? 'decrypted' : 'not decrypted'}`);
      if (sa.client.evidence.length) out.push(`  - fingerprint evidence: ${mdText(sa.client.evidence.join('; '))}`);
      if (sa.eap) {
        const e = sa.eap;
        out.push(`  - EAP: identity ${e.identity === null ? '—' : code(e.identity)}, method ${e.method ?? '—'}${e.offered.length ? ` (offered ${e.offered.join(', ')})` : ''}${e.nak ? `, Nak of ${e.nak.refused} asking for ${e.nak.wanted.join(', ')}` : ''}, ${e.outcome} (frames ${framesLabel(e.frames)})`);
      }
      if (sa.addresses.length > 1) out.push(`  - addresses: ${sa.addresses.map((a) => `frame ${a.frame}: ${a.initiator.ip}:${a.initiator.port} → ${a.responder.ip}:${a.responder.port}`).join('; ')}`);
      if (sa.nat.note) out.push(`  - NAT note: ${mdText(sa.nat.note)}`);
    }
    out.push('');
  }

  const events = timeline(r);
  out.push('## Timeline', '');
  if (events.length) out.push(...table(['Time', 'Frames', 'IKE_SA', 'Event'], events.map((e) => [seconds(e.ts), framesLabel(e.frames), e.ikeSa, e.what])), '');
  else out.push('No lifecycle events.', '');

  out.push('## Findings', '');
  if (!r.findings.length) out.push('None.', '');
  else {
    out.push(...table(['#', 'Severity', 'Rule', 'IKE_SA', 'Frames', 'Title'], r.findings.map((f, i) => [String(i + 1), f.severity, f.rule, f.ikeSa ?? 'capture', f.frames.join(', '), f.title])), '');
    r.findings.forEach((f, i) => out.push(...findingBlock(f, i + 1)));
  }

  out.push('## How to reproduce', '');
  out.push(...fence('sh', o.command ?? defaultCommand(r, false)), '');
  out.push('_Generated by ikescope; no key material is included in any report._', '');
  return out.join('\n');
}
