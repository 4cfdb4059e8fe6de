/**
 * useInput, one key at a time. Ink hands a run of plain characters over as one string (it takes
 * it for a paste), but a terminal delivers keys typed fast, or sent by tmux, in one read too:
 * outside a text field each character is a key of its own, handled after the previous one has
 * rendered (so "jjj" moves three rows, not one from the same starting row three times).
 */
import { useInput, type Key } from 'ink';
import { useRef } from 'react';
import { wheelOf } from './wheel.js';

type Handler = (input: string, key: Key) => void;

const CONTROL: Record<string, Partial<Key>> = { '\t': { tab: true }, '\r': { return: true }, '\n': { return: true }, '\x7f': { backspace: true }, '\b': { backspace: true } };

const keyOf = (base: Key, c: string): Key => ({
  ...base, return: false, tab: false, backspace: false, delete: false, escape: false, meta: false, ctrl: false, shift: /[A-Z]/.test(c), ...CONTROL[c],
});

export function useKeys(handler: Handler, options: { isActive?: boolean } = {}): void {
  const latest = useRef(handler);
  latest.current = handler;
  useInput((input, key) => {
    if (input.length <= 1 || key.ctrl || key.meta || wheelOf(input) !== undefined) { handler(input, key); return; }
    const chars = [...input];
    const next = () => {
      const c = chars.shift();
      if (c === undefined) return;
      latest.current(CONTROL[c] ? '' : c, keyOf(key, c));
      if (chars.length) setImmediate(next);
    };
    next();
  }, options);
}
