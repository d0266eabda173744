import { readdirSync, readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';

// ICU messages. Dutch is the source language; English must be complete; Arabic (right-to-left) is complete
// today, and any key a later feature adds falls back to Dutch until it is translated.
// tests/unit/i18n.test.ts fails on any missing nl/en key.
export const LOCALES = ['nl', 'en', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'nl';

type Catalogue = Record<string, string>;

const MESSAGES = new URL('./messages/', import.meta.url);

/** messages/<locale>.json holds the shell; each feature keeps its texts in messages/<feature>.<locale>.json. */
function load(locale: Locale): Catalogue {
  const files = readdirSync(MESSAGES).filter((f) => f === `${locale}.json` || f.endsWith(`.${locale}.json`)).sort();
  const catalogue: Catalogue = {};
  for (const file of files) {
    const part = JSON.parse(readFileSync(new URL(file, MESSAGES), 'utf8')) as Catalogue;
    for (const [key, message] of Object.entries(part)) {
      if (key in catalogue) throw new Error(`i18n: key ${key} appears twice (${file})`);
      catalogue[key] = message;
    }
  }
  return catalogue;
}

export const catalogues: Record<Locale, Catalogue> = { nl: load('nl'), en: load('en'), ar: load('ar') };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

export type Translate = (key: string, values?: Record<string, string | number | Date>) => string;

const compiled = new Map<string, IntlMessageFormat>();

export function translator(locale: Locale): Translate {
  return (key, values) => {
    const catalogue = catalogues[locale];
    const source = catalogue[key] !== undefined ? locale : DEFAULT_LOCALE;
    const message = catalogues[source][key];
    if (message === undefined) return key;
    const cacheKey = `${source}\u0000${key}`;
    let format = compiled.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(message, source);
      compiled.set(cacheKey, format);
    }
    return String(format.format(values));
  };
}

/** Pick a supported locale from an Accept-Language header. */
export function negotiate(header: string | undefined): Locale {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase();
    if (isLocale(tag)) return tag;
  }
  return DEFAULT_LOCALE;
}

export function formatDate(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}
