// Run in the page by test_browser_walk.py: the document's width and the targets that are too small.
() => {
  const tooSmall = [];
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
      && getComputedStyle(e).visibility !== 'hidden'; };
  const name = e => (e.getAttribute('aria-label') || e.innerText || e.value || e.name || e.type || '')
      .trim().slice(0, 40);
  const inSentence = a => {
    const block = a.closest('p, li, td, dd, figcaption');
    return block && block.innerText.trim().length > a.innerText.trim().length + 2
      && getComputedStyle(a).display === 'inline';
  };
  for (const e of document.querySelectorAll(
      'main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary')) {
    if (!visible(e) || (e.tagName === 'A' && inSentence(e))) continue;
    const r = e.getBoundingClientRect();
    const main = e.matches("button[type=submit]:not(.link-button), .button");
    const least = main ? 44 : 24;
    if (r.width < least - 0.5 || r.height < least - 0.5)
      tooSmall.push(`${e.tagName.toLowerCase()} "${name(e)}" ${Math.round(r.width)}x${Math.round(r.height)} (needs ${least})`);
  }
  return {width: document.documentElement.scrollWidth, tooSmall};
}
