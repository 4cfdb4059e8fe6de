/**
 * Colours, or none: NO_COLOR (no-color.org) turns every colour off; selection then still shows
 * by the `›` marker and inverse video, which are not colours.
 */
import { createContext, useContext } from 'react';
import type { Severity } from '../analysis/model.js';

export interface Theme {
  /** A colour name for Ink's `color`, or undefined when colours are off. */
  readonly c: (name: string) => string | undefined;
  readonly color: boolean;
}

export function makeTheme(color: boolean): Theme {
  return { color, c: (name) => (color ? name : undefined) };
}

export const ThemeContext = createContext<Theme>(makeTheme(false));
export const useTheme = (): Theme => useContext(ThemeContext);

export const SEVERITY_COLOR: Record<Severity, string> = { error: 'red', warning: 'yellow', info: 'cyan' };
export const STATE_COLOR: Record<string, string> = { established: 'green', failed: 'red', deleted: 'gray', rekeyed: 'blue', incomplete: 'yellow' };

/** Cut to `width` columns with an ellipsis, or pad to it. */
export function fit(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  if (s.length > width) return width === 1 ? '…' : s.slice(0, width - 1) + '…';
  return align === 'right' ? s.padStart(width) : s.padEnd(width);
}
