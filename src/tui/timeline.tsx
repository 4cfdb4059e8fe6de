/**
 * An IKE_SA's life drawn in the terminal: its lane (messages as ticks, lifecycle events as
 * letters), one bar per CHILD_SA generation from its creation to its delete, findings as `!` at
 * their frames' times, and a time axis in seconds since the capture's first frame. The same
 * reading of the model as the HTML report's SVG timeline (frames → time through frameClock).
 */
import { Box, Text } from 'ink';
import type { IkeSaRecord, LifecycleEvent, Report } from '../analysis/model.js';
import { findingsOf, frameClock } from '../report/common.js';
import { SEVERITY_COLOR, useTheme } from './theme.js';

export const EVENT_MARK: Record<LifecycleEvent['kind'], string> = {
  'invalid-ke': 'K', cookie: 'C', failed: 'X', established: '●', 'ike-rekeyed': 'R', 'child-created': '+', 'child-rekeyed': 'r',
  'child-deleted': '-', deleted: '×', liveness: 'D', 'address-move': 'M', 'mobike-update': 'U', redirect: '↷',
};

export const LEGEND = '● up  R rekey  r CHILD_SA rekey  + CHILD_SA  M move  D DPD  × delete  X failed  ! finding';

const LABEL = 9;

export interface TimelineProps {
  readonly report: Report;
  readonly sa: IkeSaRecord;
  readonly width: number;
  /** Lines available; CHILD_SA bars beyond it are summed up in one line. */
  readonly height: number;
}

export function timelineRange(sa: IkeSaRecord): [number, number] {
  const ts = [...sa.messages.map((m) => m.ts), ...sa.events.map((e) => e.ts)];
  if (!ts.length) return [0, 1];
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  return t1 - t0 < 0.001 ? [t0, t0 + 1] : [t0, t1];
}

const secs = (t: number) => (t < 10 ? t.toFixed(2) : t < 1000 ? t.toFixed(1) : t.toFixed(0)) + 's';

export function timelineLines(report: Report, sa: IkeSaRecord, width: number, height: number): Array<{ label: string; cells: string; color?: string }> {
  const clock = frameClock(report);
  const [t0, t1] = timelineRange(sa);
  const plot = Math.max(10, width - LABEL - 1);
  const X = (t: number) => Math.max(0, Math.min(plot - 1, Math.round(((t - t0) / (t1 - t0)) * (plot - 1))));
  const lane = Array<string>(plot).fill(' ');
  const first = sa.messages[0]?.ts ?? t0;
  const end = sa.events.find((e) => e.kind === 'deleted' || e.kind === 'failed')?.ts ?? t1;
  for (let x = X(first); x <= X(end); x++) lane[x] = '━';
  for (const m of sa.messages) lane[X(m.ts)] = m.retransmission ? '↺' : '┿';
  for (const e of sa.events) if (e.kind !== 'child-created' && e.kind !== 'child-rekeyed' && e.kind !== 'child-deleted') lane[X(e.ts)] = EVENT_MARK[e.kind];
  const out: Array<{ label: string; cells: string; color?: string }> = [{ label: sa.id, cells: lane.join('') }];
  const findings = findingsOf(report, sa.id);
  const room = Math.max(0, height - 2 - (findings.length ? 1 : 0));
  const children = sa.childSas;
  const shown = children.length > room ? children.slice(0, Math.max(0, room - 1)) : children;
  for (const c of shown) {
    const bar = Array<string>(plot).fill(' ');
    const a = X(clock(c.createdFrame));
    const b = c.deletedFrame !== null ? X(clock(c.deletedFrame)) : plot - 1;
    for (let x = a; x <= b; x++) bar[x] = '─';
    bar[a] = c.rekeyedFrom ? 'r' : '├';
    if (c.deletedFrame !== null) bar[b] = c.rekeyedTo ? '┤' : '×';
    if (c.rekeyCollision?.lost) bar[a] = 'c';
    out.push({ label: c.id, cells: bar.join('') });
  }
  if (shown.length < children.length) out.push({ label: '', cells: `… ${children.length - shown.length} more CHILD_SA(s)` });
  if (findings.length) {
    const row = Array<string>(plot).fill(' ');
    for (const f of findings) for (const fr of f.frames.length ? f.frames : [sa.messages[0]?.frames[0] ?? 0]) row[X(clock(fr))] = '!';
    const worst = findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : 'info';
    out.push({ label: 'findings', cells: row.join(''), color: SEVERITY_COLOR[worst] });
  }
  const axis = Array<string>(plot).fill(' ');
  const put = (x: number, s: string) => { for (let i = 0; i < s.length && x + i < plot; i++) axis[x + i] = s[i]!; };
  put(0, secs(t0));
  if (plot > 30) put(Math.floor(plot / 2) - 3, secs((t0 + t1) / 2));
  const last = secs(t1);
  put(plot - last.length, last);
  out.push({ label: 'time', cells: axis.join('') });
  return out;
}

export function Timeline({ report, sa, width, height }: TimelineProps) {
  const theme = useTheme();
  const lines = timelineLines(report, sa, width, height);
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          <Text dimColor>{l.label.padEnd(LABEL).slice(0, LABEL)}</Text>
          <Text color={theme.c(l.color ?? (i === 0 ? 'cyan' : ''))}>{l.cells}</Text>
        </Text>
      ))}
    </Box>
  );
}
