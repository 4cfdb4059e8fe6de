/**
 * Every finding, grouped by severity (errors first), with the selected one's explanation,
 * evidence frames (← → choose one, Enter jumps to it in its IKE_SA), fix and explanation, which
 * Space and b scroll when they are longer than the screen; `y` copies it as Markdown, `e` exports its
 * IKE_SA's report.
 */
import { Box, Text } from 'ink';
import { listMove, useKeys } from './keys.js';
import { useCallback, useMemo, useState } from 'react';
import type { Finding, Report, Severity } from '../analysis/model.js';
import { SEVERITY_RANK } from '../report/common.js';
import { ExportPrompt, type ExportFormat } from './export-prompt.js';
import { windowStart } from './table.js';
import { fit, SEVERITY_COLOR, useTheme } from './theme.js';
import { useWheel } from './wheel.js';
import { wrap } from './wrap.js';

export interface FindingsState {
  readonly selected: number;
  readonly frame: number;
}

export const FINDINGS_START: FindingsState = { selected: 0, frame: 0 };

export interface FindingsViewProps {
  readonly report: Report;
  readonly width: number;
  readonly height: number;
  readonly active: boolean;
  readonly loading: boolean;
  readonly state: FindingsState;
  readonly onState: (s: FindingsState) => void;
  readonly onJump: (saId: string | null, frame: number | undefined) => void;
  readonly onCopy: (f: Finding) => void;
  readonly onExport: (saId: string, f: ExportFormat) => void;
  readonly onBack: () => void;
  readonly onStatus: (s: string) => void;
}

const ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/** Findings in display order: by severity, then as the report lists them. */
export function orderedFindings(r: Report): Finding[] {
  return [...r.findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

export function FindingsView({ report, width, height, active, loading, state, onState, onJump, onCopy, onExport, onBack, onStatus }: FindingsViewProps) {
  const theme = useTheme();
  const list = useMemo(() => orderedFindings(report), [report]);
  const [exporting, setExporting] = useState(false);
  const sel = Math.min(state.selected, Math.max(0, list.length - 1));
  const f = list[sel];
  const frame = f ? Math.min(state.frame, Math.max(0, f.frames.length - 1)) : 0;
  const move = useCallback((d: number) => onState({ selected: Math.max(0, Math.min(list.length - 1, sel + d)), frame: 0 }), [list.length, sel, onState]);
  // The fix, then the explanation, as screen lines: the fix is what the reader acts on, so it
  // comes first on a small screen; the rest scrolls.
  const listHeight = Math.max(3, Math.floor((height - 2) * 0.4));
  const bodyHeight = Math.max(1, height - listHeight - 2 - 2);
  const body = useMemo(() => (f ? [...wrap(`fix: ${f.fix}`, width), '', ...wrap(f.explanation, width)] : []), [f, width]);
  // When it does not fit, the last line says so and how to see the rest.
  const shown = body.length > bodyHeight ? Math.max(1, bodyHeight - 1) : bodyHeight;
  const maxTop = Math.max(0, body.length - shown);
  // Scrolled text belongs to the finding it was scrolled in: another one starts at its top.
  const [scroll, setScroll] = useState<{ of: Finding | undefined; top: number }>({ of: undefined, top: 0 });
  const first = scroll.of === f ? Math.min(scroll.top, maxTop) : 0;
  useWheel(move, active && !exporting);
  useKeys((input, key) => {
    if (listMove(input, key, move)) return;
    if (key.escape || key.backspace || key.delete) onBack();
    else if (!f) return;
    else if (key.rightArrow || input === 'l') onState({ selected: sel, frame: Math.min(f.frames.length - 1, frame + 1) });
    else if (key.leftArrow || input === 'h') onState({ selected: sel, frame: Math.max(0, frame - 1) });
    else if (key.return) onJump(f.ikeSa, f.frames[frame]);
    else if (input === ' ') setScroll({ of: f, top: Math.min(maxTop, first + shown) });
    else if (input === 'b') setScroll({ of: f, top: Math.max(0, first - shown) });
    else if (input === 'y') onCopy(f);
    else if (input === 'e') {
      if (f.ikeSa) setExporting(true);
      else onStatus('this finding is about the whole capture, not one IKE_SA: export it with ikescope analyze --format md');
    }
  }, { isActive: active && !exporting });

  // Rows: a heading per severity, then its findings.
  const rows: Array<{ heading?: Severity; finding?: Finding; index?: number }> = [];
  for (const s of ORDER) {
    const of = list.map((x, i) => [x, i] as const).filter(([x]) => x.severity === s);
    if (!of.length) continue;
    rows.push({ heading: s });
    for (const [x, i] of of) rows.push({ finding: x, index: i });
  }
  const selRow = rows.findIndex((r) => r.index === sel);
  const start = windowStart(Math.max(0, selRow), rows.length, listHeight);
  const counts = ORDER.map((s) => `${list.filter((x) => x.severity === s).length} ${s}`).join(', ');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text dimColor wrap="truncate">{loading ? 'findings come when the capture is read (rules run on the whole model)' : `${list.length} finding(s): ${counts}   ←→ evidence frame  Enter jump  y copy  e export`}</Text>
      <Box flexDirection="column" height={listHeight}>
        {list.length === 0 && !loading ? <Text dimColor>  no findings</Text> : null}
        {rows.slice(start, start + listHeight).map((r, i) => r.heading ? (
          <Text key={`h${i}`} bold color={theme.c(SEVERITY_COLOR[r.heading])}>{`${r.heading.toUpperCase()} (${list.filter((x) => x.severity === r.heading).length})`}</Text>
        ) : (
          <Text key={`f${r.index}`} inverse={r.index === sel} wrap="truncate">
            {fit(`${r.index === sel ? '›' : ' '} ${r.finding!.rule.padEnd(28)} ${(r.finding!.ikeSa ?? 'capture').padEnd(7)} ${r.finding!.title}`, width)}
          </Text>
        ))}
      </Box>
      {f ? (
        <Box flexDirection="column" height={height - listHeight - 2} overflow="hidden">
          <Box flexShrink={0} flexDirection="column">
            <Text bold wrap="truncate" color={theme.c(SEVERITY_COLOR[f.severity])}>{`${f.severity} ${f.rule} — ${f.title}`}</Text>
            <Text wrap="truncate">
              {`IKE_SA ${f.ikeSa ?? '(whole capture)'}  evidence frames: `}
              {f.frames.length ? f.frames.map((fr, i) => <Text key={i} inverse={i === frame}>{i === frame ? `[${fr}]` : ` ${fr} `}</Text>) : '—'}
            </Text>
          </Box>
          {body.slice(first, first + shown).map((l, i) => first + i === 0
            ? <Text key={i} wrap="truncate"><Text bold color={theme.c('green')}>fix:</Text>{l.slice(4)}</Text>
            : <Text key={i} wrap="truncate">{l}</Text>)}
          {body.length > shown
            ? <Text dimColor wrap="truncate">{fit(`lines ${first + 1}–${first + Math.min(shown, body.length - first)} of ${body.length}${first + shown < body.length ? ': Space for more' : ''}${first > 0 ? ', b back' : ''}`, width)}</Text>
            : null}
        </Box>
      ) : <Box height={height - listHeight - 2} />}
      {exporting && f?.ikeSa
        ? <ExportPrompt saId={f.ikeSa} active={active} onChoose={(fmt) => { setExporting(false); onExport(f.ikeSa!, fmt); }} onCancel={() => setExporting(false)} />
        : <Text> </Text>}
    </Box>
  );
}
