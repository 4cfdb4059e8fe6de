/**
 * The SVG timeline of the HTML report: one lane per IKE_SA, its messages as ticks and its
 * lifecycle events as markers; under it one bar per CHILD_SA generation (created → deleted,
 * frames mapped to time through the messages' `ts`) whose thickness grows with its ESP packets,
 * its ESP volume over time drawn inside it (one direction up, the other down), rekeys linked old → new (CHILD_SAs and IKE_SAs), address
 * moves as diamonds, findings as triangles at their frames' times, and a time axis. Inline SVG,
 * no scripts; every mark has a <title> for a tooltip. Sized for a 1200 px window.
 */
import type { IkeSaRecord, Report, Severity } from '../analysis/model.js';
import { captureEnd, espPackets, escapeXml as x, frameClock } from './common.js';

export const SVG_WIDTH = 1160;
const LEFT = 170;
const RIGHT = 30;
const HEAD = 28;
const CHILD = 22;
const FIND = 18;
const AXIS = 34;

const STATE_COLOR: Record<IkeSaRecord['state'], string> = {
  established: '#2e7d32', failed: '#c62828', deleted: '#607d8b', rekeyed: '#1565c0', incomplete: '#ef6c00',
};
const SEVERITY_COLOR: Record<Severity, string> = { error: '#c62828', warning: '#ef6c00', info: '#1e88e5' };
const EVENT_COLOR: Record<string, string> = {
  'address-move': '#8e24aa', 'mobike-update': '#8e24aa', liveness: '#00897b', 'invalid-ke': '#ef6c00', cookie: '#ef6c00',
  failed: '#c62828', established: '#2e7d32', deleted: '#455a64', 'ike-rekeyed': '#1565c0',
};

const layer = (el: string) => (el.startsWith('<rect class="lane"') ? 0 : el.includes('class="grid"') ? 1 : 2);
const f2 = (n: number) => (Math.round(n * 100) / 100).toString();

/** A step of 1, 2 or 5 × 10^k giving about `n` ticks over `span`. */
function niceStep(span: number, n: number): number {
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const m = raw / mag;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * mag;
}

