/** The messages of an IKE_SA: frame, time, direction arrow, exchange, MID, payloads (decrypted ones in braces), retransmission mark. */
import type { IkeSaRecord, MessageRecord } from '../analysis/model.js';
import { Table, type Column } from './table.js';

export interface MessageListProps {
  readonly sa: IkeSaRecord;
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  /** Applied to the payload text (redaction). */
  readonly text?: (s: string) => string;
}

export function messageCells(m: MessageRecord): string[] {
  const frames = m.frames.length > 1 ? `${m.frames[0]}+${m.frames.length - 1}` : String(m.frames[0]);
  const payloads = m.inner ? m.payloads.map((p) => (p === 'SK' || p === 'SKF' ? `${p}{${m.inner!.join(' ')}}` : p)) : m.payloads;
  return [
    frames, m.ts.toFixed(3), `${m.fromInitiator ? 'I→R' : 'I←R'}${m.retransmission ? '↺' : ' '}`,
    m.exchange, String(m.mid), m.response ? 'resp' : 'req', payloads.join(' '),
  ];
}

export function MessageList({ sa, selected, width, height, focused, text = (s) => s }: MessageListProps) {
  const columns: Column[] = [
    { title: 'frame', width: 6, align: 'right' }, { title: 'time', width: 8, align: 'right' }, { title: 'dir', width: 4 },
    { title: 'exchange', width: 15 }, { title: 'MID', width: 3, align: 'right' }, { title: 'r/r', width: 4 }, { title: 'payloads', width: 10, grow: true },
  ];
  const rows = sa.messages.map((m) => messageCells(m).map(text));
  const colors = sa.messages.map((m) => (m.retransmission ? 'yellow' : m.fromInitiator ? undefined : 'cyan'));
  return <Table columns={columns} rows={rows} rowColor={colors} selected={selected} height={height} width={width} focused={focused} empty="no messages" />;
}
