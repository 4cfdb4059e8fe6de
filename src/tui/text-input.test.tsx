import { render as renderInk } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { KEY, press, waitFor } from '../../test/helpers/ink.js';
import { KeyDispatcher } from './keys.js';

const render = (el: ReactElement) => renderInk(<KeyDispatcher>{el}</KeyDispatcher>);
import { TextInput } from './text-input.js';

function Field({ log }: { log: string[] }) {
  const [v, setV] = useState('');
  return <TextInput label="filter: " value={v} active onChange={setV} onSubmit={(x) => log.push(`submit ${x}`)} onCancel={() => log.push('cancel')} />;
}

describe('TextInput', () => {
  it('adds typed characters, deletes with Backspace, submits with Enter and cancels with Esc', async () => {
    const log: string[] = [];
    const ui = render(<Field log={log} />);
    await press(ui, 'ike', '-', '2');
    await waitFor(ui, 'filter: ike-2');
    await press(ui, KEY.backspace);
    await waitFor(ui, (f) => f.includes('filter: ike-') && !f.includes('ike-2'));
    await press(ui, '1', KEY.enter);
    expect(log).toEqual(['submit ike-1']);
    await press(ui, KEY.esc);
    expect(log).toEqual(['submit ike-1', 'cancel']);
  });
});
