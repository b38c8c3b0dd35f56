/**
 * Recycles the large float32 buffers of the native backend's own kernel outputs. A fresh
 * multi-megabyte Float32Array costs more than the math written into it (zero-fill and page
 * faults: ~330 µs for 1.6 MB against ~60 µs for a multiply), and a GAN step allocates hundreds.
 *
 * Safety: only buffers this pool allocated are recycled, never an array a user handed to
 * `tf.tensor()`; a buffer is pinned (left to the garbage collector, never recycled) as soon as
 * it escapes — read through `readSync`/`dataSync`, or held by a second tensor (a cpu kernel's
 * `subarray` view, say). Every native kernel overwrites all of its output, so recycled buffers
 * are not cleared.
 */
export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  /** Buffers the pool allocated and may still recycle. */
  private readonly owned = new WeakSet<ArrayBufferLike>();
  /** Owned buffers now held by exactly one tensor. */
  private readonly bound = new WeakSet<ArrayBufferLike>();
  private pooledBytes = 0;

  constructor(
    /** Smaller arrays are plain allocations (cheap for V8). */
    readonly minLength = 4096,
    /** Upper bound on the bytes held idle in the pool. */
    readonly maxPooledBytes = 256 * 1024 * 1024,
  ) {}

  /** A float32 buffer of `n` entries, recycled when possible; contents are undefined. */
  alloc(n: number): Float32Array {
    if (n < this.minLength) return new Float32Array(n);
    const reused = this.free.get(n)?.pop();
    if (reused !== undefined) {
      this.pooledBytes -= reused.byteLength;
      return reused;
    }
    const fresh = new Float32Array(n);
    this.owned.add(fresh.buffer);
    return fresh;
  }

  /** A tensor now holds `values`: the first holder binds a pool buffer, any other pins it. */
  onWrite(values: unknown): void {
    if (!ArrayBuffer.isView(values)) return;
    const buffer = values.buffer;
    if (!this.owned.has(buffer)) return;
    const whole = values.byteOffset === 0 && values.byteLength === buffer.byteLength;
    if (this.bound.has(buffer) || !whole) this.pin(buffer);
    else this.bound.add(buffer);
  }

  /** `values` left the backend's control (read by user code): never recycle it. */
  onExpose(values: unknown): void {
    if (ArrayBuffer.isView(values)) this.pin(values.buffer);
  }

  /** The tensor holding `values` was deleted: recycle its buffer if the pool owns it. */
  onRelease(values: unknown): void {
    if (!(values instanceof Float32Array)) return;
    const buffer = values.buffer;
    if (!this.owned.has(buffer) || !this.bound.has(buffer)) return;
    this.bound.delete(buffer);
    if (this.pooledBytes + values.byteLength > this.maxPooledBytes) {
      this.owned.delete(buffer);
      return;
    }
    const list = this.free.get(values.length);
    if (list === undefined) this.free.set(values.length, [values]);
    else list.push(values);
    this.pooledBytes += values.byteLength;
  }

  /** Bytes held idle for reuse. */
  get idleBytes(): number {
    return this.pooledBytes;
  }

  /** Drops every idle buffer. */
  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }

  private pin(buffer: ArrayBufferLike): void {
    this.owned.delete(buffer);
    this.bound.delete(buffer);
  }
}
