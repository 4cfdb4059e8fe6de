import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { KEY, press, waitFor } from '../../test/helpers/ink.js';
import { ExportPrompt } from './export-prompt.js';
import { KeyDispatcher } from './keys.js';

describe('ExportPrompt', () => {
  it('asks for m (Markdown) or h (HTML) and cancels with Esc', async () => {
    const log: string[] = [];
    const ui = render(<KeyDispatcher><ExportPrompt saId="ike-3" active onChoose={(f) => log.push(f)} onCancel={() => log.push('cancel')} /></KeyDispatcher>);
    await waitFor(ui, 'export ike-3: m Markdown  h HTML  Esc cancel');
    await press(ui, 'x', 'm', 'h', KEY.esc);
    expect(log).toEqual(['md', 'html', 'cancel']);
  });
});
