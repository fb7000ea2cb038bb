import { describe, expect, it } from 'vitest';
import { median } from '../../../../bench/api/median.js';

describe('median', () => {
  it.each([
    { values: [7], expected: 7 },
    { values: [3, 1, 2], expected: 2 },
    { values: [4, 1, 3, 2], expected: 2.5 },
    // Sorted numerically, not as strings ("10" < "9" would give 9.5 here).
    { values: [10, 9, 100, 1], expected: 9.5 },
    { values: [5, 5, 1, 5], expected: 5 },
    { values: [-3, 2, -1], expected: -1 },
    // A single outlier moves the mean but not the median, which is why the reports use it.
    { values: [1, 2, 3, 4, 1000], expected: 3 },
    { values: [0.25, 0.5], expected: 0.375 },
  ])('is $expected for $values', ({ values, expected }) => {
    expect(median(values)).toBe(expected);
  });

  it('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });

  it('leaves its input in the order it was given', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
