import { render as renderInk } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { KEY, press, waitFor } from '../../test/helpers/ink.js';
import { HelpView, helpLines } from './help-view.js';
import { KEYMAP } from './keymap.js';
import { KeyDispatcher } from './keys.js';

const render = (el: ReactElement) => renderInk(<KeyDispatcher>{el}</KeyDispatcher>);

describe('HelpView', () => {
  it('lists every binding of the key map, by view', async () => {
    const ui = render(<HelpView width={120} height={80} active onClose={() => undefined} />);
    const f = await waitFor(ui, 'Keys');
    for (const g of KEYMAP) {
      expect(f).toMatch(new RegExp(`^${g.view}$`, 'm'));
      for (const b of g.bindings) expect(f).toContain(`${b.keys.trim().padEnd(18)} ${b.what}`);
    }
  });

  it('scrolls when the screen is short and closes with Esc or ?', async () => {
    let closed = 0;
    const ui = render(<HelpView width={80} height={10} active onClose={() => closed++} />);
    const f = await waitFor(ui, `1-9/${helpLines().length}`);
    expect(f).toContain('everywhere');
    await press(ui, 'j', KEY.down);
    await waitFor(ui, `3-11/${helpLines().length}`);
    await press(ui, KEY.pageDown);
    await waitFor(ui, `12-20/`);
    await press(ui, KEY.esc, '?');
    expect(closed).toBe(2);
  });
});
