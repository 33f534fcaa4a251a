// The catalogue's shapes as /api/catalogue answers them (src/catalogue/README.md) and the calls
// the console makes. Every item kind has the same routes under its path segment; products,
// promotions and templates have versions with the TMF620 lifecycle, types and dictionaries get
// a new Active version on every PUT.
import { get, post, put } from '../shared/api';
import { lang } from '../shared/i18n';

export type Texts = Record<string, string>;
export type Json = unknown;

export interface Feature {
  key: string;
  labels?: Texts;
  type: string;
  required?: boolean;
  min?: number | string;
  max?: number | string;
  pattern?: string;
  currencies?: string[];
  dictionary?: string;
  multiple?: boolean;
  columns?: Feature[];
  default?: Json;
  unit?: string;
  description?: Texts | string;
}

export interface Group {
  key: string;
  labels?: Texts;
  features?: Feature[];
  groups?: Group[];
}

export interface Schema {
  features?: Feature[];
  groups?: Group[];
}

export interface Meta {
  key: string;
  version: number;
  lifecycleStatus: string;
  createdBy?: string;
  createdAt?: string;
  updatedBy?: string;
  updatedAt?: string;
  submittedBy?: string | null;
  submittedAt?: string | null;
  publishedBy?: string | null;
  publishedAt?: string | null;
  versions?: { version: number; lifecycleStatus: string }[];
}

export interface ProductType extends Meta {
  name: Texts;
  description?: Texts;
  schema: Schema;
  category?: Json;
}

export interface Entry { code: string; labels?: Texts }
export interface Dictionary extends Meta {
  name: Texts;
  description?: Texts;
  entries: Entry[];
}

export interface Window { days?: string[]; from?: string; to?: string }
export interface ChannelRule { channel: string; windows?: Window[] }
export interface Rule { key?: string; condition: string; reason?: Texts }
export interface ContentEntry { title?: string; summary?: string; html?: string; image?: string }
export interface ValidFor { startDateTime?: string | null; endDateTime?: string | null }

export interface Product extends Meta {
  type: string;
  name: Texts;
  description?: Texts;
  validFor?: ValidFor;
  features?: Record<string, Json>;
  prices?: Record<string, Json>[];
  eligibility?: Rule[];
  channels?: ChannelRule[];
  content?: Record<string, Record<string, ContentEntry>>;
  package?: Json;
  category?: Json;
}

export interface Adjustment { price: string; percentOff?: number; amountOff?: number; delta?: number; set?: number }
export interface Promotion extends Meta {
  name: Texts;
  description?: Texts;
  validFor?: ValidFor;
  products?: string[];
  segments?: string[];
  channels?: string[];
  condition?: string;
  priority?: number;
  stackable?: boolean;
  adjustments: Adjustment[];
}

export interface Asset { sha256: string; contentType: string; size: number; fileName: string | null; href: string; createdBy: string; createdAt: string }
export interface AuditEntry { id: number; at: string; userId: string; kind: string; key: string; version: number | null; action: string; detail: Record<string, Json> }
export interface Difference { path: string; from: Json; to: Json }
export interface Page<T> { items: T[]; count: number; firstResult: number; maxResults: number | null }

/** The path segment of each kind under /api/catalogue. */
export type Segment = 'products' | 'promotions' | 'product-types' | 'dictionaries' | 'templates';
export const STATUSES = ['In design', 'In test', 'Active', 'Retired'] as const;
export const LANGS = ['pl', 'en'] as const;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const base = (seg: Segment) => `/api/catalogue/${seg}`;
const one = (seg: Segment, key: string) => `${base(seg)}/${encodeURIComponent(key)}`;

export const list = <T>(seg: Segment, query: Record<string, string | number | undefined> = {}) =>
  get<Page<T>>(base(seg), query);
export const load = <T>(seg: Segment, key: string, version?: number) =>
  get<T>(one(seg, key), version ? { version } : undefined);
export const create = <T>(seg: Segment, body: unknown) => post<T>(base(seg), body);
/** Types and dictionaries: a new Active version. */
export const replace = <T>(seg: Segment, key: string, body: unknown) => put<T>(one(seg, key), body);
/** A draft version of a product, promotion or template. */
export const saveVersion = <T>(seg: Segment, key: string, version: number, body: unknown) =>
  put<T>(`${one(seg, key)}/versions/${version}`, body);
export const newVersion = <T>(seg: Segment, key: string) => post<T>(`${one(seg, key)}/versions`, {});
export const versions = <T>(seg: Segment, key: string) => get<T[]>(`${one(seg, key)}/versions`);
export const act = <T>(seg: Segment, key: string, version: number, action: string, comment = '') =>
  post<T>(`${one(seg, key)}/versions/${version}/${action}`, comment ? { comment } : {});
export const compare = (seg: Segment, key: string, from: number, to: number) =>
  get<{ differences: Difference[] }>(`${one(seg, key)}/compare`, { from, to });
export const audit = (seg: Segment, key: string) => get<AuditEntry[]>(`${one(seg, key)}/audit`, { maxResults: 200 });

export const feelCheck = (expression: string) =>
  post<{ valid: boolean; error: string | null }>('/api/catalogue/feel/check', { expression });
export const assets = () => get<Asset[]>('/api/catalogue/assets', { maxResults: 500 });
export const upload = (file: File) =>
  post<Asset>('/api/catalogue/assets', new Blob([file], { type: 'application/octet-stream' }), { fileName: file.name.replace(/\//g, '_').slice(0, 255) });

/** Every dictionary by key (the catalogue has tens, not thousands). */
export async function dictionaries(): Promise<Map<string, Dictionary>> {
  const page = await list<Dictionary>('dictionaries', { maxResults: 500 });
  return new Map(page.items.map((d) => [d.key, d]));
}

/** A text per language in the chosen language, else the other, else `fallback`. */
export function text(t: Texts | string | undefined | null, fallback = ''): string {
  if (!t) return fallback;
  if (typeof t === 'string') return t;
  return t[lang] || t.pl || t.en || Object.values(t)[0] || fallback;
}

/** The label of a dictionary code (the code when the dictionary or the code is unknown). */
export function codeLabel(dicts: Map<string, Dictionary>, dictionary: string, code: string): string {
  const e = dicts.get(dictionary)?.entries.find((x) => x.code === code);
  return e ? text(e.labels, code) : code;
}

/** The codes of a dictionary, or `fallback` when it does not exist. */
export function codes(dicts: Map<string, Dictionary>, dictionary: string, fallback: string[] = []): Entry[] {
  return dicts.get(dictionary)?.entries ?? fallback.map((code) => ({ code }));
}

export const CHANNELS = ['online', 'mobile', 'branch', 'callCentre', 'ivr', 'chatbot'];
