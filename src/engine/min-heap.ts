/** @module A binary min-heap keyed by a number (the scheduler's due times). */

export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly values: T[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The smallest key, or `undefined` when empty. */
  peekKey(): number | undefined {
    return this.keys[0];
  }

  push(key: number, value: T): void {
    this.keys.push(key);
    this.values.push(value);
    this.up(this.keys.length - 1);
  }

  /** Removes and returns the value with the smallest key. */
  pop(): T | undefined {
    if (this.keys.length === 0) return undefined;
    const top = this.values[0];
    const lastKey = this.keys.pop()!;
    const lastValue = this.values.pop()!;
    if (this.keys.length > 0) {
      this.keys[0] = lastKey;
      this.values[0] = lastValue;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const { keys, values } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= keys[i]!) break;
      this.swap(i, parent, keys, values);
      i = parent;
    }
  }

  private down(i: number): void {
    const { keys, values } = this;
    const n = keys.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < n && keys[l]! < keys[smallest]!) smallest = l;
      if (r < n && keys[r]! < keys[smallest]!) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest, keys, values);
      i = smallest;
    }
  }

  private swap(a: number, b: number, keys: number[], values: T[]): void {
    [keys[a], keys[b]] = [keys[b]!, keys[a]!];
    [values[a], values[b]] = [values[b]!, values[a]!];
  }
}
