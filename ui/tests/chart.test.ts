import { describe, expect, it } from 'vitest';
import { columns, heightOf, median, niceMax, quarterRange, share, ticks } from '../src/lib/chart';

describe('the Stats charts’ layout', () => {
  it('tops an axis at a round number at or above the largest value', () => {
    expect(niceMax(0)).toBe(10);
    expect(niceMax(Number.NaN)).toBe(10);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(10)).toBe(10);
    expect(niceMax(11)).toBe(20);
    expect(niceMax(21)).toBe(25);
    expect(niceMax(214)).toBe(250);
    expect(niceMax(1187)).toBe(2000);
    expect(niceMax(0.4)).toBeCloseTo(0.5);
  });

  it('ticks an axis from 0 to its top', () => {
    expect(ticks(250)).toEqual([0, 62.5, 125, 187.5, 250]);
    expect(ticks(100, 2)).toEqual([0, 50, 100]);
  });

  it('scales a value to a share of the scale, none and negative as nothing, never past the end', () => {
    expect(share(20, 40)).toBe(50);
    expect(share(40, 40)).toBe(100);
    expect(share(null, 40)).toBe(0);
    expect(share(5, 0)).toBe(0);
    expect(share(-3, 40)).toBe(0);
    expect(share(60, 40)).toBe(100);
    expect(heightOf(50, 100, 120)).toBe(60);
  });

  it('lists every quarter between two, across years, so that an empty quarter is a gap', () => {
    expect(quarterRange('2023-Q3', '2024-Q2')).toEqual(['2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2']);
    expect(quarterRange('2024-Q1', '2024-Q1')).toEqual(['2024-Q1']);
    expect(() => quarterRange('2024-3', '2024-Q4')).toThrow();
  });

  it('places a column per quarter in its slot and labels as many as fit, always the last', () => {
    const few = columns(['2024-Q1', '2024-Q2', '2024-Q3'], 300);
    expect(few.map((c) => c.centre)).toEqual([50, 150, 250]);
    expect(few.every((c) => c.labelled)).toBe(true);
    expect(few[0].width).toBe(36); // capped: a few quarters do not make fat columns
    expect(few[0].x).toBe(50 - 18);
    const keys = quarterRange('2015-Q1', '2024-Q4'); // 40 quarters
    const many = columns(keys, 320);
    expect(many).toHaveLength(40);
    expect(many.at(-1)!.labelled).toBe(true);
    const labelled = many.filter((c) => c.labelled);
    // Labels at least 56 units apart: no two overlap.
    labelled.slice(1).forEach((c, i) => expect(c.centre - labelled[i].centre).toBeGreaterThanOrEqual(56));
    expect(many.every((c) => c.x >= 0 && c.x + c.width <= 320)).toBe(true);
    expect(columns([], 300)).toEqual([]);
  });

  it('writes a median as whole or half days, none as a dash', () => {
    expect(median(214)).toBe('214');
    expect(median(1187)).toBe('1,187');
    expect(median(6.5)).toBe('6.5');
    expect(median(null)).toBe('—');
  });
});
