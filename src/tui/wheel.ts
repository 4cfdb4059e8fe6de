/**
 * Mouse wheel: the app asks the terminal for SGR mouse reports (xterm's 1000 + 1006 modes; tmux
 * passes them on with `mouse on`), and the wheel moves the selection of the pane in front.
 * Ink hands the report to useInput as text; `wheelOf` tells it from a key.
 */
import { createContext, useContext, useLayoutEffect, useRef } from 'react';

export const MOUSE_ON = '\x1b[?1000h\x1b[?1006h';
export const MOUSE_OFF = '\x1b[?1006l\x1b[?1000l';

/** -1 for wheel up, +1 for wheel down, 0 for another mouse report, undefined for a key. */
export function wheelOf(input: string): -1 | 0 | 1 | undefined {
  const m = /^(?:\x1b)?\[<(\d+);\d+;\d+[Mm]$/.exec(input);
  if (!m) return undefined;
  const b = Number(m[1]);
  // SGR button 64/65: wheel up/down (xterm ctlseqs, "Mouse Tracking").
  return b === 64 ? -1 : b === 65 ? 1 : 0;
}

type Listener = (dir: -1 | 1) => void;

export class WheelBus {
  private readonly listeners = new Set<Listener>();
  on(l: Listener): () => void { this.listeners.add(l); return () => { this.listeners.delete(l); }; }
  emit(dir: -1 | 1): void { for (const l of this.listeners) l(dir); }
}

export const WheelContext = createContext<WheelBus>(new WheelBus());

/** Calls `handler` on wheel turns while `active` (as of the last render; see keys.tsx for why). */
export function useWheel(handler: Listener, active: boolean): void {
  const bus = useContext(WheelContext);
  const latest = useRef({ handler, active });
  latest.current = { handler, active };
  useLayoutEffect(() => bus.on((dir) => { if (latest.current.active) latest.current.handler(dir); }), [bus]);
}
