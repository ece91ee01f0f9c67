// The virtual list's geometry: where the rows are for a scroll position, and back.
//
// Every row is ROW_H tall, so the whole list is `total × ROW_H` pixels. Browsers cap an
// element's height (WebKit at about 2^25 px ≈ 33.5 million, Firefox lower still): a
// million 32 px rows (32 million px) would be cut off, and the last rows never reached.
// So the scrolled area is at most MAX_SCROLL_PX tall, and when the list is longer the
// scroll position is scaled: the scroll bar's range (`height − viewport`) maps linearly
// onto the list's (`content − viewport`), so the top of the scroll bar is the first row
// and its bottom the last. The rows are drawn relative to the scroll position, so every
// row stays reachable and the keyboard still moves one row at a time; a pixel of scrolling
// moves the rows `scale` pixels (about 3 at a million rows). Below the cap nothing is
// scaled (scale 1).

/** The tallest scrolled area the list makes: well under WebKit's cap, and Firefox's. */
export const MAX_SCROLL_PX = 10_000_000;

export type Geometry = {
  /** The scrolled area's height in px. */
  height: number;
  /** List pixels per scroll pixel (1 when the list fits under the cap). */
  scale: number;
};

/** The geometry of `total` rows of `rowH` px in a viewport `viewport` px tall. */
export function geometry(total: number, rowH: number, viewport: number, max = MAX_SCROLL_PX): Geometry {
  const content = Math.max(0, total) * rowH;
  if (content <= max) return { height: content, scale: 1 };
  const range = Math.max(1, max - viewport);
  return { height: max, scale: Math.max(1, (content - viewport) / range) };
}

/** The list's own offset (px from its first row's top) shown at the top of the viewport
 *  for the scroll position `scrollTop`. */
export function listOffset(g: Geometry, scrollTop: number): number {
  return scrollTop * g.scale;
}

/** The scroll position that shows list offset `offset` at the top of the viewport. */
export function scrollTopFor(g: Geometry, offset: number): number {
  return offset / g.scale;
}

/** Where a row's top is drawn, in the scrolled area's px, when the viewport's top is at
 *  `scrollTop`: the rows keep their place relative to the viewport. */
export function rowTop(g: Geometry, scrollTop: number, index: number, rowH: number): number {
  return scrollTop + (index * rowH - listOffset(g, scrollTop));
}
