/**
 * @module Times and numbers as people read them: in the language of the console and the user's
 * time zone (their own setting, else the browser's), always with the zone named.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Texts } from './types.js';
import { useSession } from './session.js';

export interface Formatter {
  lang: 'en' | 'fr';
  timeZone: string;
  /** `23 Nov 2026, 23:47:10 CET` */
  dateTime(value: string | number | Date | null | undefined): string;
  number(value: number, digits?: number): string;
  /** `2 h 05 min`, `45 s` */
  duration(ms: number): string;
  /** A `{en, fr}` text (or a plain one) in the current language. */
  text(value: Texts | string | null | undefined): string;
}

function validZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

export function makeFormatter(lang: 'en' | 'fr', zone: string | null | undefined): Formatter {
  const timeZone = validZone(zone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const dates = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone, timeZoneName: 'short' });
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let format = numbers.get(digits);
    if (!format) numbers.set(digits, (format = new Intl.NumberFormat(lang, { maximumFractionDigits: digits })));
    return format;
  };
  const unit = (value: number, u: 'day' | 'hour' | 'minute' | 'second') => new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(value);
  return {
    lang,
    timeZone,
    dateTime(value) {
      if (value === null || value === undefined) return '—';
      const date = value instanceof Date ? value : new Date(value);
      return Number.isNaN(date.getTime()) ? '—' : dates.format(date);
    },
    number: (value, digits = 0) => numberFormat(digits).format(value),
    duration(ms) {
      const total = Math.max(0, Math.round(ms / 1000));
      const days = Math.floor(total / 86400);
      const hours = Math.floor((total % 86400) / 3600);
      const minutes = Math.floor((total % 3600) / 60);
      const seconds = total % 60;
      if (days > 0) return `${unit(days, 'day')} ${unit(hours, 'hour')}`;
      if (hours > 0) return `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
      if (minutes > 0) return `${unit(minutes, 'minute')} ${unit(seconds, 'second')}`;
      return unit(seconds, 'second');
    },
    text(value) {
      if (value === null || value === undefined) return '';
      return typeof value === 'string' ? value : value[lang] || value.en;
    },
  };
}

/** The formatter of the current language and the signed-in user's time zone. */
export function useFormat(): Formatter {
  const { i18n } = useTranslation();
  const session = useSession();
  const lang = i18n.language === 'fr' ? 'fr' : 'en';
  const zone = session?.user.time_zone;
  return useMemo(() => makeFormatter(lang, zone), [lang, zone]);
}
