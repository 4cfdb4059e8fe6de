/**
 * Word wrap to a column width, for text a view scrolls through line by line (a finding's
 * explanation and fix): Ink wraps a <Text> itself but cannot say how many lines that made, so
 * a view that shows a window of them wraps first. Newlines in the text are kept; a word longer
 * than the width is cut where the width ends.
 */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/)) {
      let rest = word;
      if (line && line.length + 1 + rest.length <= w) { line += ' ' + rest; continue; }
      if (line) out.push(line);
      while (rest.length > w) { out.push(rest.slice(0, w)); rest = rest.slice(w); }
      line = rest;
    }
    out.push(line);
  }
  return out;
}
