/**
 * The HTML report: one self-contained file (inline CSS and SVG, nothing fetched, no script —
 * `<details>` does the expanding) with the verdict, the SVG timeline, the SA table, each
 * IKE_SA's messages, events, CHILD_SAs and EAP summary, the findings with evidence and fixes,
 * and the command that reproduces it.
 */
import type { Finding, Report } from '../analysis/model.js';
import {
  clientLabel, defaultCommand, espPackets, escapeXml as h, fixSettings, framesLabel, natLabel, proposalLabel, seconds, timeline, verdict, type RenderOptions,
} from './common.js';
import { renderTimelineSvg } from './timeline-svg.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0;background:#fff}
main{max-width:1180px;margin:0 auto;padding:12px 10px 40px}
h1{font-size:20px;margin:8px 0}h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #d0d7de}h3{font-size:15px;margin:14px 0 6px}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f6f8fa}code,pre{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:8px;overflow-x:auto;white-space:pre-wrap}
.verdict{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:600;color:#fff}
.verdict.fail{background:#c62828}.verdict.warn{background:#ef6c00}.verdict.pass{background:#2e7d32}
.sev{font-weight:600}.sev.error{color:#c62828}.sev.warning{color:#ef6c00}.sev.info{color:#1e88e5}
.timeline-box{overflow-x:auto;border:1px solid #d0d7de;border-radius:4px;padding:4px 0}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
.finding{border-left:4px solid #d0d7de;padding:2px 10px;margin:10px 0}.finding.error{border-color:#c62828}.finding.warning{border-color:#ef6c00}.finding.info{border-color:#1e88e5}
.legend span{margin-right:14px;font-size:12px}.muted{color:#57606a}
`;

const row = (cells: readonly string[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
const tbl = (header: readonly string[], rows: ReadonlyArray<readonly string[]>) =>
  `<table><thead>${row(header.map(h), 'th')}</thead><tbody>${rows.map((r) => row(r)).join('')}</tbody></table>`;

function findingHtml(f: Finding, n: number): string {
  const settings = fixSettings(f.fix);
  return `<div class="finding ${f.severity}" id="finding-${n}">
<h3>${n}. <span class="sev ${f.severity}">${f.severity}</span> <code>${h(f.rule)}</code> — ${h(f.title)}</h3>
<p><b>IKE_SA:</b> ${h(f.ikeSa ?? 'capture')} · <b>evidence frames:</b> ${h(f.frames.join(', ') || '—')}</p>
<p>${h(f.explanation)}</p>
<p><b>Fix:</b> ${h(f.fix)}</p>
${settings.length ? `<pre>${h(settings.map((s) => s.code).join('\n'))}</pre>` : ''}
</div>`;
}

export function renderHtml(r: Report, o: RenderOptions = {}): string {
  const v = verdict(r);
  const cap = r.capture;
  const parts: string[] = [];
  parts.push(`<h1>ikescope report: ${h(cap.path)}</h1>`);
  parts.push(`<p><span class="verdict ${v.level}">${h(v.text)}</span></p>`);
  parts.push(tbl(['Capture', ''], [
    ['File', h(`${cap.path} (${cap.format}${cap.compressed ? ', gzip' : ''})`)],
    ['Frames / bytes', h(`${cap.frames} / ${cap.bytes}`)],
    ['IKE_SAs', h(`${r.ikeSas.length} (${r.keys.ikeSasDecrypted} decrypted)`)],
    ['CHILD_SAs', h(`${r.ikeSas.reduce((n, s) => n + s.childSas.length, 0)} (${r.keys.childSasDecrypted} decrypted)`)],
    ['ESP', h(`${r.esp.length} SPI(s), ${r.esp.reduce((n, e) => n + e.packets, 0)} packets`)],
    ['Client', h([...new Set(r.ikeSas.map(clientLabel))].join('; ') || '—')],
    ['Key sources', h(r.keys.sources.join(', ') || 'none (encrypted payloads not opened)')],
  ]));

  parts.push('<h2>Timeline</h2>');
  parts.push('<p class="legend muted"><span>▮ IKE_SA (colour = state), ticks = messages (up: request, down: response)</span><span>▬ CHILD_SA generation (thicker = more ESP), inside: ESP packets over time (blue: initiator → responder up, green: back down)</span><span>⇢ rekey</span><span>◆ address move / MOBIKE</span><span>○ event</span><span>▲ finding</span></p>');
  parts.push(`<div class="timeline-box">${renderTimelineSvg(r)}</div>`);

  if (r.ikeSas.length) {
    parts.push('<h2>Security associations</h2>');
    parts.push(tbl(['IKE_SA', 'SPIs (i/r)', 'Peers', 'State', 'Proposal', 'Client', 'Behind NAT', 'CHILD_SAs'], r.ikeSas.map((sa) => [
      `<b>${h(sa.id)}</b>`, `<code>${h(sa.ispi)}/${h(sa.rspi)}</code>`,
      h(`${sa.initiator.ip}:${sa.initiator.port} → ${sa.responder.ip}:${sa.responder.port}`),
      h(`${sa.state}: ${sa.stateReason}`), h(proposalLabel(sa.proposal)), h(clientLabel(sa)), h(natLabel(sa)),
      h(sa.childSas.map((c) => `${c.id} (${espPackets(c)} ESP)`).join(', ') || '—'),
    ])));
    for (const sa of r.ikeSas) {
      const inner: string[] = [];
      if (sa.client.evidence.length || sa.client.vendorIds.length) {
        inner.push(`<p><b>Client:</b> ${h(clientLabel(sa))}${sa.client.vendorIds.length ? ` — Vendor IDs: ${h(sa.client.vendorIds.join('; '))}` : ''}${sa.client.evidence.length ? `<br><span class="muted">${h(sa.client.evidence.join('; '))}</span>` : ''}</p>`);
      }
      if (sa.eap) {
        const e = sa.eap;
        inner.push(`<p><b>EAP:</b> identity ${e.identity === null ? '—' : `<code>${h(e.identity)}</code>`}, method ${h(e.method ?? '—')}${e.nak ? h(`, Nak of ${e.nak.refused} asking for ${e.nak.wanted.join(', ')}`) : ''}, ${h(e.outcome)} (frames ${h(framesLabel(e.frames))})</p>`);
      }
      if (sa.addresses.length > 1) inner.push(tbl(['Frame', 'Initiator', 'Responder'], sa.addresses.map((a) => [String(a.frame), h(`${a.initiator.ip}:${a.initiator.port}`), h(`${a.responder.ip}:${a.responder.port}`)])));
      if (sa.events.length) inner.push('<h3>Events</h3>' + tbl(['Frame', 'Time', 'Kind', 'By', 'Detail'], sa.events.map((e) => [String(e.frame), h(seconds(e.ts)), h(e.kind), h(e.by), h(e.detail)])));
      if (sa.childSas.length) {
        inner.push('<h3>CHILD_SAs</h3>' + tbl(['CHILD_SA', 'SPIs (i/r)', 'Traffic selectors', 'Proposal', 'Frames', 'Rekey', 'ESP'], sa.childSas.map((c) => [
          h(c.id), `<code>${h(c.spiI)}/${h(c.spiR)}</code>`, h(`${c.tsI.join(' ')} ⇄ ${c.tsR.join(' ')}`),
          h([c.proposal.encr, c.proposal.integ, c.proposal.dh, c.proposal.esn ? 'ESN' : ''].filter(Boolean).join(', ') || '—'),
          h(`${c.createdFrame}–${c.deletedFrame ?? 'end'}`), h([c.rekeyedFrom && `from ${c.rekeyedFrom}`, c.rekeyedTo && `to ${c.rekeyedTo}`].filter(Boolean).join(', ') || '—'),
          h(Object.entries(c.esp).map(([spi, e]) => `${spi}: ${e.packets} pkts, ${e.bytes} B${e.decrypted ? `, ${e.decrypted} opened` : ''}${e.icvFailures ? `, ${e.icvFailures} ICV fail` : ''}`).join('; ') || '—'),
        ])));
      }
      inner.push('<h3>Messages</h3>' + tbl(['Frames', 'Time', 'Dir', 'Exchange', 'MID', '', 'Payloads', 'Inner'], sa.messages.map((m) => [
        // Anchors per frame, so other documents (suite results) can link evidence frames.
        m.frames.map((f) => `<a id="frame-${f}"></a>`).join('') + h(framesLabel(m.frames)), h(m.ts.toFixed(6)), m.fromInitiator ? 'i → r' : 'i ← r', h(m.exchange), String(m.mid),
        `${m.response ? 'response' : 'request'}${m.retransmission ? ' <b>(retransmission)</b>' : ''}`, h(m.payloads.join(' ')), h(m.inner?.join(' ') ?? '—'),
      ])));
      parts.push(`<details${r.ikeSas.length <= 3 ? ' open' : ''}><summary>${h(`${sa.id} — ${sa.state}, ${sa.messages.length} message(s), ${sa.childSas.length} CHILD_SA(s)`)}</summary>${inner.join('\n')}</details>`);
    }
  }

  if (r.esp.length) {
    parts.push('<details><summary>ESP per SPI</summary>' + tbl(['SPI', 'From → to', 'Packets', 'Bytes', 'Frames', 'Seq', 'Missing / replays / reordered', 'Opened / ICV fail'], r.esp.map((e) => [
      `<code>${h(e.spi)}</code>`, h(`${e.src} → ${e.dst}${e.udpEncapsulated ? ' (UDP)' : ''}`), String(e.packets), String(e.bytes), h(`${e.firstFrame}–${e.lastFrame}`),
      h(`${e.firstSeq}–${e.highestSeq}`), h(`${e.missing} / ${e.replays} / ${e.reordered}`), h(`${e.decrypted} / ${e.icvFailures}`),
    ])) + '</details>');
  }

  const events = timeline(r);
  if (events.length) parts.push('<details><summary>All events in time order</summary>' + tbl(['Time', 'Frames', 'IKE_SA', 'Event'], events.map((e) => [h(seconds(e.ts)), h(framesLabel(e.frames)), h(e.ikeSa), h(e.what)])) + '</details>');

  parts.push('<h2>Findings</h2>');
  parts.push(r.findings.length ? r.findings.map((f, i) => findingHtml(f, i + 1)).join('\n') : '<p>None.</p>');
  parts.push('<h2>How to reproduce</h2>');
  parts.push(`<pre>${h(o.command ?? defaultCommand(r, false))}</pre>`);
  parts.push('<p class="muted">Generated by ikescope; no key material is included in any report.</p>');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${h(`ikescope: ${cap.path} — ${v.text}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${parts.join('\n')}
</main>
</body>
</html>
`;
}
