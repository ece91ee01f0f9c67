//! The scripts the window bench runs in the page (WebDriver's Execute Async Script).

/// In the page: does the action, then waits for the list to show `expected` first with no
/// placeholder row, then for the next animation frame. Resolves `{ms}` or `{error}`.
pub(super) const SHOW: &str = r#"
const [action, arg, expected] = arguments;
const done = arguments[arguments.length - 1];
const table = document.querySelector('[data-testid="items-table"]');
if (!table) { done({ error: 'no items-table' }); return; }
const first = () => { const r = table.querySelector('[data-testid="item-row"]'); return r ? r.dataset.reference : null; };
const busy = () => table.querySelector('[aria-busy="true"]') !== null;
const before = first();
let changed = false;
let finished = false;
let observer;
const check = (t0) => {
  if (finished) return;
  if (busy() || first() !== before) changed = true;
  if (changed && !busy() && first() === expected) {
    finished = true;
    observer.disconnect();
    requestAnimationFrame(() => done({ ms: performance.now() - t0 }));
  }
};
let t0;
observer = new MutationObserver(() => check(t0));
observer.observe(table, { childList: true, subtree: true, attributes: true, characterData: true });
setTimeout(() => { if (!finished) { finished = true; observer.disconnect(); done({ error: 'timed out', first: first(), busy: busy() }); } }, 20000);
if (action === 'type') {
  const input = document.querySelector('[data-testid="search"]');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  t0 = performance.now();
  setter.call(input, arg);
  input.dispatchEvent(new Event('input', { bubbles: true }));
} else {
  const el = document.querySelector(`[data-testid="${arg}"]`);
  t0 = performance.now();
  el.click();
}
// A list already showing `expected` first (not expected to change) counts once it did.
if (before === expected && !changed) changed = true;
check(t0);
"#;

/// In the page: scrolls the list down a few screens at a time for about two seconds, each
/// step waiting until the rows in view are loaded. Resolves `{end: total rows}` when the
/// last row is in view, `{more: true}` otherwise, `{error}` when something is wrong.
pub(super) const SCROLL: &str = r#"
const done = arguments[arguments.length - 1];
const table = document.querySelector('[data-testid="items-table"]');
const scroller = table && table.querySelectorAll('[role="rowgroup"]')[1];
if (!scroller) { done({ error: 'no list to scroll' }); return; }
const total = Number(table.getAttribute('aria-rowcount')) - 1;
const started = performance.now();
const frame = () => new Promise((r) => requestAnimationFrame(r));
(async () => {
  for (;;) {
    let waited = 0;
    while (table.querySelector('[aria-busy="true"]') || !table.querySelector('[data-testid="item-row"]')) {
      await frame();
      if (++waited > 1200) { done({ error: 'rows did not load', top: scroller.scrollTop }); return; }
    }
    const rows = table.querySelectorAll('[data-testid="item-row"]');
    const last = rows[rows.length - 1];
    if (last && Number(last.getAttribute('aria-rowindex')) - 1 === total) { done({ end: total }); return; }
    if (performance.now() - started > 2000) { done({ more: true }); return; }
    scroller.scrollTop += 5 * scroller.clientHeight;
    scroller.dispatchEvent(new Event('scroll'));
    await frame();
  }
})();
"#;

/// In the page: scrolls row `index` into view, clicks it, and waits until the detail shows
/// its reference. Resolves `{}` or `{error}`.
pub(super) const OPEN: &str = r#"
const [index] = arguments;
const done = arguments[arguments.length - 1];
const table = document.querySelector('[data-testid="items-table"]');
const scroller = table && table.querySelectorAll('[role="rowgroup"]')[1];
if (!scroller) { done({ error: 'no list' }); return; }
const frame = () => new Promise((r) => requestAnimationFrame(r));
(async () => {
  // The list's pixel of the row, scaled as the list scales it past its height cap
  // (ui/src/lib/scroll.ts).
  const total = Number(table.getAttribute('aria-rowcount')) - 1;
  const content = total * 32, height = scroller.scrollHeight, view = scroller.clientHeight;
  const scale = content > height ? (content - view) / Math.max(1, height - view) : 1;
  scroller.scrollTop = Math.floor((index * 32) / scale);
  scroller.dispatchEvent(new Event('scroll'));
  let row = null;
  for (let n = 0; !row; n++) {
    await frame();
    row = table.querySelector(`[data-testid="item-row"][aria-rowindex="${index + 2}"]`);
    if (n > 1200) { done({ error: 'the row did not load' }); return; }
  }
  const reference = row.dataset.reference;
  row.click();
  for (let n = 0; ; n++) {
    await frame();
    const detail = document.querySelector('[data-testid="item-detail"]');
    if (detail && detail.innerText.includes(reference)) break;
    if (n > 1200) { done({ error: `the detail did not show ${reference}` }); return; }
  }
  done({});
})();
"#;
