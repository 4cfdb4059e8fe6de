import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { bytesPerRow, HexPane, hexRows } from './hex-pane.js';

const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i === 20 ? 0x41 : i));

describe('HexPane', () => {
  it('shows 16 bytes a row when it has the width, 8 otherwise, with offsets and ASCII', () => {
    expect(bytesPerRow(80)).toBe(16);
    expect(bytesPerRow(70)).toBe(16);
    expect(bytesPerRow(69)).toBe(8);
    expect(bytesPerRow(40)).toBe(8);
    const f = render(<HexPane bytes={bytes} width={80} height={5} focused={false} title="message" />).lastFrame()!;
    expect(f).toMatch(/^0000 {2}00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f /m);
    expect(f).toMatch(/^0010 {2}10 11 12 13 41 15/m);
    expect(f).toMatch(/\.\.\.\.A\.\.\./);
  });

  it('brackets the highlighted bytes and names their range, scrolled to their row', () => {
    const f = render(<HexPane bytes={bytes} highlight={{ start: 18, end: 22 }} width={40} height={3} focused title="message" />).lastFrame()!;
    expect(f).toContain('message bytes 18-21 (4)');
    expect(f).toMatch(/^0010 {2}10 11\[12 13 41 15\]16 17/m);
    expect(f).not.toMatch(/^0000/m);
  });

  it('closes a highlight that ends a row at the row end', () => {
    const f = render(<HexPane bytes={bytes} highlight={{ start: 4, end: 8 }} width={40} height={3} focused title="x" scroll={0} />).lastFrame()!;
    expect(f).toMatch(/^0000 {2}00 01 02 03\[04 05 06 07\]/m);
  });

  it('masks redacted ranges', () => {
    const rows = hexRows(bytes, 16, [{ start: 2, end: 5 }]);
    expect(rows[0]!.hex.slice(0, 6)).toEqual(['00', '01', '··', '··', '··', '05']);
    expect(rows[0]!.ascii[3]).toBe('·');
  });
});
