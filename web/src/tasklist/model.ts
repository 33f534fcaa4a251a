// The Tasklist's data: Camunda 7 REST shapes it reads, the URL state of the view, and the
// queries behind filters (Camunda's /filter resource, or built-in ones when a server has none).
import { get, isMissing, post, type Me } from '../shared/api';

export interface Task {
  id: string;
  name: string | null;
  assignee: string | null;
  owner: string | null;
  created: string;
  due: string | null;
  followUp: string | null;
  delegationState: 'PENDING' | 'RESOLVED' | null;
  description: string | null;
  priority: number;
  processDefinitionId: string;
  processInstanceId: string;
  taskDefinitionKey: string;
  formKey: string | null;
}

export interface TaskFilter {
  id: string;
  name: string;        // already translated
  builtin: boolean;    // true: a built-in query (no /filter resource on this server)
  query: Record<string, unknown>;
  count: number | null;
}

export type SortBy = 'created' | 'dueDate' | 'followUpDate' | 'priority' | 'name';
export type SearchBy = 'name' | 'businessKey' | 'variable';

export interface ViewState {
  filter: string;
  sortBy: SortBy;
  sortOrder: 'asc' | 'desc';
  q: string;
  by: SearchBy;
  page: number;
  task: string | null;
}

export const PAGE_SIZE = 25;
const SORTS: SortBy[] = ['created', 'dueDate', 'followUpDate', 'priority', 'name'];

export function readState(): ViewState {
  const p = new URLSearchParams(location.search);
  const m = location.pathname.match(/^\/tasklist\/task\/([^/]+)/);
  const sort = p.get('sort') as SortBy;
  const by = p.get('by') as SearchBy;
  return {
    filter: p.get('filter') ?? '',
    sortBy: SORTS.includes(sort) ? sort : 'created',
    sortOrder: p.get('order') === 'asc' ? 'asc' : 'desc',
    q: p.get('q') ?? '',
    by: ['name', 'businessKey', 'variable'].includes(by) ? by : 'name',
    page: Math.max(1, Number(p.get('page')) || 1),
    task: m ? decodeURIComponent(m[1]) : null,
  };
}

export function urlOf(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.filter) p.set('filter', s.filter);
  if (s.sortBy !== 'created') p.set('sort', s.sortBy);
  if (s.sortOrder !== 'desc') p.set('order', s.sortOrder);
  if (s.q) {
    p.set('q', s.q);
    p.set('by', s.by);
  }
  if (s.page > 1) p.set('page', String(s.page));
  const qs = p.toString();
  return (s.task ? `/tasklist/task/${encodeURIComponent(s.task)}` : '/tasklist/') + (qs ? `?${qs}` : '');
}

/** The extra query a search adds; null when the text cannot be used (variable without "="). */
export function searchQuery(s: ViewState): Record<string, unknown> | null {
  const q = s.q.trim();
  if (!q) return {};
  if (s.by === 'name') return { nameLike: `%${q}%` };
  if (s.by === 'businessKey') return { processInstanceBusinessKeyLike: `%${q}%` };
  const at = q.search(/[=:]/);
  if (at < 1) return null;
  const name = q.slice(0, at).trim();
  const raw = q.slice(at + 1).trim();
  let value: unknown = raw;
  if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  return { processVariables: [{ name, operator: 'eq', value }] };
}

interface CamundaFilter {
  id: string;
  name: string;
  query: Record<string, unknown>;
  properties?: { dpcMessageKey?: string; priority?: number };
  itemCount?: number;
}

/** Filters with their counts: the server's Task filters, or the built-in three. */
export const fetchServerFilters = () => get<CamundaFilter[]>('/engine-rest/filter', { resourceType: 'Task', itemCount: true });

/** The filters; built-in ones come without counts (refreshCounts). `pending`: a fetch of the
 *  server's filters already under way (started beside /api/auth/me to save a round trip). */
export async function loadFilters(me: Me, translate: (key: string, fallback: string) => string,
  pending: Promise<CamundaFilter[]> = fetchServerFilters()): Promise<TaskFilter[]> {
  try {
    const list = await pending;
    return list
      .slice()
      .sort((a, b) => (a.properties?.priority ?? 0) - (b.properties?.priority ?? 0))
      .map((f) => ({
        id: f.id,
        name: f.properties?.dpcMessageKey ? translate(f.properties.dpcMessageKey, f.name) : f.name,
        builtin: false,
        query: f.query ?? {},
        count: typeof f.itemCount === 'number' ? f.itemCount : null,
      }));
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
  const builtins: TaskFilter[] = [
    { id: 'mine', name: translate('filter.myTasks', 'My tasks'), builtin: true, query: { assignee: me.userId }, count: null },
  ];
  if (me.groups.length) {
    builtins.push({ id: 'groups', name: translate('filter.groupTasks', 'My group tasks'), builtin: true, query: { candidateGroups: me.groups }, count: null });
  }
  builtins.push({ id: 'unassigned', name: translate('filter.unassigned', 'Unassigned'), builtin: true, query: { unassigned: true }, count: null });
  // "All tasks" for administrators, as the server's default filters have it.
  if (me.admin) builtins.push({ id: 'all', name: translate('filter.allTasks', 'All tasks'), builtin: true, query: {}, count: null });
  return builtins;
}

/** Counts of built-in filters (server filters bring theirs with itemCount). */
export async function refreshCounts(filters: TaskFilter[]): Promise<void> {
  await Promise.all(
    filters.filter((f) => f.builtin).map(async (f) => {
      const r = await post<{ count: number }>('/engine-rest/task/count', f.query);
      f.count = r.count;
    }),
  );
}

export async function loadTasks(filter: TaskFilter, s: ViewState): Promise<{ tasks: Task[]; total: number }> {
  const extra = searchQuery(s) ?? {};
  const sorting = [{ sortBy: s.sortBy, sortOrder: s.sortOrder }];
  const paging = { firstResult: (s.page - 1) * PAGE_SIZE, maxResults: PAGE_SIZE };
  if (filter.builtin) {
    const body = { ...filter.query, ...extra };
    const [tasks, count] = await Promise.all([
      post<Task[]>('/engine-rest/task', { ...body, sorting }, paging),
      post<{ count: number }>('/engine-rest/task/count', body),
    ]);
    return { tasks, total: count.count };
  }
  const [tasks, count] = await Promise.all([
    post<Task[]>(`/engine-rest/filter/${encodeURIComponent(filter.id)}/list`, { ...extra, sorting }, paging),
    post<{ count: number }>(`/engine-rest/filter/${encodeURIComponent(filter.id)}/count`, extra),
  ]);
  return { tasks, total: count.count };
}

const definitionNames = new Map<string, Promise<string>>();
/** The process definition's name (or key), cached for the page's life. */
export function processName(definitionId: string): Promise<string> {
  let p = definitionNames.get(definitionId);
  if (!p) {
    p = get<{ name: string | null; key: string }>(`/engine-rest/process-definition/${encodeURIComponent(definitionId)}`)
      .then((d) => d.name || d.key)
      .catch(() => definitionId.split(':')[0]);
    definitionNames.set(definitionId, p);
  }
  return p;
}