export function renderTimelineSvg(r: Report): string {
  const clock = frameClock(r);
  const end = captureEnd(r) * 1.02;
  const plotW = SVG_WIDTH - LEFT - RIGHT;
  const X = (t: number) => LEFT + Math.max(0, Math.min(1, t / end)) * plotW;
  const body: string[] = [];
  const capFindings = r.findings.filter((f) => f.ikeSa === null || !r.ikeSas.some((s) => s.id === f.ikeSa));
  let y = 8;

  const findingMarks = (list: typeof r.findings, rowY: number) => {
    for (const f of list) {
      const times = f.frames.length ? f.frames.map(clock) : [0];
      for (const t of [...new Set(times)]) {
        const cx = X(t);
        body.push(`<path class="finding ${f.severity}" d="M${f2(cx)} ${f2(rowY + 3)} l6 11 h-12 z" fill="${SEVERITY_COLOR[f.severity]}"><title>${x(`${f.severity} ${f.rule} (frames ${f.frames.join(', ') || '—'}): ${f.title}`)}</title></path>`);
      }
    }
  };

  if (capFindings.length) {
    body.push(`<text x="8" y="${y + 13}" class="lbl">capture findings</text>`);
    findingMarks(capFindings, y);
    y += FIND + 4;
  }

  const laneTop = new Map<string, { y: number; start: number; end: number }>();
  r.ikeSas.forEach((sa, i) => {
    const children = sa.childSas;
    const saFindings = r.findings.filter((f) => f.ikeSa === sa.id);
    const height = HEAD + children.length * CHILD + (saFindings.length ? FIND : 0) + 6;
    body.push(`<rect class="lane" x="0" y="${y}" width="${SVG_WIDTH}" height="${height}" fill="${i % 2 ? '#f6f8fa' : '#ffffff'}"/>`);
    const ts = [...sa.messages.map((m) => m.ts), ...sa.events.map((e) => e.ts)];
    const start = ts.length ? Math.min(...ts) : 0;
    const deleted = sa.events.find((e) => e.kind === 'deleted');
    const stop = sa.state === 'established' || sa.state === 'incomplete' ? end : deleted ? deleted.ts : ts.length ? Math.max(...ts) : start;
    laneTop.set(sa.id, { y, start, end: stop });
    const hy = y + 14;
    // The IKE_SA's own bar, coloured by its state.
    body.push(`<text x="8" y="${hy + 4}" class="lbl sa">${x(sa.id)} <tspan class="state" fill="${STATE_COLOR[sa.state]}">${x(sa.state)}</tspan></text>`);
    body.push(`<rect class="ike-bar" x="${f2(X(start))}" y="${hy - 5}" width="${f2(Math.max(2, X(stop) - X(start)))}" height="10" rx="3" fill="${STATE_COLOR[sa.state]}" fill-opacity="0.25" stroke="${STATE_COLOR[sa.state]}"><title>${x(`${sa.id} ${sa.ispi}/${sa.rspi} ${sa.state}: ${sa.stateReason}`)}</title></rect>`);
    for (const m of sa.messages) {
      const mx = X(m.ts);
      body.push(`<line class="msg" x1="${f2(mx)}" x2="${f2(mx)}" y1="${m.response ? hy : hy - 8}" y2="${m.response ? hy + 8 : hy}" stroke="${m.retransmission ? '#ef6c00' : '#263238'}" stroke-width="1.2"><title>${x(`frame ${m.frames.join(', ')} ${m.ts.toFixed(3)} s: ${m.exchange} MID ${m.mid} ${m.response ? 'response' : 'request'}${m.retransmission ? ' (retransmission)' : ''}`)}</title></line>`);
    }
    for (const e of sa.events) {
      if (e.kind.startsWith('child-')) continue; // drawn as the CHILD_SA bars
      const ex = X(e.ts);
      const color = EVENT_COLOR[e.kind] ?? '#455a64';
      const title = `<title>${x(`frame ${e.frame} ${e.ts.toFixed(3)} s: ${e.kind} by the ${e.by}: ${e.detail}`)}</title>`;
      if (e.kind === 'address-move' || e.kind === 'mobike-update') {
        body.push(`<path class="event ${e.kind}" d="M${f2(ex)} ${hy - 8} l6 8 l-6 8 l-6 -8 z" fill="${color}" fill-opacity="${e.kind === 'address-move' ? 1 : 0.5}">${title}</path>`);
      } else {
        body.push(`<circle class="event ${e.kind}" cx="${f2(ex)}" cy="${hy}" r="4" fill="#fff" stroke="${color}" stroke-width="2">${title}</circle>`);
      }
    }
    // CHILD_SA generations: bar thickness by ESP packets; ESP activity inside.
    const childY = new Map<string, number>();
    children.forEach((c, j) => {
      const cy = y + HEAD + j * CHILD + CHILD / 2;
      childY.set(c.id, cy);
      const t0 = clock(c.createdFrame);
      // A CHILD_SA outlives its IKE_SA's rekey (RFC 7296 §2.18): it lasts while its ESP flows.
      const lastEsp = Math.max(t0, ...Object.keys(c.esp).map((spi) => r.esp.find((e) => e.spi === spi)).filter((e) => e !== undefined).map((e) => e.lastTs));
      const t1 = c.deletedFrame !== null ? clock(c.deletedFrame) : c.rekeyedTo ? clock(children.find((k) => k.id === c.rekeyedTo)?.createdFrame ?? c.createdFrame) : Math.max(stop, lastEsp);
      const packets = espPackets(c);
      const thick = 4 + Math.min(10, 2 * Math.log2(1 + packets));
      body.push(`<text x="22" y="${cy + 4}" class="lbl child">${x(c.id)} · ${packets} ESP</text>`);
      body.push(`<rect class="child-bar" x="${f2(X(t0))}" y="${f2(cy - thick / 2)}" width="${f2(Math.max(2, X(t1) - X(t0)))}" height="${f2(thick)}" rx="2" fill="#42a5f5" fill-opacity="0.55" stroke="#1565c0"><title>${x(`${c.id} SPIs ${c.spiI}/${c.spiR}, frames ${c.createdFrame}–${c.deletedFrame ?? 'end'}, ${packets} ESP packets${c.rekeyedFrom ? `, rekeyed from ${c.rekeyedFrom}` : ''}`)}</title></rect>`);
      // ESP volume: packets per time bin, one direction above the bar's middle and the other
      // below, scaled to this CHILD_SA's busiest bin.
      // spiR carries initiator → responder traffic (the responder chose it, §3.3.1): drawn up.
      const spis = [c.spiR, c.spiI].map((spi) => r.esp.find((e) => e.spi === spi));
      const peak = Math.max(1, ...spis.flatMap((e) => e?.volume.packets.map((n) => n / e.volume.binSeconds) ?? []));
      spis.forEach((e, k) => {
        if (!e || !e.packets) return;
        const sign = k === 0 ? -1 : 1;
        const v = e.volume;
        const d: string[] = [];
        v.packets.forEach((n, i) => {
          if (!n) return;
          const a = X(i * v.binSeconds);
          const w = Math.max(1, X((i + 1) * v.binSeconds) - a);
          const h = Math.max(1, (n / v.binSeconds / peak) * (CHILD / 2 - 2));
          d.push(`M${f2(a)} ${f2(cy)}h${f2(w)}v${f2(sign * h)}h${f2(-w)}z`);
        });
        body.push(`<path class="esp-volume" d="${d.join('')}" fill="${k === 0 ? '#0d47a1' : '#00897b'}" fill-opacity="0.8"><title>${x(`ESP SPI ${e.spi} (${e.src} → ${e.dst}): ${e.packets} packets, ${e.bytes} bytes, ${e.firstTs.toFixed(3)}–${e.lastTs.toFixed(3)} s, frames ${e.firstFrame}–${e.lastFrame}`)}</title></path>`);
      });
    });
    for (const c of children) {
      if (!c.rekeyedTo || !childY.has(c.rekeyedTo)) continue;
      const next = children.find((k) => k.id === c.rekeyedTo)!;
      const tx = X(clock(next.createdFrame));
      const y0 = childY.get(c.id)!;
      const y1 = childY.get(next.id)!;
      body.push(`<path class="rekey-link" d="M${f2(tx)} ${f2(y0)} C${f2(tx - 14)} ${f2((y0 + y1) / 2)}, ${f2(tx - 14)} ${f2((y0 + y1) / 2)}, ${f2(tx)} ${f2(y1)}" fill="none" stroke="#1565c0" stroke-dasharray="3 2" marker-end="url(#arrow)"><title>${x(`${c.id} rekeyed to ${next.id} (frame ${next.createdFrame})`)}</title></path>`);
    }
    if (saFindings.length) findingMarks(saFindings, y + HEAD + children.length * CHILD);
    y += height + 2;
  });

  // IKE_SA rekeys: old lane → new lane, at the new SA's start.
  for (const sa of r.ikeSas) {
    if (!sa.rekeyedTo) continue;
    const a = laneTop.get(sa.id);
    const b = laneTop.get(sa.rekeyedTo);
    if (!a || !b) continue;
    const lx = X(b.start);
    body.push(`<path class="rekey-link ike" d="M${f2(lx)} ${a.y + 14} L${f2(lx)} ${b.y + 8}" stroke="#1565c0" stroke-width="1.5" stroke-dasharray="5 3" marker-end="url(#arrow)"><title>${x(`${sa.id} rekeyed to ${sa.rekeyedTo}`)}</title></path>`);
  }

  if (!r.ikeSas.length) {
    body.push(`<text x="${LEFT}" y="${y + 16}" class="lbl">no IKE_SA in this capture</text>`);
    y += 24;
  }

  // The time axis.
  const axisY = y + 8;
  body.push(`<line class="axis" x1="${LEFT}" x2="${LEFT + plotW}" y1="${axisY}" y2="${axisY}" stroke="#263238"/>`);
  const step = niceStep(end, 8);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let t = 0; t <= end + 1e-9; t += step) {
    const tx = X(t);
    body.push(`<line class="grid" x1="${f2(tx)}" x2="${f2(tx)}" y1="4" y2="${axisY}" stroke="#cfd8dc" stroke-width="0.5"/>`);
    body.push(`<line x1="${f2(tx)}" x2="${f2(tx)}" y1="${axisY}" y2="${axisY + 5}" stroke="#263238"/><text x="${f2(tx)}" y="${axisY + 17}" text-anchor="middle" class="tick">${t.toFixed(Math.min(decimals, 6))} s</text>`);
  }
  const height = axisY + AXIS;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${SVG_WIDTH}" height="${height}" viewBox="0 0 ${SVG_WIDTH} ${height}" role="img" aria-label="SA timeline">`,
    `<title>SA timeline: ${r.ikeSas.length} IKE_SA(s), time since the first frame</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#1565c0"/></marker></defs>',
    '<style>.lbl{font:12px system-ui,sans-serif;fill:#263238}.lbl.sa{font-weight:600}.tick{font:11px system-ui,sans-serif;fill:#455a64}</style>',
    // Lane backgrounds, then the grid, then the marks (a stable sort keeps their order).
    ...body.slice(0).sort((a, b) => layer(a) - layer(b)),
    '</svg>',
  ].join('\n');
}
