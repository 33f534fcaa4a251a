// Polish and English: every text of the web apps comes from message files, dates and numbers
// are formatted with Intl for the chosen language. src/i18n/<lang>.json holds the shell's and
// the Tasklist's texts; every other app keeps its own files (src/<app>/i18n/<lang>.json) and adds
// them with addMessages() before it renders, so one app's texts never load with another's. The language is the one the user
// picked (localStorage), else the browser's (Polish for pl-*, English otherwise).
import en from '../i18n/en.json';
import pl from '../i18n/pl.json';

export type Lang = 'pl' | 'en';
const messages: Record<Lang, Record<string, string>> = { pl: { ...pl }, en: { ...en } };
const KEY = 'dpc.lang';

function initial(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'pl' || saved === 'en') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('pl') ? 'pl' : 'en';
}

export let lang: Lang = initial();
document.documentElement.lang = lang;

export function setLang(next: Lang): void {
  localStorage.setItem(KEY, next);
  lang = next;
  document.documentElement.lang = next;
}

/** Adds an app's own message files (call before the app renders anything). */
export function addMessages(more: Record<Lang, Record<string, string>>): void {
  Object.assign(messages.pl, more.pl);
  Object.assign(messages.en, more.en);
}

/** The message `key` with {name} placeholders filled; the key itself when missing. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = messages[lang][key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) =>
    name in params ? (typeof params[name] === 'number' ? fmtNumber(params[name] as number) : String(params[name])) : `{${name}}`,
  );
}

/** Has a message for `key` (for server-provided message keys such as filter names). */
export const has = (key: string) => key in messages[lang] || key in messages.en;

const locale = () => (lang === 'pl' ? 'pl-PL' : 'en-GB');

export function fmtNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(d);
}

/** "3 hours ago", "in 2 days". */
export function fmtRelative(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso).getTime();
  if (isNaN(d)) return iso;
  const diff = (d - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), 'day');
  return fmtDate(iso);
}

/** Camunda's date format for the REST API: 2026-12-07T14:05:00.000+0100. */
export function toCamundaDate(d: Date): string {
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:` +
    `${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}${off >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`
  );
}

/** An ISO date as the value of an <input type="datetime-local">. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
