import { describe, expect, it } from 'vitest';
import { ChunkList } from '../../src/capture/chunks.js';

const bytes = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('ChunkList', () => {
  it('peeks in place inside a chunk and through scratch across chunks', () => {
    const c = new ChunkList();
    c.push(bytes(0, 6));
    c.push(bytes(6, 6));
    let o = c.peek(4);
    expect(c.dv.getUint32(o, false)).toBe(0x00010203);
    c.skip(4);
    o = c.peek(4); // bytes 4..7 straddle the two chunks
    expect(c.dv.getUint32(o, false)).toBe(0x04050607);
    expect(c.available).toBe(8);
    expect(c.consumed).toBe(4);
  });

  it('takes a view inside one chunk and a copy across chunks; takeCopy always owns its bytes', () => {
    const c = new ChunkList();
    const a = bytes(0, 10);
    c.push(a);
    c.push(bytes(10, 10));
    const view = c.take(4);
    expect(view.buffer).toBe(a.buffer);
    const own = c.takeCopy(4);
    expect(own).toEqual(bytes(4, 4));
    expect(own.buffer).not.toBe(a.buffer);
    const across = c.take(6);
    expect(across).toEqual(bytes(8, 6));
    a.fill(0);
    expect(own).toEqual(bytes(4, 4));
    expect(across).toEqual(bytes(8, 6));
  });

  it('holds Buffers as plain Uint8Arrays, so a copy is a copy', () => {
    const c = new ChunkList();
    const buf = Buffer.from(bytes(0, 8));
    c.push(buf);
    const own = c.takeCopy(8);
    expect(own.constructor).toBe(Uint8Array);
    buf.fill(0);
    expect(own).toEqual(bytes(0, 8));
  });

  it('discards no more than it holds', () => {
    const c = new ChunkList();
    c.push(bytes(0, 5));
    expect(c.discard(100)).toBe(5);
    expect(c.available).toBe(0);
    expect(c.consumed).toBe(5);
  });

  it('lets consumed chunks go even while records keep straddling chunk ends', () => {
    const c = new ChunkList();
    // 1000-byte chunks, 333-byte records: the head lands exactly on the list's end only
    // once every 333 chunks.
    for (let i = 0; i < 3000; i++) {
      c.push(bytes(i, 1000));
      while (c.available >= 333) c.takeCopy(333);
      expect(c.retained).toBeLessThanOrEqual(2000);
    }
  });
});
