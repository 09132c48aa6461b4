import { describe, expect, it } from 'vitest';
import { canonicalRotation, collapseRecursion, findRunawayRecursion } from '../../../src/triage/recursion.js';

const seq = (s: string): string[] => s.split(' ').filter(Boolean);

describe('collapseRecursion', () => {
  it.each([
    ['A A A B', 'A B'],
    ['A B A B A B C', 'A B C'],
    ['X A B C A B C A B C D', 'X A B C D'],
    ['A B C', 'A B C'],
    ['A B A C', 'A B A C'],
    ['A A B B A A B B', 'A B'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(collapseRecursion(seq(input))).toEqual(seq(expected));
  });

  it('gives the same result whatever the recursion depth', () => {
    const at = (depth: number): string[] => ['Leaf', ...Array<string>(depth).fill('Node::Visit'), 'Tree::Walk', 'main'];
    expect(collapseRecursion(at(3))).toEqual(collapseRecursion(at(300)));
    expect(collapseRecursion(at(300))).toEqual(['Leaf', 'Node::Visit', 'Tree::Walk', 'main']);
  });

  it('leaves cycles longer than the maximum period alone', () => {
    const cycle = seq('A B C D');
    expect(collapseRecursion([...cycle, ...cycle], 3)).toEqual([...cycle, ...cycle]);
  });
});

describe('findRunawayRecursion', () => {
  it('finds a deep single-function recursion', () => {
    const frames = ['memset', ...Array<string>(100).fill('Parse'), 'main'];
    expect(findRunawayRecursion(frames)).toEqual({ start: 1, cycle: ['Parse'], repeats: 100 });
  });

  it('finds the shortest period of a mutual recursion', () => {
    const frames = Array.from({ length: 120 }, (_, i) => ['Eval', 'Apply', 'Call'][i % 3] as string);
    const found = findRunawayRecursion(frames);
    expect(found?.cycle).toEqual(['Eval', 'Apply', 'Call']);
    expect(found?.repeats).toBe(40);
  });

  it('ignores shallow recursion', () => {
    expect(findRunawayRecursion(Array<string>(20).fill('Node::Visit'))).toBeNull();
    expect(findRunawayRecursion(seq('A B C D E F'))).toBeNull();
  });

  it('honours lower thresholds', () => {
    expect(findRunawayRecursion(seq('X A B A B A B Y'), 0, 3)?.cycle).toEqual(['A', 'B']);
  });
});

describe('canonicalRotation', () => {
  it('is the same for every rotation of a cycle', () => {
    const rotations = [seq('Eval Apply Call'), seq('Apply Call Eval'), seq('Call Eval Apply')];
    for (const r of rotations) expect(canonicalRotation(r)).toEqual(seq('Apply Call Eval'));
  });
});
