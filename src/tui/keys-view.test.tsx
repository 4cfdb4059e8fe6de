import { render as renderInk } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../analysis/model.js';
import { KEY, press, waitFor } from '../../test/helpers/ink.js';
import { loaded } from '../../test/helpers/tui-report.js';
import { KeyDispatcher } from './keys.js';
import { KeysView } from './keys-view.js';

const render = (el: ReactElement) => renderInk(<KeyDispatcher>{el}</KeyDispatcher>);

let open: Report;
let closed: Report;
let keyFile: string;
beforeAll(async () => {
  ({ snapshot: { report: open }, keyFile } = await loaded('aes-gcm'));
  closed = (await loaded('aes-gcm', { keys: false })).snapshot.report;
});

describe('KeysView', () => {
  it('lists the key files and which IKE_SAs they opened', async () => {
    const ui = render(<KeysView report={open} files={[keyFile]} problems={['row 3: bad']} width={100} height={20} active loading={false} onAdd={() => undefined} onBack={() => undefined} onTextMode={() => undefined} />);
    const f = await waitFor(ui, 'key files');
    expect(f).toContain(keyFile);
    expect(f).toContain('! row 3: bad');
    expect(f).toContain(`1 of 1 IKE_SA(s) decrypted, ${open.keys.childSasDecrypted} CHILD_SA(s) with ESP decrypted`);
    expect(f).toMatch(new RegExp(`ike-1 +${open.ikeSas[0]!.ispi}/${open.ikeSas[0]!.rspi} +decrypted`));
  });

  it('adds a key file: a types the path, Enter hands it over, Esc leaves the field or the view', async () => {
    const added: string[] = [];
    const modes: boolean[] = [];
    let back = 0;
    const ui = render(<KeysView report={closed} files={[]} problems={[]} width={100} height={20} active loading={false} onAdd={(p) => added.push(p)} onBack={() => back++} onTextMode={(on) => modes.push(on)} />);
    let f = await waitFor(ui, 'none: encrypted payloads and ESP stay closed');
    expect(f).toMatch(/ike-1 .* closed/);
    await press(ui, 'a');
    await waitFor(ui, 'key file: ');
    await press(ui, 'keys.log');
    await waitFor(ui, 'key file: keys.log');
    await press(ui, KEY.enter);
    expect(added).toEqual(['keys.log']);
    await press(ui, 'a', 'x', KEY.esc);
    f = await waitFor(ui, 'a add a key file');
    expect(added).toEqual(['keys.log']);
    expect(back).toBe(0);
    await press(ui, KEY.esc);
    expect(back).toBe(1);
    expect(modes).toEqual([true, false, true, false]);
  });
});
