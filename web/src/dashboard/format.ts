// Numbers as the Dashboard shows them: percentages and durations in the user's language.
import { lang, t } from '../shared/i18n';

export function percent(v: number | null): string {
  if (v === null) return '–';
  return new Intl.NumberFormat(lang === 'pl' ? 'pl-PL' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

/** 950 ms, 42 s, 5 min, 3 h 20 min, 2 d 4 h. */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  const s = Math.round(ms / 1000);
  if (ms < 1000) return t('dash.unit.ms', { n: Math.round(ms) });
  if (s < 60) return t('dash.unit.s', { n: s });
  const min = Math.round(s / 60);
  if (min < 60) return t('dash.unit.min', { n: min });
  const hours = Math.floor(min / 60);
  if (hours < 24) return t('dash.unit.h', { n: hours, m: min % 60 });
  return t('dash.unit.d', { n: Math.floor(hours / 24), h: hours % 24 });
}
