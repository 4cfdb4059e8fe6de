/**
 * Drives a program in a real terminal: tmux (Debian's) on a private server socket, a pane of a
 * chosen size, keys sent with send-keys and the screen read back with capture-pane. Used by the
 * TUI's end-to-end test (test/tui/tmux.test.ts), its latency benchmark (bench/tui-latency.ts) and
 * the text dumps in docs/tui/. Waiting is always polling for content, never a fixed sleep.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export function tmuxAvailable(): string | undefined {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0 ? undefined : 'tmux is not installed (run lab/install)';
}

export class TmuxPane {
  private static n = 0;
  readonly socket = `ikescope-${process.pid}-${TmuxPane.n++}`;
  readonly name = 'tui';

  /** Starts `command` (argv) in a detached session of `width`×`height`, with `env` added. */
  constructor(command: readonly string[], width: number, height: number, env: Record<string, string> = {}, cwd = process.cwd()) {
    // A bare server: no user config; the pane stays after the program exits so its status can be read.
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', this.name, '-x', String(width), '-y', String(height), '-c', cwd,
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), ...command);
    this.tmux('set-option', '-g', 'remain-on-exit', 'on');
    this.tmux('set-option', '-g', 'set-clipboard', 'on');
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The visible screen as text (with `escapes`, the colour and attribute sequences too). */
  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.name);
  }

  /** Sends keys by tmux name (Enter, Escape, Tab, BTab, Down, …) or literal text with `literal`. */
  send(keys: string[], literal = false): void {
    this.tmux('send-keys', '-t', this.name, ...(literal ? ['-l'] : []), ...keys);
  }

  /**
   * Polls the screen until `want` holds; returns the screen and when it first held. With
   * `settled`, also until two reads `pollMs` apart agree: capture-pane can catch a screen half
   * redrawn, which is fine for timing a key but not for asserting on the whole screen.
   */
  async waitFor(want: string | RegExp | ((s: string) => boolean), timeoutMs = 30_000, pollMs = 5, settled = false): Promise<{ screen: string; at: number }> {
    const ok = (s: string) => (typeof want === 'string' ? s.includes(want) : want instanceof RegExp ? want.test(s) : want(s));
    const until = performance.now() + timeoutMs;
    let first: number | undefined;
    let prev: string | undefined;
    for (;;) {
      const s = this.screen();
      if (ok(s)) {
        first ??= performance.now();
        if (!settled || s === prev) return { screen: s, at: first };
        prev = s;
        await sleep(Math.max(pollMs, 20));
        continue;
      }
      first = undefined;
      prev = undefined;
      if (performance.now() > until) throw new Error(`tmux: timed out after ${timeoutMs} ms waiting for ${String(want)}; screen:\n${s}`);
      await sleep(pollMs);
    }
  }

  /** Whether the program has exited, and its exit status. */
  exited(): { dead: boolean; status: number | undefined } {
    const [dead, status] = this.tmux('display-message', '-p', '-t', this.name, '#{pane_dead} #{pane_dead_status}').trim().split(' ');
    return { dead: dead === '1', status: status ? Number(status) : undefined };
  }

  /** The tmux paste buffer (OSC 52 copies land there with set-clipboard on). */
  buffer(): string {
    return this.tmux('show-buffer');
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}
