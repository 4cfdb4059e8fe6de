/**
 * One IKE_SA: a header, its timeline, the message list, and for the selected message the
 * payload tree (outer and decrypted payloads, expandable) beside a hex pane that highlights the
 * bytes of the selected tree node. Tab moves between the panes.
 */
import { Box, Text } from 'ink';
import { listMove, useKeys } from './keys.js';
import { useCallback, useMemo, useState } from 'react';
import type { IkeSaRecord, Report } from '../analysis/model.js';
import { clientLabel, proposalLabel } from '../report/common.js';
import { ExportPrompt, type ExportFormat } from './export-prompt.js';
import { defaultExpanded, frameTree, visibleRows, type TreeNode } from './frame-tree.js';
import { bytesPerRow, HexPane } from './hex-pane.js';
import type { DetailStore } from './loader.js';
import { MessageList } from './message-list.js';
import { PayloadTree } from './payload-tree.js';
import { STATE_COLOR, useTheme } from './theme.js';
import { Timeline } from './timeline.js';
import { useWheel } from './wheel.js';

export type Pane = 'messages' | 'tree' | 'hex';
const PANES: readonly Pane[] = ['messages', 'tree', 'hex'];

/** Payload types whose bytes name people or networks: masked in the hex pane under --redact. */
const SENSITIVE = new Set([35, 36, 37, 38, 41, 44, 45, 47, 48]);

export interface SessionViewProps {
  readonly report: Report;
  readonly sa: IkeSaRecord;
  readonly details: DetailStore;
  readonly width: number;
  readonly height: number;
  readonly active: boolean;
  /** Select the message carrying this frame (or the last one before it) on opening. */
  readonly frame?: number;
  readonly text?: (s: string) => string;
  readonly redact?: boolean;
  readonly onBack: () => void;
  readonly onExport: (saId: string, f: ExportFormat) => void;
}

export function messageIndexFor(sa: IkeSaRecord, frame: number | undefined): number {
  if (frame === undefined) return 0;
  const exact = sa.messages.findIndex((m) => m.frames.includes(frame));
  if (exact >= 0) return exact;
  let best = 0;
  sa.messages.forEach((m, i) => { if (m.frames[0]! <= frame) best = i; });
  return best;
}

function allIds(nodes: readonly TreeNode[], out = new Set<string>()): Set<string> {
  for (const n of nodes) if (n.children.length) { out.add(n.id); allIds(n.children, out); }
  return out;
}

function maskedSpans(nodes: readonly TreeNode[], source: 'message' | 'plaintext', out: Array<{ start: number; end: number }> = []) {
  for (const n of nodes) {
    if (n.payloadType !== undefined && SENSITIVE.has(n.payloadType) && n.span?.source === source) out.push({ start: n.span.start, end: n.span.end });
    maskedSpans(n.children, source, out);
  }
  return out;
}

