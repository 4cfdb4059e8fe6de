/**
 * Copying to the clipboard from a terminal program: OSC 52 (xterm ctlseqs, "Manipulate
 * Selection Data"), which xterm, iTerm2, kitty, WezTerm, Windows Terminal and tmux (with
 * `set-clipboard on`) honour, also over SSH.
 */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}
