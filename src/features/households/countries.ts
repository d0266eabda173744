// ISO 3166-1 alpha-2 region codes for "country of origin". The list is derived from what ICU can name, minus
// the codes that are not countries (EU, UN, ZZ …) or no longer exist (SU, YU, CS …). XK (Kosovo) stays: the IND uses it.
const NOT_COUNTRIES = new Set('AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ'.split(' '));

function regionCodes(): string[] {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  const out: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (!NOT_COUNTRIES.has(code) && names.of(code) !== code) out.push(code);
    }
  }
  return out;
}

export const COUNTRY_CODES: readonly string[] = regionCodes();
const KNOWN = new Set(COUNTRY_CODES);
export const isCountryCode = (code: string): boolean => KNOWN.has(code);

/** The countries most newcomers in Dutch municipalities come from (IND figures), listed first in forms. */
export const COMMON_ORIGINS: readonly string[] = ['SY', 'ER', 'AF', 'TR', 'YE', 'IQ', 'SO', 'IR', 'UA', 'ET', 'SD', 'PS'];

/** Languages often needed at an intake; the form offers them as interpreter languages. */
export const COMMON_LANGUAGES: readonly string[] = ['ar', 'ti', 'fa', 'prs', 'ps', 'ku', 'so', 'tr', 'uk', 'ru', 'am', 'en', 'fr'];

const regionNames = new Map<string, Intl.DisplayNames>();

/** A country's name in the reader's language ("Syrië", "Syria", "سوريا"), or the code when unknown. */
export function regionName(locale: string, code: string): string {
  let names = regionNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region' });
    regionNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

const languageNames = new Map<string, Intl.DisplayNames>();

/** A language's name in the reader's language ("Arabisch", "Arabic", "العربية"), or the code when unknown. */
export function languageName(locale: string, code: string): string {
  let names = languageNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language' });
    languageNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
