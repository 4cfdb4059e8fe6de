/**
 * The sessions view: one row per IKE_SA (peers, client, state, CHILD_SAs, ESP volume, worst
 * finding; the proposal and the state's reason under the table for the selected one), sortable
 * and filterable with `/` by address, SPI, identity, rule id or state.
 */
import { Box, Text } from 'ink';
import { listMove, useKeys } from './keys.js';
import { useCallback, useMemo } from 'react';
import type { Report } from '../analysis/model.js';
import { matches, sessionRows, sortRows, SORTS, bytesLabel, type SessionRow } from './session-rows.js';
import { Table, type Column } from './table.js';
import { TextInput } from './text-input.js';
import { SEVERITY_COLOR, STATE_COLOR, useTheme } from './theme.js';
import { useWheel } from './wheel.js';

export interface SessionsState {
  readonly selected: number;
  readonly filter: string;
  readonly editing: boolean;
  readonly sort: number;
  readonly reverse: boolean;
}

export const SESSIONS_START: SessionsState = { selected: 0, filter: '', editing: false, sort: 0, reverse: false };

export interface SessionsViewProps {
  readonly report: Report;
  readonly width: number;
  readonly height: number;
  readonly active: boolean;
  readonly loading: boolean;
  readonly state: SessionsState;
  readonly onState: (s: SessionsState) => void;
  readonly onOpen: (saId: string) => void;
}

export function visibleSessions(report: Report, s: SessionsState): SessionRow[] {
  return sortRows(sessionRows(report).filter((r) => matches(r, s.filter)), SORTS[s.sort]!, s.reverse);
}

export function SessionsView({ report, width, height, active, loading, state, onState, onOpen }: SessionsViewProps) {
  const theme = useTheme();
  const rows = useMemo(() => visibleSessions(report, state), [report, state.filter, state.sort, state.reverse, report.ikeSas.length]);
  const sel = Math.min(state.selected, Math.max(0, rows.length - 1));
  const move = useCallback((d: number) => onState({ ...state, selected: Math.max(0, Math.min(rows.length - 1, sel + d)) }), [state, rows.length, sel, onState]);
  useWheel(move, active && !state.editing);
  useKeys((input, key) => {
    if (listMove(input, key, move, height)) return;
    if (input === '/') onState({ ...state, editing: true });
    else if (input === 's') onState({ ...state, sort: (state.sort + 1) % SORTS.length, selected: 0 });
    else if (input === 'S') onState({ ...state, reverse: !state.reverse, selected: 0 });
    else if ((key.return || key.rightArrow || input === 'l') && rows[sel]) onOpen(rows[sel]!.sa.id);
    else if ((key.escape || key.backspace || key.delete) && state.filter) onState({ ...state, filter: '', selected: 0 });
  }, { isActive: active && !state.editing });

  const wide = width >= 120;
  const columns: Column[] = [
    { title: 'IKE_SA', width: 6 },
    { title: 'peers', width: 20, grow: true },
    { title: 'client', width: wide ? 14 : 10 },
    { title: 'state', width: 11 },
    ...(wide ? [{ title: 'proposal', width: 30, grow: true }] : []),
    { title: 'CH', width: 2, align: 'right' as const },
    { title: 'ESP', width: wide ? 14 : 5, align: 'right' as const },
    { title: 'worst finding', width: wide ? 30 : 11, grow: wide },
  ];
  const cells = rows.map((r) => [
    r.sa.id, wide ? r.peers : r.hosts, r.client, r.sa.state, ...(wide ? [r.proposal] : []), String(r.children),
    wide ? `${r.espPackets} pkt ${bytesLabel(r.espBytes)}` : String(r.espPackets),
    r.worst ? `${r.worst.severity[0]!.toUpperCase()} ${r.worst.rule}` : loading ? '(loading)' : '—',
  ]);
  const colors = rows.map((r) => (r.worst ? SEVERITY_COLOR[r.worst.severity] : STATE_COLOR[r.sa.state]));
  const cur = rows[sel];
  const footer = 4;
  const sortLabel = `sort: ${SORTS[state.sort]}${state.reverse ? ' (reversed)' : ''}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box>
        {state.editing || state.filter ? (
          <TextInput
            label="filter: " value={state.filter} active={active && state.editing}
            hint={state.editing ? 'Enter keeps, Esc clears' : `${rows.length}/${report.ikeSas.length} shown, Esc clears`}
            onChange={(v) => onState({ ...state, filter: v, selected: 0 })}
            onSubmit={() => onState({ ...state, editing: false })}
            onCancel={() => onState({ ...state, editing: false, filter: '', selected: 0 })}
          />
        ) : (
          <Text dimColor wrap="truncate">{`${report.ikeSas.length} IKE_SA(s)  ${sortLabel}  / filter  s sort  Enter open`}</Text>
        )}
      </Box>
      <Table columns={columns} rows={cells} rowColor={colors} selected={sel} height={Math.max(1, height - footer - 2)} width={width}
        empty={loading ? 'no IKE_SA yet: still reading the capture' : state.filter ? `no IKE_SA matches '${state.filter}'` : 'no IKE_SA in this capture'} />
      <Box flexDirection="column" height={footer} borderStyle={undefined}>
        {cur ? (
          <>
            <Text wrap="truncate"><Text bold>{cur.sa.id}</Text>{`  SPIs ${cur.sa.ispi}/${cur.sa.rspi}  `}<Text color={theme.c(STATE_COLOR[cur.sa.state] ?? '')}>{cur.sa.state}</Text></Text>
            <Text wrap="truncate" dimColor>{cur.sa.stateReason || (loading ? 'state settles when the capture is read' : '')}</Text>
            <Text wrap="truncate">{`proposal: ${cur.proposal}`}</Text>
            <Text wrap="truncate">{cur.worst ? <Text color={theme.c(SEVERITY_COLOR[cur.worst.severity])}>{`${cur.worst.severity} ${cur.worst.rule}: ${cur.worst.title}`}</Text> : `EAP: ${cur.sa.eap ? `${cur.sa.eap.identity ?? '—'} ${cur.sa.eap.method ?? ''} ${cur.sa.eap.outcome}` : '—'}`}</Text>
          </>
        ) : null}
      </Box>
    </Box>
  );
}
