/**
 * The key files in use and what they opened (IKE_SAs decrypted, per IKE_SA yes/no), problems
 * met while reading them, and `a` to add a file without leaving the UI: the capture is read
 * again with all the keys and every view updates with the decrypted content.
 */
import { Box, Text } from 'ink';
import { useKeys } from './keys.js';
import { useState } from 'react';
import type { Report } from '../analysis/model.js';
import { TextInput } from './text-input.js';
import { fit, useTheme } from './theme.js';

export interface KeysViewProps {
  readonly report: Report;
  readonly files: readonly string[];
  readonly problems: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly active: boolean;
  readonly loading: boolean;
  readonly onAdd: (path: string) => void;
  readonly onBack: () => void;
  /** The path field takes every key while it is open. */
  readonly onTextMode: (on: boolean) => void;
  readonly text?: (s: string) => string;
}

export function KeysView({ report, files, problems, width, height, active, loading, onAdd, onBack, onTextMode, text = (s) => s }: KeysViewProps) {
  const theme = useTheme();
  const [editing, setEditing] = useState(false);
  const [path, setPath] = useState('');
  const edit = (on: boolean) => { setEditing(on); onTextMode(on); };
  useKeys((input, key) => {
    if (input === 'a') { setPath(''); edit(true); }
    else if (key.escape || key.backspace || key.delete) onBack();
  }, { isActive: active && !editing });
  const sas = report.ikeSas;
  const list = sas.slice(0, Math.max(0, height - 8 - files.length - problems.length));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>key files</Text>
      {files.length === 0 ? <Text dimColor>  none: encrypted payloads and ESP stay closed. Press a to add one.</Text> : null}
      {files.map((f, i) => <Text key={i} wrap="truncate">{fit(`  ${text(f)}`, width)}</Text>)}
      {problems.map((p, i) => <Text key={`p${i}`} wrap="truncate" color={theme.c('yellow')}>{`  ! ${text(p)}`}</Text>)}
      <Text>{' '}</Text>
      <Text wrap="truncate">{`${loading ? 'so far: ' : ''}${report.keys.ikeSasDecrypted} of ${sas.length} IKE_SA(s) decrypted${loading ? '' : `, ${report.keys.childSasDecrypted} CHILD_SA(s) with ESP decrypted`}`}</Text>
      {list.map((sa) => (
        <Text key={sa.id} wrap="truncate">
          {`  ${sa.id.padEnd(7)} ${sa.ispi}/${sa.rspi}  `}
          <Text color={theme.c(sa.decrypted ? 'green' : 'yellow')}>{sa.decrypted ? 'decrypted' : 'closed'}</Text>
        </Text>
      ))}
      {list.length < sas.length ? <Text dimColor>{`  … ${sas.length - list.length} more`}</Text> : null}
      <Box flexGrow={1} />
      {editing ? (
        <TextInput label="key file: " value={path} active={active} hint="Enter loads, Esc cancels"
          onChange={setPath} onSubmit={(v) => { edit(false); if (v.trim()) onAdd(v.trim()); }} onCancel={() => edit(false)} />
      ) : <Text dimColor>a add a key file (Wireshark ikev2_decryption_table or esp_sa, charon log, save-keys, JSON)  Esc back</Text>}
    </Box>
  );
}
