// The bookkeeping of rekey collisions (src/endpoint/collision.ts) against the words of RFC 7296
// §2.8.1: the SA made with the lowest of the four nonces is redundant, "lowest" compared octet by
// octet, and a nonce that ends first is the lower. The real collision with strongSwan is in
// test/interop/rekey-collision.test.ts.
import { describe, expect, it } from 'vitest';
import { RekeyCollisions, redundantExchange } from '../../src/endpoint/collision.js';

const b = (...octets: number[]) => new Uint8Array(octets);

describe('redundantExchange (RFC 7296 §2.8.1)', () => {
  it('the exchange holding the lowest of the four nonces made the redundant SA, whichever side sent it', () => {
    // Lowest is our Nr (the gateway's nonce in our exchange).
    expect(redundantExchange([b(0x50, 1), b(0x10, 9)], [b(0x20, 0), b(0x30, 0)])).toBe('ours');
    // Lowest is the gateway's Ni of its exchange.
    expect(redundantExchange([b(0x50, 1), b(0x40, 9)], [b(0x20, 0), b(0x30, 0)])).toBe('theirs');
  });

  it('compares octet by octet, not as integers: a first octet decides before length', () => {
    // As big integers 0x01ffff > 0x02; octet by octet 0x01 < 0x02.
    expect(redundantExchange([b(0x01, 0xff, 0xff), b(0xf0)], [b(0x02), b(0xf0)])).toBe('ours');
  });

  it('"If you reach the end of one nonce, that nonce is the lower one"', () => {
    expect(redundantExchange([b(0x10, 0x20, 0x30), b(0xff)], [b(0x10, 0x20), b(0xff)])).toBe('theirs');
    expect(redundantExchange([b(0x10, 0x20), b(0xff)], [b(0x10, 0x20, 0x00), b(0xff)])).toBe('ours');
  });
});

describe('RekeyCollisions', () => {
  const old = { name: 'old' };
  const other = { name: 'other' };
  const created = { name: 'gateway-made' };

  it('notes a gateway rekey of the SA ours is rekeying, and settles it by the nonces', async () => {
    const c = new RekeyCollisions<object, object>();
    await c.run(async () => {
      c.begin(old);
      expect(c.crossed(other, created, [b(1), b(2)])).toBe(false);
      expect(c.crossing).toBeUndefined();
      expect(c.crossed(old, created, [b(0x20), b(0x30)])).toBe(true);
      expect(c.crossing).toBe(created);
      expect(c.settle([b(0x40), b(0x10)])).toEqual({ theirs: created, redundant: 'ours' });
      expect(c.settle([b(0x40), b(0x50)])).toEqual({ theirs: created, redundant: 'theirs' });
    });
    // The flight ends with our rekey: a later gateway rekey of the same SA is no collision.
    expect(c.crossed(old, created, [b(1), b(2)])).toBe(false);
    expect(c.settle([b(1), b(2)])).toBeUndefined();
  });

  it('without a crossing rekey there is nothing to settle; a failing rekey still ends its flight', async () => {
    const c = new RekeyCollisions<object, object>();
    c.begin(old);
    expect(c.settle([b(1), b(2)])).toBeUndefined();
    await expect(c.run(async () => { c.begin(old); throw new Error('defect'); })).rejects.toThrow('defect');
    expect(c.crossed(old, created, [b(1), b(2)])).toBe(false);
  });
});
