/**
 * Bytes in hex and ASCII, 16 or 8 to a row by width, with the selected field's bytes
 * highlighted (inverse, and `[`…`]` around them so a text dump shows them too). Masked ranges
 * (--redact: identities, certificates, addresses) show as `··`.
 */
import { Box, Text } from 'ink';
import { fit, useTheme } from './theme.js';

export interface HexPaneProps {
  readonly bytes: Uint8Array | undefined;
  readonly highlight?: { start: number; end: number };
  readonly masked?: ReadonlyArray<{ start: number; end: number }>;
  /** First row shown; by default the row of the highlight's start. */
  readonly scroll?: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly title: string;
}

/** 16 bytes need 70 columns (offset, hex with gaps, ASCII). */
export const bytesPerRow = (width: number): number => (width >= 70 ? 16 : 8);

export function hexRows(bytes: Uint8Array, perRow: number, masked: ReadonlyArray<{ start: number; end: number }> = []): Array<{ offset: number; hex: string[]; ascii: string[] }> {
  const hidden = (i: number) => masked.some((m) => i >= m.start && i < m.end);
  const out = [];
  for (let o = 0; o < bytes.length; o += perRow) {
    const hex: string[] = [];
    const ascii: string[] = [];
    for (let i = o; i < Math.min(bytes.length, o + perRow); i++) {
      const b = bytes[i]!;
      if (hidden(i)) { hex.push('··'); ascii.push('·'); continue; }
      hex.push(b.toString(16).padStart(2, '0'));
      ascii.push(b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');
    }
    out.push({ offset: o, hex, ascii });
  }
  return out;
}

export function HexPane({ bytes, highlight, masked, scroll, width, height, focused, title }: HexPaneProps) {
  const theme = useTheme();
  const perRow = bytesPerRow(width);
  const rows = bytes ? hexRows(bytes, perRow, masked) : [];
  const body = height - 1;
  const auto = highlight ? Math.floor(highlight.start / perRow) : 0;
  const start = Math.max(0, Math.min(Math.max(0, rows.length - body), scroll ?? auto));
  const inside = (i: number) => highlight !== undefined && i >= highlight.start && i < highlight.end;
  const range = highlight ? ` bytes ${highlight.start}-${highlight.end - 1} (${highlight.end - highlight.start})` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">{fit(`${focused ? '▶ ' : '  '}${title}${range}`, width)}</Text>
      {!bytes ? <Text dimColor>  (no bytes)</Text> : null}
      {rows.slice(start, start + body).map((r) => (
        <Text key={r.offset} wrap="truncate">
          <Text dimColor>{r.offset.toString(16).padStart(4, '0')} </Text>
          {r.hex.map((h, k) => {
            const i = r.offset + k;
            const on = inside(i);
            // The gap before a byte opens or closes the highlighted run.
            const gap = on && !inside(i - 1) ? '[' : !on && inside(i - 1) && k > 0 ? ']' : ' ';
            return <Text key={k}>{gap}<Text inverse={on} color={on ? theme.c('yellow') : undefined}>{h}</Text></Text>;
          })}
          <Text>{inside(r.offset + r.hex.length - 1) && !inside(r.offset + r.hex.length) ? ']' : ' '}</Text>
          <Text>{' '.repeat((perRow - r.hex.length) * 3)}</Text>
          {r.ascii.map((a, k) => <Text key={k} inverse={inside(r.offset + k)}>{a}</Text>)}
        </Text>
      ))}
    </Box>
  );
}
