import { describe, expect, it } from 'vitest';
import { capsHeapGrowth } from './heap-tuning.js';

describe('the heap growth cap', () => {
  it('applies to the batch verbs, not to those that serve until stopped', () => {
    for (const verb of ['analyze', 'import', 'report', 'sync', 'board', 'create', 'check']) expect(capsHeapGrowth(verb)).toBe(true);
    for (const verb of ['serve', 'worker']) expect(capsHeapGrowth(verb)).toBe(false);
  });
});
