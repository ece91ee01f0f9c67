import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_PX, geometry, listOffset, rowTop, scrollTopFor } from '../src/lib/scroll';

const ROW = 32;
const VIEW = 640;

describe('the list geometry', () => {
  it('is the rows themselves while they fit under the cap', () => {
    const g = geometry(100_000, ROW, VIEW);
    expect(g).toEqual({ height: 3_200_000, scale: 1 });
    expect(listOffset(g, 12_345)).toBe(12_345);
    expect(scrollTopFor(g, 12_345)).toBe(12_345);
    expect(rowTop(g, 12_345, 400, ROW)).toBe(400 * ROW);
  });

  it('keeps a million rows under the browser height cap and reaches both ends', () => {
    const total = 1_000_000;
    const g = geometry(total, ROW, VIEW);
    expect(g.height).toBe(MAX_SCROLL_PX);
    expect(g.height).toBeLessThan(2 ** 25);
    expect(g.scale).toBeGreaterThan(3);
    // The top of the scroll bar shows the first row at the top of the viewport…
    expect(listOffset(g, 0)).toBe(0);
    expect(rowTop(g, 0, 0, ROW)).toBe(0);
    // …and its bottom the last row at the bottom of the viewport, inside the scrolled area.
    const bottom = g.height - VIEW;
    expect(listOffset(g, bottom)).toBeCloseTo(total * ROW - VIEW, 3);
    expect(rowTop(g, bottom, total - 1, ROW) + ROW).toBeCloseTo(g.height, 3);
  });

  it('maps a scroll position to the row shown and back', () => {
    const g = geometry(1_000_000, ROW, VIEW);
    for (const row of [0, 1, 31_250, 500_000, 999_979]) {
      const top = scrollTopFor(g, row * ROW);
      expect(Math.floor(listOffset(g, top) / ROW + 1e-9)).toBe(row);
      // The row is drawn at the viewport's top, whatever the scale.
      expect(rowTop(g, top, row, ROW)).toBeCloseTo(top, 6);
    }
  });

  it('moves the rows by the scale for each pixel scrolled', () => {
    const g = geometry(1_000_000, ROW, VIEW);
    const a = rowTop(g, 5_000_000, 1_600_000, ROW);
    const b = rowTop(g, 5_000_001, 1_600_000, ROW);
    // Relative to the viewport, a row moves up by the scale.
    expect(a - 5_000_000 - (b - 5_000_001)).toBeCloseTo(g.scale, 6);
  });

  it('has no rows and no height for an empty list', () => {
    expect(geometry(0, ROW, VIEW)).toEqual({ height: 0, scale: 1 });
  });
});
