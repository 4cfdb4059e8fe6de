/**
 * Keys for the views. Ink's useInput subscribes in a passive effect, which React may run well
 * after the render it belongs to: a key typed right after one that opened a prompt could reach
 * the view underneath, or no one. So one KeyDispatcher at the root listens through useInput, and
 * each view registers with useKeys in a layout effect (run as the render commits); a key goes to
 * the handlers of the views active at the moment it arrives.
 *
 * Ink also hands a run of plain characters over as one string (it takes it for a paste), but a
 * terminal delivers keys typed fast, or sent by tmux, in one read as well: the dispatcher hands
 * them on one at a time, each after the previous one has rendered.
 */
import { useInput, type Key } from 'ink';
import { createContext, useCallback, useContext, useLayoutEffect, useRef, type ReactNode } from 'react';
import { wheelOf } from './wheel.js';

type Handler = (input: string, key: Key) => void;

interface Entry {
  readonly handler: { current: Handler };
  readonly active: { current: boolean };
}

const CONTROL: Record<string, Partial<Key>> = { '\t': { tab: true }, '\r': { return: true }, '\n': { return: true }, '\x7f': { backspace: true }, '\b': { backspace: true } };

const keyOf = (base: Key, c: string): Key => ({
  ...base, return: false, tab: false, backspace: false, delete: false, escape: false, meta: false, ctrl: false, shift: /[A-Z]/.test(c), ...CONTROL[c],
});

class Dispatcher {
  private readonly entries = new Set<Entry>();
  add(e: Entry): () => void { this.entries.add(e); return () => { this.entries.delete(e); }; }
  private deliver(input: string, key: Key): void {
    for (const e of [...this.entries]) if (e.active.current) e.handler.current(input, key);
  }
  /** Keys not delivered yet, in arrival order: a key that arrives while a run is being handed on waits its turn. */
  private readonly queue: Array<[string, Key]> = [];
  private pumping = false;

  dispatch(input: string, key: Key): void {
    if (input.length <= 1 || key.ctrl || key.meta || wheelOf(input) !== undefined) this.queue.push([input, key]);
    else for (const c of input) this.queue.push([CONTROL[c] ? '' : c, keyOf(key, c)]);
    if (!this.pumping) this.pump();
  }

  private pump(): void {
    const item = this.queue.shift();
    if (!item) { this.pumping = false; return; }
    this.pumping = true;
    const before = this.handlers();
    this.deliver(item[0], item[1]);
    // Also when nothing waits yet: a key read a moment later must still meet this one's render.
    this.afterRender(before, () => this.pump());
  }

  private handlers(): Handler[] {
    return [...this.entries].map((e) => e.handler.current);
  }

  /**
   * Runs `then` once a view has rendered again (each render gives its useKeys a new handler),
   * or after RENDER_WAIT_MS when the key changed nothing: React may render a few event-loop
   * turns after the update, and the next key must see the state this one left.
   */
  private afterRender(before: Handler[], then: () => void): void {
    const started = Date.now();
    const poll = () => {
      const now = this.handlers();
      const rendered = now.length !== before.length || now.some((h, i) => h !== before[i]);
      if (rendered || Date.now() - started > RENDER_WAIT_MS) then();
      else setTimeout(poll, 1);
    };
    setImmediate(poll);
  }
}

const RENDER_WAIT_MS = 50;

const KeysContext = createContext<Dispatcher | null>(null);

export function KeyDispatcher({ children }: { children: ReactNode }) {
  const d = useRef(new Dispatcher()).current;
  useInput(useCallback((input: string, key: Key) => d.dispatch(input, key), [d]));
  return <KeysContext.Provider value={d}>{children}</KeysContext.Provider>;
}

/** Calls `handler` for each key while `isActive` (as of the last render). Needs a KeyDispatcher above. */
export function useKeys(handler: Handler, options: { isActive?: boolean } = {}): void {
  const d = useContext(KeysContext);
  if (!d) throw new Error('useKeys needs a KeyDispatcher above it');
  const latest = useRef(handler);
  latest.current = handler;
  const active = useRef(options.isActive !== false);
  active.current = options.isActive !== false;
  useLayoutEffect(() => d.add({ handler: latest, active }), [d]);
}

/**
 * The list movements of the key map ("↑↓ or j k", "PgUp PgDn, g G"): moves by the step they
 * mean and says whether the key was one of them.
 */
export function listMove(input: string, key: Key, move: (by: number) => void, page = 10): boolean {
  if (key.downArrow || input === 'j') move(1);
  else if (key.upArrow || input === 'k') move(-1);
  else if (key.pageDown) move(page);
  else if (key.pageUp) move(-page);
  else if (input === 'g') move(-1e6);
  else if (input === 'G') move(1e6);
  else return false;
  return true;
}
