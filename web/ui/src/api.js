// The HTTP API of annals, as the explorer uses it. Errors are the API's RFC 9457
// problems, thrown as ApiError with the problem's title and detail.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? `${problem.title || 'Error'}: ${problem.detail || ''}` : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function answer(res) {
  const type = res.headers.get('content-type') || '';
  let body = await res.text();
  // Cayley answers GraphQL as JSON labelled text/plain: read JSON whatever the label.
  if (type.includes('json') || /^\s*[{[]/.test(body)) {
    const t = performance.now();
    try { body = JSON.parse(body); } catch { /* not JSON after all: keep the text */ }
    performance.measure('annals:json-parse', { start: t, end: performance.now() });
  }
  if (!res.ok) throw new ApiError(res.status, typeof body === 'object' ? body : { detail: body });
  return body;
}

// getInWorker is get run in a web worker (network.worker.js): the page receives the
// parsed answer, with `source`, `target` and `weight` as typed arrays. For the large
// answers whose download and parsing would block the page.
export function getInWorker(path, params = {}, signal) {
  const q = query(params);
  const url = new URL(q ? `${path}?${q}` : path, location.origin).href;
  return new Promise((ok, fail) => {
    const worker = new Worker('/assets/network.worker.js', { type: 'module' });
    const abort = () => { worker.terminate(); fail(new DOMException('The request was aborted.', 'AbortError')); };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      signal?.removeEventListener('abort', abort);
      if (data.network) ok(data.network);
      else fail(new ApiError(data.status, data.problem));
    };
    worker.onerror = (e) => { worker.terminate(); signal?.removeEventListener('abort', abort); fail(new Error(`network worker: ${e.message || 'failed'}`)); };
    worker.postMessage({ url });
  });
}

// get fetches a JSON answer; params with empty values are left out.
export async function get(path, params = {}, signal) {
  const q = query(params);
  const res = await fetch(q ? `${path}?${q}` : path, { signal, headers: { Accept: 'application/json' } });
  return answer(res);
}

// cayley runs a Gizmo or GraphQL query through Cayley's v2 API. It answers the body
// and, when the server cut the answer at its result limit, why (its Annals-Cut
// header), else ''.
export async function cayley(lang, text, signal) {
  const res = await fetch(`/api/v2/query?lang=${encodeURIComponent(lang)}`, {
    method: 'POST', body: text, signal, headers: { 'Content-Type': 'text/plain', Accept: 'application/json' },
  });
  const body = await answer(res);
  if (body && body.error) throw new ApiError(400, { title: 'Query failed', detail: body.error });
  if (body && body.errors && body.errors.length) throw new ApiError(400, { title: 'Query failed', detail: body.errors.map((e) => e.message || e).join('; ') });
  const cut = res.headers.get('Annals-Complete') === 'false' ? res.headers.get('Annals-Cut') || 'the answer was cut by the server' : '';
  return { body, cut };
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  return q.toString();
}

// ref turns a node's IRI into the type and ID the named queries take.
export function ref(iri) {
  let m;
  if ((m = /^https:\/\/annals\.dev\/id\/(person|body)\/(.+)$/.exec(iri))) return { type: m[1], id: decodeURIComponent(m[2]) };
  if ((m = /^https:\/\/annals\.dev\/id\/country\/(.+)$/.exec(iri))) return { type: 'place', id: 'country:' + m[1] };
  if ((m = /^https:\/\/annals\.dev\/id\/place\/(.+)$/.exec(iri))) return { type: 'place', id: m[1] };
  if ((m = /^https?:\/\/sws\.geonames\.org\/(\d+)\/?$/.exec(iri))) return { type: 'place', id: m[1] };
  if ((m = /^https:\/\/annals\.dev\/id\/event\/(.+)\/(L\d+)$/.exec(iri))) return { type: 'event', id: `${m[1]}:${m[2]}` };
  return null;
}

const profilePath = { person: 'people', body: 'bodies', place: 'places', event: 'events' };

// profileURL is the API path of a node's profile, or '' when it has none.
export function profileURL(iri) {
  const r = ref(iri);
  // The API reads path IDs as they are sent: keep ':' ("country:albania") unescaped.
  return r ? `/api/${profilePath[r.type]}/${encodeURIComponent(r.id).replace(/%3A/gi, ':')}` : '';
}
