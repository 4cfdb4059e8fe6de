import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { press, waitFor } from '../../test/helpers/ink.js';
import { KeyDispatcher, useKeys } from './keys.js';

function Prompt({ log, onDone }: { log: string[]; onDone: () => void }) {
  useKeys((i) => { log.push(`prompt ${i}`); onDone(); });
  return <Text>prompt</Text>;
}

function View({ log }: { log: string[] }) {
  const [open, setOpen] = useState(false);
  const [n, setN] = useState(0);
  useKeys((i) => { log.push(`view ${i}`); if (i === 'e') setOpen(true); if (i === 'j') setN(n + 1); }, { isActive: !open });
  return open ? <Prompt log={log} onDone={() => setOpen(false)} /> : <Text>{`view ${n}`}</Text>;
}

describe('KeyDispatcher', () => {
  it('gives a key typed right after one that opened a prompt to the prompt, not the view under it', async () => {
    const log: string[] = [];
    const ui = render(<KeyDispatcher><View log={log} /></KeyDispatcher>);
    await waitFor(ui, 'view 0');
    // Two reads in a row, with no time to render in between: only the event loop turns.
    ui.stdin.write('e');
    await new Promise((r) => setImmediate(r));
    ui.stdin.write('h');
    await waitFor(ui, 'view 0');
    expect(log).toEqual(['view e', 'prompt h']);
  });

  it('hands a run of characters from one read on one at a time, each after the last rendered', async () => {
    const log: string[] = [];
    const ui = render(<KeyDispatcher><View log={log} /></KeyDispatcher>);
    await waitFor(ui, 'view 0');
    ui.stdin.write('jjj');
    await waitFor(ui, 'view 3');
    await press(ui, 'j');
    await waitFor(ui, 'view 4');
  });
});
