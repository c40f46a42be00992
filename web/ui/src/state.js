// The explorer's state lives in the URL: the path names the view, the query string the
// rest, so every view can be bookmarked and shared. navigate() changes it and renders.

export const views = ['network', 'map', 'events', 'legislators', 'query'];

// Defaults are left out of the URL.
const defaults = { depth: '1', types: 'person,body', size: 'events', color: 'type', lang: 'gizmo', sort: 'date', dir: 'asc' };

export function read() {
  const view = location.pathname.replace(/^\/+|\/+$/g, '') || 'network';
  const q = new URLSearchParams(location.search);
  const s = { view: views.includes(view) ? view : 'network' };
  for (const [k, v] of q) s[k] = v;
  for (const [k, v] of Object.entries(defaults)) if (!s[k]) s[k] = v;
  return s;
}

export function url(s) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) {
    if (k === 'view' || v === undefined || v === null || v === '' || defaults[k] === v) continue;
    q.set(k, v);
  }
  const qs = q.toString();
  return `/${s.view}${qs ? '?' + qs : ''}`;
}

let onChange = () => {};
export function listen(fn) {
  onChange = fn;
  window.addEventListener('popstate', () => onChange(read()));
}

// navigate merges changes into the state; replace keeps the history entry.
export function navigate(changes, { replace = false } = {}) {
  const next = { ...read(), ...changes };
  for (const k of Object.keys(changes)) if (changes[k] === undefined) delete next[k];
  const u = url(next);
  if (u !== location.pathname + location.search) {
    if (replace) history.replaceState(null, '', u);
    else history.pushState(null, '', u);
  }
  onChange(read());
}
