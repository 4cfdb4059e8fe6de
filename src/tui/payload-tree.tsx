/** The payload tree of the selected message: outer payloads and, under SK/SKF, the decrypted ones; ▸ collapsed, ▾ expanded. */
import { Box, Text } from 'ink';
import type { TreeRow } from './frame-tree.js';
import { windowStart } from './table.js';
import { fit } from './theme.js';

export interface PayloadTreeProps {
  readonly rows: readonly TreeRow[];
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly title?: string;
}

export function PayloadTree({ rows, selected, width, height, focused, title = 'payloads' }: PayloadTreeProps) {
  const start = windowStart(selected, rows.length, height - 1);
  const shown = rows.slice(start, start + height - 1);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">{fit(`${focused ? '▶ ' : '  '}${title}${rows.length > height - 1 ? ` ${start + 1}-${start + shown.length}/${rows.length}` : ''}`, width)}</Text>
      {shown.length === 0 ? <Text dimColor>  (no message selected)</Text> : null}
      {shown.map((r, i) => {
        const idx = start + i;
        const sel = idx === selected;
        const mark = r.node.children.length ? (r.expanded ? '▾' : '▸') : ' ';
        return (
          <Text key={r.node.id} inverse={sel && focused} wrap="truncate">
            {fit(`${sel ? '›' : ' '} ${'  '.repeat(r.depth)}${mark} ${r.node.label}`, width)}
          </Text>
        );
      })}
    </Box>
  );
}
