/** The loading line: a bar with percent, MB, frames, IKE_SAs and keys matched, while the capture streams. */
import { Box, Text } from 'ink';
import type { LoadProgress } from './loader.js';
import { bytesLabel } from './session-rows.js';
import { useTheme } from './theme.js';

export function progressText(p: LoadProgress, done: boolean): string {
  const pct = done ? 100 : p.total > 0 ? Math.min(100, (100 * p.bytes) / p.total) : 0;
  const mb = `${bytesLabel(p.bytes)} of ${bytesLabel(p.total)}`;
  return `${pct.toFixed(0).padStart(3)}% ${mb}, ${p.frames} frames, ${p.ikeSas} IKE_SA(s), ${p.keysMatched} decrypted`;
}

export function ProgressBar({ progress, done, width }: { progress: LoadProgress; done: boolean; width: number }) {
  const theme = useTheme();
  const text = `${done ? 'loaded' : 'loading'} ${progressText(progress, done)}`;
  const barWidth = Math.max(6, Math.min(40, width - text.length - 2));
  const pct = done ? 1 : progress.total > 0 ? Math.min(1, progress.bytes / progress.total) : 0;
  const filled = Math.round(pct * barWidth);
  return (
    <Box width={width}>
      <Text wrap="truncate">
        <Text color={theme.c(done ? 'green' : 'cyan')}>{'█'.repeat(filled)}</Text>
        <Text dimColor>{'░'.repeat(barWidth - filled)}</Text>
        {' '}{text}
      </Text>
    </Box>
  );
}
