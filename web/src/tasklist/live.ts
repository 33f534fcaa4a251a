// Live updates: the server's event stream (/api/events) says when tasks change; the list and
// counts are refreshed then (several events within 300 ms make one refresh). Without the stream
// (an older server, or a broken connection the browser gave up on) the counts are polled.
export function watchEvents(refresh: () => void): void {
  let timer: number | undefined;
  const soon = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  };
  let poll: number | undefined;
  const fallback = () => {
    if (poll === undefined) poll = window.setInterval(refresh, 30000);
  };
  if (!('EventSource' in window)) return fallback();
  const source = new EventSource('/api/events', { withCredentials: true });
  for (const kind of ['task', 'instance']) source.addEventListener(kind, soon);
  source.addEventListener('open', () => {
    if (poll !== undefined) {
      window.clearInterval(poll);
      poll = undefined;
    }
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) fallback();
  });
}
