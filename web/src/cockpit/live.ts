// Live updates for the Cockpit: the server's event stream (/api/events) tells about instances
// ending, tasks and incidents; the screen refreshes (events within 500 ms make one refresh).
// Without the stream the screen polls every 30 s. Returns a function that stops watching.
export function watch(refresh: () => void): () => void {
  let timer: number | undefined;
  let poll: number | undefined;
  const soon = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 500);
  };
  const fallback = () => {
    if (poll === undefined) poll = window.setInterval(refresh, 30000);
  };
  if (!('EventSource' in window)) {
    fallback();
    return () => window.clearInterval(poll);
  }
  const source = new EventSource('/api/events', { withCredentials: true });
  for (const kind of ['task', 'instance', 'incident']) source.addEventListener(kind, soon);
  source.addEventListener('open', () => {
    if (poll !== undefined) {
      window.clearInterval(poll);
      poll = undefined;
    }
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) fallback();
  });
  return () => {
    source.close();
    window.clearTimeout(timer);
    window.clearInterval(poll);
  };
}
