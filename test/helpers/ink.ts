/**
 * A harness for the TUI's component tests (ink-testing-library): type keys as a terminal sends
 * them and wait for content instead of sleeping a fixed time.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export const KEY = {
  up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', enter: '\r', esc: '\x1b', tab: '\t', shiftTab: '\x1b[Z',
  backspace: '\x7f', pageUp: '\x1b[5~', pageDown: '\x1b[6~', ctrlC: '\x03',
  wheelUp: '\x1b[<64;10;5M', wheelDown: '\x1b[<65;10;5M',
} as const;

interface Rendered {
  readonly stdin: { write(data: string): void };
  lastFrame(): string | undefined;
}

/**
 * Types each key (a KEY value or plain characters, one at a time), letting Ink render between
 * them: the KeyDispatcher holds a key until the previous one rendered, or 50 ms when it changed
 * nothing (src/tui/keys.tsx), so a key gets that long before the next.
 */
export async function press(ui: Rendered, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    const parts = k.startsWith('\x1b') || k.length === 1 ? [k] : [...k];
    for (const p of parts) {
      ui.stdin.write(p);
      await sleep(70);
    }
  }
}

/** The last frame once it satisfies `want` (text, pattern or predicate); fails with the frame after `timeoutMs`. */
export async function waitFor(ui: Rendered, want: string | RegExp | ((frame: string) => boolean), timeoutMs = 4000): Promise<string> {
  const ok = (f: string) => (typeof want === 'string' ? f.includes(want) : want instanceof RegExp ? want.test(f) : want(f));
  const until = Date.now() + timeoutMs;
  for (;;) {
    const f = ui.lastFrame() ?? '';
    if (ok(f)) return f;
    if (Date.now() > until) throw new Error(`timed out waiting for ${String(want)}; last frame:\n${f}`);
    await sleep(10);
  }
}
