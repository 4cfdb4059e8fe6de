/**
 * A small table: a header, rows cut to their columns, the selected row marked `›` and inverse,
 * and a window that scrolls to keep the selection in view. One column may grow into the width
 * the others leave.
 */
import { Box, Text } from 'ink';
import { fit, useTheme } from './theme.js';

export interface Column {
  readonly title: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
  /** Takes the width the fixed columns leave (at least `width`). */
  readonly grow?: boolean;
}

export interface TableProps {
  readonly columns: readonly Column[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Colour per row (e.g. by severity or state), or undefined. */
  readonly rowColor?: ReadonlyArray<string | undefined>;
  readonly selected: number;
  /** Rows of data shown (the header is one more). */
  readonly height: number;
  readonly width: number;
  readonly focused?: boolean;
  readonly empty?: string;
}

/** Column widths for `width` columns of screen, separators included. */
export function layout(columns: readonly Column[], width: number): number[] {
  const fixed = columns.reduce((n, c) => n + (c.grow ? 0 : c.width), 0) + (columns.length - 1) + 2;
  const growers = columns.filter((c) => c.grow).length;
  const spare = Math.max(0, width - fixed);
  return columns.map((c) => (c.grow ? Math.max(c.width, Math.floor(spare / Math.max(1, growers))) : c.width));
}

/** First row shown so that `selected` stays in a window of `height` rows. */
export function windowStart(selected: number, count: number, height: number): number {
  if (count <= height) return 0;
  return Math.max(0, Math.min(count - height, selected - Math.floor(height / 2)));
}

export function Table({ columns, rows, rowColor, selected, height, width, focused = true, empty = '(nothing)' }: TableProps) {
  const theme = useTheme();
  const widths = layout(columns, width);
  const line = (cells: readonly string[]) => cells.map((s, i) => fit(s, widths[i]!, columns[i]!.align)).join(' ');
  const start = windowStart(selected, rows.length, height);
  const shown = rows.slice(start, start + height);
  const more = rows.length > height ? ` ${start + 1}-${start + shown.length}/${rows.length}` : '';
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Text bold wrap="truncate">{fit('  ' + line(columns.map((c) => c.title)), width - more.length)}<Text dimColor>{more}</Text></Text>
      {shown.length === 0 ? <Text dimColor>  {empty}</Text> : null}
      {shown.map((r, i) => {
        const idx = start + i;
        const sel = idx === selected;
        return (
          <Text key={idx} wrap="truncate" inverse={sel && focused} color={theme.c(rowColor?.[idx] ?? '') || undefined}>
            {fit(`${sel ? '›' : ' '} ${line(r)}`, width)}
          </Text>
        );
      })}
    </Box>
  );
}
