import { describe, expect, it } from 'vitest';
import { wrap } from '../../src/tui/wrap.js';

describe('wrap', () => {
  it('breaks between words at the width and keeps every word in order', () => {
    const text = 'the gateway proposes MODP_2048 first when it rekeys the IKE_SA, and Windows refuses it';
    for (const w of [10, 17, 30, 80]) {
      const lines = wrap(text, w);
      expect(lines.every((l) => l.length <= w)).toBe(true);
      expect(lines.join(' ')).toBe(text);
      // No line could have taken the next line's first word.
      for (let i = 0; i + 1 < lines.length; i++) expect(lines[i]!.length + 1 + lines[i + 1]!.split(' ')[0]!.length).toBeGreaterThan(w);
    }
  });

  it('keeps newlines and empty lines, and cuts a word longer than the width', () => {
    expect(wrap('a b\n\nconnections.gw.children.x.esp_proposals = aes256-sha256', 12)).toEqual([
      'a b', '', 'connections.', 'gw.children.', 'x.esp_propos', 'als =', 'aes256-sha25', '6',
    ]);
    expect(wrap('', 5)).toEqual(['']);
  });
});
