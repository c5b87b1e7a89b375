import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap.js';

describe('MinHeap', () => {
  it('pops values in key order, whatever the insertion order', () => {
    const heap = new MinHeap<string>();
    const keys = [5, 1, 9, 3, 3, 7, 0, 12, 4];
    keys.forEach((k) => heap.push(k, `v${k}`));
    const out: string[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).toEqual([...keys].sort((a, b) => a - b).map((k) => `v${k}`));
  });

  it('reports the smallest key and undefined when empty', () => {
    const heap = new MinHeap<number>();
    expect(heap.peekKey()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
    heap.push(10, 1);
    heap.push(2, 2);
    expect(heap.peekKey()).toBe(2);
  });

  it('stays ordered under interleaved pushes and pops', () => {
    const heap = new MinHeap<number>();
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const mirror: number[] = [];
    for (let i = 0; i < 2000; i++) {
      if (rand() < 0.6 || mirror.length === 0) {
        const k = Math.floor(rand() * 1000);
        heap.push(k, k);
        mirror.push(k);
      } else {
        mirror.sort((a, b) => a - b);
        expect(heap.pop()).toBe(mirror.shift());
      }
    }
  });
});
