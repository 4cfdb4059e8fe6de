import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { TitleBar } from './title-bar.js';
import { fit, makeTheme } from './theme.js';
import { osc52 } from './osc52.js';

describe('TitleBar', () => {
  it('names the views with their keys, the findings count and the capture', () => {
    const f = render(<TitleBar path="/x/y/cap.pcap" view="session" findings={7} width={100} redacted />).lastFrame()!;
    expect(f).toContain('1 sessions▸session');
    expect(f).toContain('2 findings 7');
    expect(f).toContain('3 keys');
    expect(f).toContain('?help q quit');
    expect(f).toContain('cap.pcap (redacted)');
    expect(f).not.toContain('/x/y');
  });
});

describe('theme and clipboard', () => {
  it('gives no colour names when colours are off (NO_COLOR)', () => {
    expect(makeTheme(false).c('red')).toBeUndefined();
    expect(makeTheme(true).c('red')).toBe('red');
  });

  it('cuts with an ellipsis and pads', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('ab', 4, 'right')).toBe('  ab');
  });

  it('wraps text for the clipboard in OSC 52 with base64', () => {
    expect(osc52('### x')).toBe(`\x1b]52;c;${Buffer.from('### x').toString('base64')}\x07`);
  });
});
