import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { CAPTURES } from '../../test/helpers/cli.js';
import { KEY, press, waitFor } from '../../test/helpers/ink.js';
import { loaded } from '../../test/helpers/tui-report.js';
import { App } from './app.js';

const capture = (name: string) => join(CAPTURES, `${name}.pcap`);
const keys = (name: string) => join(CAPTURES, `${name}.gateway.log`);
const loadedLine = /loaded 100%/;

describe('App', () => {
  it('loads, opens a session with Enter, goes back with Esc, shows findings with 2 and help with ?', async () => {
    const name = 'gw-ike-rekey-modp2048-first';
    const ui = render(<App path={capture(name)} keyFiles={[keys(name)]} assumeClient="windows-10" width={80} height={24} />);
    let f = await waitFor(ui, loadedLine, 15000);
    expect(f).toMatch(/30 frames, 2 IKE_SA\(s\), 2 decrypted/);
    expect(f.split('\n').length).toBe(24);
    for (const l of f.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    await press(ui, KEY.enter);
    f = await waitFor(ui, 'pane: messages');
    expect(f).toContain('sessions▸session');
    await press(ui, KEY.esc);
    await waitFor(ui, 'sort: capture order');
    await press(ui, '2');
    f = await waitFor(ui, 'ERROR (1)');
    expect(f).toContain('findings 9');
    await press(ui, '?');
    await waitFor(ui, 'Esc or ? closes');
    await press(ui, KEY.esc, '3');
    await waitFor(ui, 'key files');
    await press(ui, '1');
    await waitFor(ui, 'sort: capture order');
    await press(ui, 'K');
    await waitFor(ui, 'key files');
    await press(ui, KEY.backspace);
    await waitFor(ui, 'sort: capture order');
  });

  it('jumps from a finding\'s evidence frame to its message in the session view', async () => {
    const name = 'gw-ike-rekey-modp2048-first';
    const ui = render(<App path={capture(name)} keyFiles={[keys(name)]} assumeClient="windows-10" width={100} height={30} />);
    await waitFor(ui, loadedLine, 15000);
    await press(ui, 'F');
    const f = await waitFor(ui, /evidence frames: \[(\d+)\]/);
    const frame = /evidence frames: \[(\d+)\]/.exec(f)![1]!;
    await press(ui, KEY.enter);
    const g = await waitFor(ui, 'pane: messages');
    expect(g).toMatch(new RegExp(`^› +${frame} `, 'm'));
  });

  it('types keys that arrive in one read one at a time, and the mouse wheel moves the selection', async () => {
    const name = 'child-rekey';
    const ui = render(<App path={capture(name)} keyFiles={[keys(name)]} width={80} height={24} />);
    await waitFor(ui, loadedLine, 15000);
    await press(ui, KEY.enter);
    await waitFor(ui, 'pane: messages');
    ui.stdin.write('jjj');
    // child-rekey's messages are frames 3, 4, 5, 6, …: three rows down is frame 6.
    await waitFor(ui, /^› +6 +0\.\d+ I←R +IKE_AUTH/m);
    await press(ui, KEY.wheelUp);
    await waitFor(ui, /^› +5 +0\.\d+ I→R +IKE_AUTH/m);
    await press(ui, KEY.wheelDown, KEY.wheelDown);
    await waitFor(ui, /^› +7 +0\.\d+ I→R +IKE_AUTH/m);
  });

  it('adds a key file in the keys view and shows the decrypted content', async () => {
    const name = 'aes-gcm';
    const ui = render(<App path={capture(name)} width={100} height={30} />);
    await waitFor(ui, /loaded 100% .* 0 decrypted/, 15000);
    await press(ui, KEY.enter);
    await waitFor(ui, 'pane: messages');
    await press(ui, 'j', 'j', KEY.tab, 'j', KEY.enter);
    await waitFor(ui, 'not decrypted: no keys');
    await press(ui, '3');
    await waitFor(ui, '0 of 1 IKE_SA(s) decrypted');
    await press(ui, 'a', keys(name), KEY.enter);
    let f = await waitFor(ui, /loaded 100% .* 1 decrypted/, 15000);
    expect(f).toContain('1 of 1 IKE_SA(s) decrypted');
    await press(ui, '1', KEY.enter, 'j', 'j');
    f = await waitFor(ui, 'decrypted (integrity verified)');
    expect(f).toMatch(/SK\{IDi/);
    await press(ui, '3', 'a', '/no/such/file', KEY.enter);
    await waitFor(ui, 'not added: ');
  });

  it('copies a finding as Markdown through OSC 52 and exports the session report', async () => {
    const name = 'gw-ike-rekey-modp2048-first';
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-tui-'));
    const sent: string[] = [];
    const ui = render(<App path={capture(name)} keyFiles={[keys(name)]} assumeClient="windows-10" width={100} height={30} exportDir={dir} clipboard={(s) => sent.push(s)} />);
    await waitFor(ui, loadedLine, 15000);
    await press(ui, '2', 'y');
    await waitFor(ui, 'copied windows/rekey-dh-group as Markdown');
    expect(sent.length).toBe(1);
    const m = /^\x1b\]52;c;([A-Za-z0-9+/=]+)\x07$/.exec(sent[0]!);
    expect(m).not.toBeNull();
    const md = Buffer.from(m![1]!, 'base64').toString('utf8');
    expect(md).toMatch(/^### 1\. .* `windows\/rekey-dh-group` — /);
    expect(md).toContain('**Fix:**');
    await press(ui, 'e', 'm');
    const f = await waitFor(ui, /wrote .*-ike-1\.md/);
    const path = /wrote (\S+)/.exec(f)![1]!;
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('ike-1');
    expect(text).toContain('windows/rekey-dh-group');
    // Only ike-1's findings: as many sections as the model has for it.
    const { snapshot } = await loaded(name, { assumeClient: 'windows-10' });
    const own = snapshot.report.findings.filter((x) => x.ikeSa === 'ike-1').length;
    expect(own).toBeLessThan(snapshot.report.findings.length);
    expect(text.match(/^### \d+\. /gm)?.length).toBe(own);
    await press(ui, 'e', 'h');
    await waitFor(ui, /wrote .*-ike-1\.html/);
    expect(readFileSync(join(dir, `${name}-ike-1.html`), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('applies --redact to every view: no address, no identity', async () => {
    const name = 'eap-mschapv2-ping';
    const ui = render(<App path={capture(name)} keyFiles={[keys(name)]} redact width={120} height={40} />);
    let f = await waitFor(ui, loadedLine, 15000);
    expect(f).toContain('(redacted)');
    expect(f).not.toMatch(/198\.51\.100\.\d/);
    expect(f).toMatch(/ip-1:500 → ip-2:500/);
    await press(ui, KEY.enter, 'j', 'j', KEY.tab, '+');
    f = await waitFor(ui, 'decrypted (integrity verified)');
    expect(f).not.toMatch(/198\.51\.100\.\d/);
    expect(f).not.toContain('alice');
    await press(ui, KEY.esc, KEY.esc, 'j');
  });

  it('quits with q', async () => {
    const ui = render(<App path={capture('nat-t')} width={80} height={24} />);
    await waitFor(ui, loadedLine, 15000);
    await press(ui, 'q', '2');
    await new Promise((r) => setTimeout(r, 100));
    expect(ui.lastFrame()).not.toContain('finding(s)');
  });
});
