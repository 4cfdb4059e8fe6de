import { describe, expect, it } from 'vitest';
import { wheelOf } from './wheel.js';

describe('wheelOf', () => {
  it('tells wheel turns (SGR buttons 64/65) from other mouse reports and from keys', () => {
    expect(wheelOf('[<64;10;5M')).toBe(-1);
    expect(wheelOf('\x1b[<65;1;1M')).toBe(1);
    expect(wheelOf('[<0;3;4m')).toBe(0);
    expect(wheelOf('j')).toBeUndefined();
    expect(wheelOf('[A')).toBeUndefined();
  });
});
