// Fetches the explorer's network off the main thread: a large network is megabytes of
// JSON, and receiving, decoding and parsing it on the page blocks the page for
// hundreds of milliseconds on a slow machine. The ties come back as typed arrays
// (moved, not copied); an error answer comes back as the API's problem.
self.onmessage = async ({ data: { url } }) => {
  try {
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    const text = await res.text();
    let body;
    try { body = JSON.parse(text); } catch { body = { detail: text }; }
    if (!res.ok) {
      self.postMessage({ status: res.status, problem: body });
      return;
    }
    body.source = Int32Array.from(body.source);
    body.target = Int32Array.from(body.target);
    body.weight = Float64Array.from(body.weight);
    self.postMessage({ status: res.status, network: body }, [body.source.buffer, body.target.buffer, body.weight.buffer]);
  } catch (e) {
    self.postMessage({ status: 0, problem: { title: 'Network error', detail: e.message } });
  }
};
