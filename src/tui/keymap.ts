/** Every key the UI answers to, by view: the help view lists exactly this table. */
export interface Binding {
  readonly keys: string;
  readonly what: string;
}

export const KEYMAP: ReadonlyArray<{ readonly view: string; readonly bindings: readonly Binding[] }> = [
  {
    view: 'everywhere',
    bindings: [
      { keys: '? ', what: 'this help (Esc or ? closes it)' },
      { keys: '1 / 2 / 3', what: 'sessions / findings / keys view' },
      { keys: 'F', what: 'findings view' },
      { keys: 'K', what: 'keys view: add a key file' },
      { keys: '↑↓ or j k', what: 'move the selection; mouse wheel too' },
      { keys: 'PgUp PgDn, g G', what: 'page up / down, first / last' },
      { keys: 'Enter', what: 'open what is selected' },
      { keys: 'Esc or Backspace', what: 'back' },
      { keys: 'q, Ctrl-C', what: 'quit' },
    ],
  },
  {
    view: 'sessions',
    bindings: [
      { keys: '/', what: 'filter by address, SPI, identity, rule id or state (Enter keeps it, Esc clears)' },
      { keys: 's / S', what: 'sort by the next column / reverse the order' },
      { keys: 'Enter or l →', what: 'open the IKE_SA' },
    ],
  },
  {
    view: 'session',
    bindings: [
      { keys: 'Tab / Shift-Tab', what: 'next / previous pane: messages, payload tree, hex' },
      { keys: '↑↓ or j k', what: 'messages: select; tree: move; hex: scroll' },
      { keys: 'Enter, l →', what: 'messages: to the tree; tree: expand (→ again: into it)' },
      { keys: 'h ←', what: 'tree: collapse, or to the parent; messages: back to the sessions' },
      { keys: '+ / -', what: 'tree: expand all / collapse all' },
      { keys: 'e', what: 'export this IKE_SA as Markdown (m) or HTML (h)' },
    ],
  },
  {
    view: 'findings',
    bindings: [
      { keys: '↑↓ or j k', what: 'select a finding (grouped: errors, warnings, info)' },
      { keys: '← → or h l', what: 'choose an evidence frame' },
      { keys: 'Enter', what: 'jump to the evidence frame in its IKE_SA' },
      { keys: 'Space / b', what: 'scroll a long explanation and fix down / back up' },
      { keys: 'y', what: 'copy the finding as Markdown (OSC 52: the terminal\'s clipboard)' },
      { keys: 'e', what: 'export the finding\'s IKE_SA as Markdown (m) or HTML (h)' },
    ],
  },
  {
    view: 'keys',
    bindings: [
      { keys: 'a', what: 'add a key file: type its path, Enter loads it and decrypts again' },
    ],
  },
];