export function SessionView({ report, sa, details, width, height, active, frame, text = (s) => s, redact = false, onBack, onExport }: SessionViewProps) {
  const theme = useTheme();
  const [msg, setMsg] = useState(() => messageIndexFor(sa, frame));
  const [pane, setPane] = useState<Pane>('messages');
  const [treeSel, setTreeSel] = useState(0);
  const [hexScroll, setHexScroll] = useState<number | undefined>(undefined);
  const [exporting, setExporting] = useState(false);
  const message = sa.messages[Math.min(msg, sa.messages.length - 1)];
  const detail = message ? details.forMessage(message.frames) : undefined;
  const nodes = useMemo(() => (detail ? frameTree(detail, text) : []), [detail, text]);
  const [expanded, setExpanded] = useState<Set<string>>(() => defaultExpanded(nodes));
  const rows = useMemo(() => visibleRows(nodes, expanded), [nodes, expanded]);
  const node = rows[Math.min(treeSel, rows.length - 1)]?.node;
  const span = node?.span;
  const source = span?.source ?? 'message';
  const bytes = source === 'plaintext' ? detail?.inner?.plaintext : detail?.bytes;
  const masked = useMemo(() => (redact ? maskedSpans(nodes, source) : []), [redact, nodes, source]);

  const wide = width >= 150;
  const hexWidth = wide ? 72 : Math.floor(width / 2);

  const selectMessage = useCallback((i: number) => {
    const n = Math.max(0, Math.min(sa.messages.length - 1, i));
    setMsg(n);
    const d = sa.messages[n] ? details.forMessage(sa.messages[n]!.frames) : undefined;
    setExpanded(defaultExpanded(d ? frameTree(d, text) : []));
    setTreeSel(0);
    setHexScroll(undefined);
  }, [sa, details, text]);

  const move = useCallback((d: number) => {
    if (pane === 'messages') selectMessage(msg + d);
    else if (pane === 'tree') { setTreeSel((s) => Math.max(0, Math.min(rows.length - 1, s + d))); setHexScroll(undefined); }
    else setHexScroll((s) => Math.max(0, (s ?? (span ? Math.floor(span.start / bytesPerRow(hexWidth)) : 0)) + d));
  }, [pane, msg, rows.length, selectMessage, span, hexWidth]);
  useWheel(move, active && !exporting);

  useKeys((input, key) => {
    if (key.tab) { setPane(PANES[(PANES.indexOf(pane) + (key.shift ? 2 : 1)) % 3]!); return; }
    if (listMove(input, key, move)) return;
    if (input === 'e') setExporting(true);
    else if (key.escape || key.backspace || key.delete) { if (pane === 'messages') onBack(); else setPane('messages'); }
    else if (pane === 'messages' && (key.return || key.rightArrow || input === 'l')) setPane('tree');
    else if (pane === 'messages' && (key.leftArrow || input === 'h')) onBack();
    else if (pane === 'tree' && node) {
      if (key.return || key.rightArrow || input === 'l') {
        if (node.children.length && !expanded.has(node.id)) setExpanded(new Set([...expanded, node.id]));
        else if (node.children.length) setTreeSel(treeSel + 1);
      } else if (key.leftArrow || input === 'h') {
        if (expanded.has(node.id)) { const e = new Set(expanded); e.delete(node.id); setExpanded(e); }
        else {
          const depth = rows[treeSel]!.depth;
          for (let i = treeSel - 1; i >= 0; i--) if (rows[i]!.depth < depth) { setTreeSel(i); break; }
        }
      } else if (input === '+') setExpanded(allIds(nodes));
      else if (input === '-') { setExpanded(new Set()); setTreeSel(0); }
    }
  }, { isActive: active && !exporting });

  const tlHeight = Math.min(wide ? 10 : height >= 30 ? 8 : 5, 2 + sa.childSas.length + (report.findings.some((f) => f.ikeSa === sa.id) ? 1 : 0));
  const listHeight = Math.max(3, Math.floor((height - 3 - tlHeight) * (wide ? 0.35 : 0.4)));
  const detailHeight = Math.max(4, height - 3 - tlHeight - listHeight - 1);
  const treeWidth = width - hexWidth - 1;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold>{sa.id}</Text>{text(`  ${sa.initiator.ip}:${sa.initiator.port} → ${sa.responder.ip}:${sa.responder.port}  `)}
        <Text color={theme.c(STATE_COLOR[sa.state] ?? '')}>{sa.state}</Text>{`  ${clientLabel(sa)}  ${proposalLabel(sa.proposal)}`}
      </Text>
      <Timeline report={report} sa={sa} width={width} height={tlHeight} />
      <MessageList sa={sa} selected={msg} width={width} height={listHeight} focused={pane === 'messages'} text={text} />
      <Box height={detailHeight}>
        <PayloadTree rows={rows} selected={Math.min(treeSel, Math.max(0, rows.length - 1))} width={treeWidth} height={detailHeight} focused={pane === 'tree'}
          title={message ? `payloads of frame ${detail?.frame ?? message.frames[0]}` : 'payloads'} />
        <Box width={1} />
        <HexPane bytes={bytes} highlight={span ? { start: span.start, end: span.end } : undefined} masked={masked} scroll={hexScroll}
          width={hexWidth} height={detailHeight} focused={pane === 'hex'} title={source === 'plaintext' ? 'decrypted' : 'message'} />
      </Box>
      {exporting
        ? <ExportPrompt saId={sa.id} active={active} onChoose={(f) => { setExporting(false); onExport(sa.id, f); }} onCancel={() => setExporting(false)} />
        : <Text dimColor wrap="truncate">{`pane: ${pane}  Tab next pane  Enter/→ open  ←/h close  +/- all  e export  Esc back`}</Text>}
    </Box>
  );
}
