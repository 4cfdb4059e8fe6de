/** The top line: the capture, the views with their numbers (the current one inverse) and the help and quit keys. */
import { Box, Text } from 'ink';
import { basename } from 'node:path';

export type ViewName = 'sessions' | 'session' | 'findings' | 'keys';

export function TitleBar({ path, view, findings, width, redacted }: { path: string; view: ViewName; findings: number; width: number; redacted: boolean }) {
  const tab = (n: string, label: string, on: boolean) => <Text inverse={on}>{` ${n} ${label} `}</Text>;
  return (
    <Box width={width}>
      <Text wrap="truncate">
        {tab('1', view === 'session' ? 'sessions▸session' : 'sessions', view === 'sessions' || view === 'session')}
        {tab('2', `findings ${findings}`, view === 'findings')}
        {tab('3', 'keys', view === 'keys')}
        <Text dimColor> ?help q quit </Text>
        <Text bold>{basename(path)}</Text>{redacted ? ' (redacted)' : ''}
      </Text>
    </Box>
  );
}
