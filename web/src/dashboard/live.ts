// Live numbers: the server's event stream (/api/events) says when instances and tasks change;
// the Dashboard asks again, at most once a second however many events arrive (the funnel and
// heatmap read history, so a burst of events costs one query, not one per event).
export function watchEvents(refresh: () => void): void {
  let timer: number | undefined;
  let last = 0;
  const soon = () => {
    if (timer !== undefined) return;
    const wait = Math.max(250, 1000 - (Date.now() - last));
    timer = window.setTimeout(() => {
      timer = undefined;
      last = Date.now();
      refresh();
    }, wait);
  };
  if (!('EventSource' in window)) {
    globalThis.setInterval(refresh, 30000);
    return;
  }
  const source = new EventSource('/api/events', { withCredentials: true });
  for (const kind of ['task', 'instance', 'incident']) source.addEventListener(kind, soon);
}
