/** Asks which format to export an IKE_SA's report in: m Markdown, h HTML, Esc cancels. */
import { Text } from 'ink';
import { useKeys } from './keys.js';
import { useTheme } from './theme.js';

export type ExportFormat = 'md' | 'html';

export function ExportPrompt({ saId, active, onChoose, onCancel }: { saId: string; active: boolean; onChoose: (f: ExportFormat) => void; onCancel: () => void }) {
  const theme = useTheme();
  useKeys((input, key) => {
    if (input === 'm') onChoose('md');
    else if (input === 'h') onChoose('html');
    else if (key.escape || key.backspace || input === 'q') onCancel();
  }, { isActive: active });
  return <Text wrap="truncate"><Text color={theme.c('cyan')}>{`export ${saId}:`}</Text> m Markdown  h HTML  Esc cancel</Text>;
}
