/** `?`: every key, by view, from the one key map (keymap.ts); ↑↓ scroll, Esc or ? closes. */
import { Box, Text } from 'ink';
import { useKeys } from './keys.js';
import { useState } from 'react';
import { KEYMAP } from './keymap.js';
import { LEGEND } from './timeline.js';
import { fit } from './theme.js';

export function helpLines(): Array<{ text: string; heading?: boolean }> {
  const out: Array<{ text: string; heading?: boolean }> = [];
  for (const g of KEYMAP) {
    out.push({ text: g.view, heading: true });
    for (const b of g.bindings) out.push({ text: `  ${b.keys.trim().padEnd(18)} ${b.what}` });
  }
  out.push({ text: 'timeline', heading: true }, { text: `  ${LEGEND}` });
  return out;
}

export function HelpView({ width, height, active, onClose }: { width: number; height: number; active: boolean; onClose: () => void }) {
  const lines = helpLines();
  const [top, setTop] = useState(0);
  const body = height - 1;
  const max = Math.max(0, lines.length - body);
  useKeys((input, key) => {
    if (key.escape || key.backspace || key.delete || input === '?' || input === 'q') onClose();
    else if (key.downArrow || input === 'j') setTop((t) => Math.min(max, t + 1));
    else if (key.upArrow || input === 'k') setTop((t) => Math.max(0, t - 1));
    else if (key.pageDown || input === ' ') setTop((t) => Math.min(max, t + body));
    else if (key.pageUp) setTop((t) => Math.max(0, t - body));
  }, { isActive: active });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">{fit(`Keys${max ? `  (↑↓ scroll, ${top + 1}-${Math.min(lines.length, top + body)}/${lines.length})` : ''}  Esc or ? closes`, width)}</Text>
      {lines.slice(top, top + body).map((l, i) => <Text key={i} bold={l.heading} wrap="truncate">{l.text}</Text>)}
    </Box>
  );
}
