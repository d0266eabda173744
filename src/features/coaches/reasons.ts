import type { Locale, Translate } from '../../platform/i18n/index.ts';
import { languageName } from '../households/index.ts';
import type { Reason } from './matching.ts';

export { languageName };

// Reasons and languages in plain words, for the pages and the API alike. Message variables keep to the
// names tests/unit/i18n.test.ts formats with (count, name, page, pages): "{page} van {pages}" is load of maximum.


export function reasonText(t: Translate, locale: Locale, reason: Reason): string {
  const p = reason.params ?? {};
  switch (reason.code) {
    case 'language':
      return t('coaches.reason.language', { name: languageName(locale, String(p.language)) });
    case 'language_children':
      return t('coaches.reason.language_children', { name: languageName(locale, String(p.language)) });
    case 'no_shared_language':
      return t('coaches.reason.no_shared_language');
    case 'same_postcode_area':
      return t('coaches.reason.same_postcode_area', { name: String(p.area) });
    case 'same_municipality':
      return t('coaches.reason.same_municipality');
    case 'other_municipality':
      return t('coaches.reason.other_municipality');
    case 'places_free':
      return t('coaches.reason.places_free', { count: Number(p.count) });
    case 'full':
      return t('coaches.reason.full', { page: Number(p.load), pages: Number(p.max) });
    case 'preference':
      return t(`coaches.reason.preference_${String(p.preference)}`);
    case 'availability':
      return t('coaches.reason.availability', { count: Number(p.count) });
  }
}
