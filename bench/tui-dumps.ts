/**
 * Regenerates the text dumps of the TUI's views in docs/tui/ (docs/tui/README.md lists them):
 * `ikescope tui` runs in tmux, keys are sent as a user types them, and each view is written as
 * `tmux capture-pane -p` shows it.
 *
 *   npm run build && node dist/bench/tui-dumps.js
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './measure.js';
import { synthesize } from './synth.js';
import { TmuxPane } from './tmux.js';

const OUT = join(ROOT, 'docs/tui');
const CAPTURE = 'gw-ike-rekey-modp2048-first';
const cli = join(ROOT, 'dist/cli/main.js');
const shipped = (name: string, ...extra: string[]) => ['node', cli, 'tui', `captures/${name}.pcap`, '--keys', `captures/${name}.gateway.log`, ...extra];

type Step = { keys?: string[]; literal?: string; wait: string | RegExp; file?: string };

async function session(command: string[], width: number, height: number, steps: Step[], env: Record<string, string> = { NO_COLOR: '1' }): Promise<void> {
  const p = new TmuxPane(command, width, height, env, ROOT);
  try {
    for (const s of steps) {
      if (s.keys) p.send(s.keys);
      if (s.literal) p.send([s.literal], true);
      const { screen } = await p.waitFor(s.wait, 120_000, 10, true);
      if (s.file) {
        const text = screen.split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n+$/, '\n');
        writeFileSync(join(OUT, s.file), text);
        process.stdout.write(`wrote docs/tui/${s.file}\n`);
      }
    }
    p.send(['q']);
  } finally {
    p.kill();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const big = join(ROOT, 'bench/out/esp-200000.pcap');
  if (!existsSync(big)) { mkdirSync(join(ROOT, 'bench/out'), { recursive: true }); await synthesize(big, { frames: 200_000 }); }
  // Loading: the first IKE_SA is there while the rest of a 234 MB capture streams in.
  await session(['node', cli, 'tui', 'bench/out/esp-200000.pcap'], 80, 24, [{ wait: /loading +[1-9]\d%/, file: 'loading-80x24.txt' }]);
  const assume = ['--assume-client', 'windows-10'];
  await session(shipped(CAPTURE, ...assume), 80, 24, [
    { wait: 'loaded 100%', file: 'sessions-80x24.txt' },
    { keys: ['/'], wait: 'filter: ' },
    { literal: 'rekey-dh', wait: 'filter: rekey-dh' },
    { keys: ['Enter'], wait: '1/2 shown', file: 'sessions-filtered-80x24.txt' },
    { keys: ['Escape'], wait: '2 IKE_SA(s)  sort' },
    { keys: ['Enter'], wait: 'pane: messages' },
    { keys: ['j', 'j'], wait: /^› +\d+ .*IKE_AUTH +1 req/m, file: 'session-80x24.txt' },
    { keys: ['k', 'Tab', 'j', 'Enter'], wait: /▾ SA {2}SA/, file: 'session-tree-80x24.txt' },
    { keys: ['2'], wait: 'ERROR (1)', file: 'findings-80x24.txt' },
    { keys: ['3'], wait: 'key files', file: 'keys-80x24.txt' },
    { keys: ['?'], wait: 'Esc or ? closes', file: 'help-80x24.txt' },
  ]);
  await session(shipped(CAPTURE, ...assume), 200, 50, [
    { wait: 'loaded 100%', file: 'sessions-200x50.txt' },
    { keys: ['Enter'], wait: 'pane: messages' },
    { keys: ['j', 'j', 'Tab', 'j', 'j', 'j', 'j', 'j'], wait: /decrypted bytes \d+-\d+/, file: 'session-200x50.txt' },
    { keys: ['2'], wait: 'ERROR (1)', file: 'findings-200x50.txt' },
  ]);
  await session(shipped('eap-mschapv2-ping', '--redact'), 120, 40, [
    { wait: 'loaded 100%', file: 'redacted-sessions-120x40.txt' },
    { keys: ['Enter'], wait: 'pane: messages' },
    { keys: ['j', 'j', 'Tab', '+', 'j', 'j', 'j', 'j'], wait: /›\s+▾ IDi {2}IDi/, file: 'redacted-session-120x40.txt' },
  ]);
}

main().catch((e: unknown) => {
  process.stderr.write(`tui-dumps: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
