/** A one-line text field: printable keys add, Backspace deletes, Enter submits, Esc cancels. */
import { Text } from 'ink';
import { useKeys } from './keys.js';
import { useTheme } from './theme.js';

export interface TextInputProps {
  readonly label: string;
  readonly value: string;
  readonly active: boolean;
  readonly onChange: (v: string) => void;
  readonly onSubmit: (v: string) => void;
  readonly onCancel: () => void;
  readonly hint?: string;
}

export function TextInput({ label, value, active, onChange, onSubmit, onCancel, hint }: TextInputProps) {
  const theme = useTheme();
  useKeys((input, key) => {
    if (key.return) onSubmit(value);
    else if (key.escape) onCancel();
    else if (key.backspace || key.delete) onChange(value.slice(0, -1));
    else if (input && !key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !/[\x00-\x1f]/.test(input)) onChange(value + input);
  }, { isActive: active });
  return (
    <Text wrap="truncate">
      <Text color={theme.c('cyan')}>{label}</Text>{value}{active ? <Text inverse> </Text> : null}
      {hint ? <Text dimColor>  {hint}</Text> : null}
    </Text>
  );
}
