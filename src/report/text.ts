/** The terminal report: a summary per IKE_SA, ESP per SPI, then findings. */
import type { Report, Severity } from '../analysis/model.js';

export interface TextOptions {
  readonly color: boolean;
}

const SGR = { red: 31, yellow: 33, cyan: 36, green: 32, dim: 2, bold: 1 } as const;

export function renderText(r: Report, o: TextOptions): string {
  const c = (code: keyof typeof SGR, s: string) => (o.color ? `\x1b[${SGR[code]}m${s}\x1b[0m` : s);
  const sev: Record<Severity, string> = { error: c('red', 'error'), warning: c('yellow', 'warning'), info: c('cyan', 'info') };
  const lines: string[] = [];
  const cap = r.capture;
  lines.push(c('bold', `${cap.path}`) + `  ${cap.format}${cap.compressed ? ' (gzip)' : ''}, ${cap.frames} frames, ${cap.bytes} bytes`);
  lines.push(`${r.ikeSas.length} IKE_SA(s), ${r.esp.length} ESP SPI(s)${r.natKeepalives ? `, ${r.natKeepalives} NAT-T keepalive(s)` : ''}${r.ikev1.messages ? `, ${r.ikev1.messages} IKEv1 message(s) not analysed` : ''}`);
  for (const sa of r.ikeSas) {
    lines.push('');
    const state = sa.state === 'established' ? c('green', sa.state) : sa.state === 'failed' ? c('red', sa.state) : sa.state;
    lines.push(`${c('bold', sa.id)}  ${sa.ispi}/${sa.rspi}  ${sa.initiator.ip}:${sa.initiator.port} → ${sa.responder.ip}:${sa.responder.port}  ${state}`);
    lines.push(`  ${sa.stateReason}`);
    if (sa.proposal) lines.push(`  proposal: ${[sa.proposal.encr, sa.proposal.integ, sa.proposal.prf, sa.proposal.dh].filter(Boolean).join(', ')}`);
    const nat = (b: boolean | null) => (b === null ? 'unknown' : b ? 'yes' : 'no');
    lines.push(`  behind NAT: initiator ${nat(sa.nat.initiatorBehindNat)}, responder ${nat(sa.nat.responderBehindNat)}${sa.nat.note ? ` (${sa.nat.note})` : ''}`);
    lines.push(`  client: ${sa.client.profile}${sa.client.version ? ` ${sa.client.version}` : ''}${sa.client.assumed ? ' (assumed)' : ''}${sa.client.vendorIds.length ? ` (Vendor IDs: ${sa.client.vendorIds.join('; ')})` : ''}`);
    if (sa.eap) {
      const e = sa.eap;
      lines.push(`  EAP: identity ${e.identity ?? '—'}, method ${e.method ?? '—'}${e.nak ? `, Nak of ${e.nak.refused} for ${e.nak.wanted.join(', ')}` : ''}, ${e.outcome}`);
    }
    for (const ch of sa.childSas) {
      const esp = Object.values(ch.esp).reduce((n, e) => n + e.packets, 0);
      const rekey = [ch.rekeyedFrom && `from ${ch.rekeyedFrom}`, ch.rekeyedTo && `to ${ch.rekeyedTo}`].filter(Boolean).join(', ');
      lines.push(`  ${ch.id} ${ch.spiI}/${ch.spiR}  frames ${ch.createdFrame}-${ch.deletedFrame ?? 'end'}  ${esp} ESP packet(s)${rekey ? `  rekeyed ${rekey}` : ''}`);
    }
    if (sa.events.length) {
      lines.push(`  events: ${sa.events.map((e) => `${e.frame} ${e.kind}`).join(', ')}`);
    }
    for (const m of sa.messages) {
      const arrow = m.fromInitiator ? '→' : '←';
      const frames = m.frames.length > 1 ? `${m.frames[0]}-${m.frames.at(-1)}` : String(m.frames[0]);
      lines.push(c('dim', `  ${frames.padStart(9)} ${m.ts.toFixed(3).padStart(9)} ${arrow} `) + `${m.exchange} MID ${m.mid} ${m.response ? 'response' : 'request '} ${m.payloads.join(' ')}${m.retransmission ? c('yellow', '  (retransmission)') : ''}`);
    }
  }
  if (r.esp.length) {
    lines.push('', c('bold', 'ESP'));
    for (const e of r.esp) {
      const issues = [e.missing && `${e.missing} missing`, e.replays && `${e.replays} replayed`, e.reordered && `${e.reordered} reordered`].filter(Boolean).join(', ');
      lines.push(`  SPI 0x${e.spi}  ${e.src} → ${e.dst}${e.udpEncapsulated ? ' (UDP 4500)' : ''}  ${e.packets} packets, ${e.bytes} bytes, seq ${e.firstSeq}-${e.highestSeq}${issues ? `  ${c('yellow', issues)}` : ''}`);
    }
  }
  if (r.findings.length) {
    lines.push('', c('bold', 'Findings'));
    for (const f of r.findings) lines.push(`  ${sev[f.severity]} ${f.rule}${f.frames.length ? ` (frames ${f.frames.join(', ')})` : ''}: ${f.title}`);
  }
  return lines.join('\n') + '\n';
}
