import { describe, expect, it } from 'vitest';
import { BufferPool } from './_pool';

describe('BufferPool', () => {
  it('recycles a released buffer of the same length and nothing smaller than minLength', () => {
    const pool = new BufferPool(8, 1024);
    const a = pool.alloc(16);
    pool.onWrite(a);
    pool.onRelease(a);
    expect(pool.idleBytes).toBe(64);
    expect(pool.alloc(16)).toBe(a);
    expect(pool.idleBytes).toBe(0);
    const small = pool.alloc(4);
    pool.onWrite(small);
    pool.onRelease(small);
    expect(pool.idleBytes).toBe(0);
  });

  it('holds at most maxPooledBytes idle', () => {
    const pool = new BufferPool(8, 100);
    const arrays = [pool.alloc(16), pool.alloc(16)];
    for (const a of arrays) {
      pool.onWrite(a);
      pool.onRelease(a);
    }
    expect(pool.idleBytes).toBe(64);
  });

  it('pins buffers that escape: read, shared by a second holder, or viewed in part', () => {
    const pool = new BufferPool(8, 1 << 20);
    const read = pool.alloc(16);
    pool.onWrite(read);
    pool.onExpose(read);
    pool.onRelease(read);
    const shared = pool.alloc(16);
    pool.onWrite(shared);
    pool.onWrite(shared.subarray(0, 16));
    pool.onRelease(shared);
    const partial = pool.alloc(16);
    pool.onWrite(partial.subarray(4));
    pool.onRelease(partial);
    const foreign = new Float32Array(16);
    pool.onWrite(foreign);
    pool.onRelease(foreign);
    expect(pool.idleBytes).toBe(0);
    // A buffer released without ever being held by a tensor is not taken either.
    const unbound = pool.alloc(16);
    pool.onRelease(unbound);
    expect(pool.idleBytes).toBe(0);
  });
});
