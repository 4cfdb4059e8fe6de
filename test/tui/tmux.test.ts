/**
 * The TUI end to end, in a real terminal: `node dist/cli/main.js tui` on a shipped capture with
 * its keys inside tmux at 80×24 and 200×50, keys sent as a user types them, the screen read back
 * with capture-pane after each step. Every wait polls the screen for the expected content.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TmuxPane, tmuxAvailable } from '../../bench/tmux.js';
import { shellQuote } from '../../src/report/common.js';
import { CAPTURES, ROOT } from '../helpers/cli.js';
import { labRequired } from '../helpers/tshark.js';

const NAME = 'gw-ike-rekey-modp2048-first';
const skip = tmuxAvailable();
let pane: TmuxPane | undefined;
afterEach(() => { pane?.kill(); pane = undefined; });

const selected = (screen: string) => screen.split('\n').filter((l) => l.startsWith('›'));
/** SGR colour parameters (30–37, 90–97, 38;…) in capture-pane -e output. */
const COLOUR = /\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[0-9;]+)m/;

describe.each([[80, 24, true], [200, 50, false]] as const)('ikescope tui in tmux at %i×%i', (width, height, noColor) => {
  it.skipIf(skip && !labRequired())('opens a session, moves to a message, expands the tree, opens findings, filters and quits', async () => {
    expect(skip).toBeUndefined();
    const argv = ['node', join(ROOT, 'dist/cli/main.js'), 'tui', join(CAPTURES, `${NAME}.pcap`), '--keys', join(CAPTURES, `${NAME}.gateway.log`), '--assume-client', 'windows-10'];
    // The shell says how the program ended on the screen it gives back; tmux says it too once it
    // has reaped the program (it may clear the screen then, or reap late: either will do).
    // CI=true as CI machines set it: ink would then draw nothing until exit, which the command must undo.
    pane = new TmuxPane(['sh', '-c', `${argv.map(shellQuote).join(' ')}; echo "[exit status $?]"`], width, height, { CI: 'true', ...(noColor ? { NO_COLOR: '1' } : {}) });
    const p = pane;
    let s = (await p.waitFor(/loaded 100% .* 30 frames, 2 IKE_SA\(s\), 2 decrypted/, 30_000, 5, true)).screen;
    const lines = s.split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(height - 1);
    expect(lines.every((l) => l.length <= width)).toBe(true);
    expect(s).toMatch(/^ 1 sessions +2 findings 9 +3 keys/m);
    expect(selected(s)[0]).toMatch(/^› ike-1 +198\.51\.100\.2(:500)? → 198\.51\.100\.1/);
    // NO_COLOR: no colour at all; otherwise the worst finding's row is coloured.
    expect(COLOUR.test(p.screen(true))).toBe(!noColor);

    // Open the first IKE_SA.
    p.send(['Enter']);
    s = (await p.waitFor('pane: messages', 30_000, 5, true)).screen;
    expect(s).toMatch(/^ike-1 {2}198\.51\.100\.2:500 → 198\.51\.100\.1:500 {2}rekeyed/m);
    expect(s).toMatch(/^time +0\.00s/m);
    expect(selected(s)[0]).toMatch(/^› +\d+ +0\.000 I→R +IKE_SA_INIT/);

    // The mouse wheel (an SGR report, as a terminal sends it) moves the selection too.
    p.send(['\x1b[<65;10;10M'], true);
    s = (await p.waitFor(/^› +\d+ +[\d.]+ I←R +IKE_SA_INIT +0 resp/m, 30_000, 5, true)).screen;
    p.send(['\x1b[<64;10;10M'], true);
    s = (await p.waitFor(/^› +\d+ +0\.000 I→R +IKE_SA_INIT/m, 30_000, 5, true)).screen;

    // Move to the IKE_AUTH request: its decrypted payloads show in the tree.
    p.send(['j', 'j']);
    s = (await p.waitFor(/^› +\d+ +[\d.]+ I→R +IKE_AUTH +1 req/m, 30_000, 5, true)).screen;
    await p.waitFor('decrypted (integrity verified)');

    // Back to the IKE_SA_INIT response; into the tree; expand its SA payload.
    p.send(['k']);
    s = (await p.waitFor(/^› +\d+ +[\d.]+ I←R +IKE_SA_INIT +0 resp/m, 30_000, 5, true)).screen;
    p.send(['Tab']);
    await p.waitFor('pane: tree');
    p.send(['j']);
    s = (await p.waitFor(/›\s+▸ SA {2}SA/, 30_000, 5, true)).screen;
    expect(s).toMatch(/message bytes 28-\d+/);
    p.send(['Enter']);
    s = (await p.waitFor(/▾ SA {2}SA/, 30_000, 5, true)).screen;
    expect(s).toMatch(/proposal 1: IKE/);
    // The same lines as dump -V: the transforms under the proposal.
    expect(s).toMatch(/ENCR: ENCR_AES_CBC_256/);

    // Findings, grouped; copy the first as Markdown (OSC 52 into tmux's buffer).
    p.send(['2']);
    s = (await p.waitFor('ERROR (1)', 30_000, 5, true)).screen;
    expect(s).toMatch(/^› windows\/rekey-dh-group/m);
    expect(s).toContain('fix:');
    p.send(['y']);
    await p.waitFor('copied windows/rekey-dh-group as Markdown');
    expect(p.buffer()).toMatch(/^### 1\. .* `windows\/rekey-dh-group`/);

    // Jump to the evidence frame, then filter the sessions by the second IKE_SA's SPI.
    const evidence = /evidence frames: \[(\d+)\]/.exec(s)![1]!;
    p.send(['Enter']);
    s = (await p.waitFor('pane: messages', 30_000, 5, true)).screen;
    expect(selected(s)[0]).toMatch(new RegExp(`^› +${evidence} `));
    p.send(['Escape']);
    await p.waitFor('sort: capture order');
    p.send(['/']);
    await p.waitFor('filter: ');
    p.send(['ike-2'], true);
    p.send(['Enter']);
    s = (await p.waitFor('1/2 shown', 30_000, 5, true)).screen;
    expect(selected(s)[0]).toMatch(/^› ike-2 /);
    expect(s).not.toMatch(/^[ ›] ike-1 /m);

    // The layout follows the terminal's size: wider, the proposal gets a column. At 200 columns
    // it has one already, so the wait is for rows wider than the old screen (a timeout fails).
    p.tmux('resize-window', '-t', p.name, '-x', String(width + 60), '-y', String(height + 6));
    s = (await p.waitFor((x) => /^ {2}IKE_SA peers .* proposal /m.test(x) && x.split('\n').some((l) => l.length > width), 30_000, 5, true)).screen;
    expect(s.split('\n').some((l) => l.length > width)).toBe(true);

    // Help lists the keys; q quits with status 0 and gives the screen back.
    p.send(['?']);
    await p.waitFor('Esc or ? closes');
    p.send(['Escape']);
    await p.waitFor('1/2 shown');
    p.send(['q']);
    const ended = /\[exit status (\d+)\]|Pane is dead \(status (\d+)/;
    s = (await p.waitFor(ended, 10_000)).screen;
    const m = ended.exec(s)!;
    expect(Number(m[1] ?? m[2])).toBe(0);
    expect(s).not.toContain('sort: capture order');
  });
});
