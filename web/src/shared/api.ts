// The API client of every web app: same-origin fetch with the session cookie, the CSRF token
// (XSRF-TOKEN cookie echoed as X-XSRF-TOKEN) on every change, JSON in and out, errors as
// ApiError with the server's {"type","message"} and, for form validation, its fieldErrors.
// A 401 sends the browser back to the login page (with the page to return to).

export interface FieldError {
  field: string;
  rule?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public type = '',
    public fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
}

function cookie(name: string): string {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return '';
}

export interface RequestOptions {
  method?: string;
  body?: unknown; // JSON unless FormData or a Blob (a file's bytes as they are)
  query?: Record<string, string | number | boolean | undefined | null>;
  accept?: string;
  noLoginRedirect?: boolean;
}

export function toLogin(): void {
  const back = location.pathname + location.search;
  location.assign('/?next=' + encodeURIComponent(back));
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export async function request<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = {
    Accept: opts.accept ?? 'application/json',
    'X-Requested-With': 'XMLHttpRequest', // never a Basic-auth pop-up
  };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData || opts.body instanceof Blob) body = opts.body;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = cookie('XSRF-TOKEN');
    if (token) headers['X-XSRF-TOKEN'] = token;
  }
  const res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  if (res.status === 401 && !opts.noLoginRedirect) {
    toLogin();
    throw new ApiError(401, 'Authentication required');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (data ?? {}) as { message?: string; type?: string; fieldErrors?: FieldError[] };
    throw new ApiError(res.status, e.message ?? `${res.status} ${res.statusText}`, e.type ?? '', e.fieldErrors ?? []);
  }
  return data as T;
}

export const get = <T>(path: string, query?: RequestOptions['query'], opts: RequestOptions = {}) =>
  request<T>(path, { ...opts, query });
export const post = <T>(path: string, body: unknown = {}, query?: RequestOptions['query']) =>
  request<T>(path, { method: 'POST', body, query });
export const put = <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body });
export const del = <T>(path: string) => request<T>(path, { method: 'DELETE' });

/** True when the error means "this endpoint is not there" (an older server). */
export const isMissing = (e: unknown) => e instanceof ApiError && (e.status === 404 || e.status === 405);

export interface Me {
  userId: string;
  groups: string[];
  admin: boolean;
  apps?: string[];
}

export const me = (noLoginRedirect = false) => request<Me>('/api/auth/me', { noLoginRedirect });

export async function logout(): Promise<void> {
  try {
    await post('/api/auth/logout');
  } finally {
    location.assign('/');
  }
}
