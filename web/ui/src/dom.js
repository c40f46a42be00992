// h builds an element: h('a', {href: '/x', onclick: f}, 'text', child). Text is always
// set as text, never parsed as HTML: source sentences are untrusted input.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

// status announces a message in the live region (and shows it briefly).
let statusTimer;
export function status(msg, isError = false) {
  const el = document.getElementById('status');
  el.textContent = msg;
  el.classList.toggle('error', isError);
  el.classList.toggle('shown', !!msg);
  clearTimeout(statusTimer);
  if (msg && !isError) statusTimer = setTimeout(() => el.classList.remove('shown'), 4000);
}

// download saves a blob under a file name.
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// provenance shows what a source states: the sentence, its file and line.
export function provenance(p) {
  if (!p) return null;
  return h('blockquote', { class: 'source' },
    h('span', { class: 'states' }, 'The source states: '),
    h('q', {}, p.states || ''),
    h('cite', {}, ` — ${p.source || 'unknown source'}${p.line ? `, line ${p.line}` : ''}`));
}

export const typeLabel = { person: 'person', body: 'body', place: 'place', event: 'event' };
