// The window's language: which messages (ui/src/i18n/<locale>/index.ts, typesafe-i18n) it
// shows. `LL` reads the current locale's messages; reading it in a template or a $derived
// makes that part follow a switch at once, without a restart. The choice is kept in the
// user's settings (`set_language`), and the session sets it from `app_info` at start.

import type { Locales, TranslationFunctions } from '../i18n/i18n-types';
import { i18nObject, locales } from '../i18n/i18n-util';
import { loadAllLocales } from '../i18n/i18n-util.sync';
import type { FieldError, Problem } from '../bindings/bindings';

loadAllLocales();

const books = Object.fromEntries(locales.map((l) => [l, i18nObject(l)])) as Record<Locales, TranslationFunctions>;
const current = $state<{ locale: Locales }>({ locale: 'en' });

/** The messages in the current language: `LL.nav.items()`. */
export const LL: TranslationFunctions = new Proxy({} as TranslationFunctions, {
  get: (_t, key) => books[current.locale][key as keyof TranslationFunctions],
});

export type { Locales };
export { locales };

/** The current language. */
export const locale = (): Locales => current.locale;

/** Whether the window speaks Chinese (for the core's `label_zh`, `zh` terms). */
export const isZh = (): boolean => current.locale === 'zh-CN';

/** Switches the language at once (the caller keeps it in the settings). */
export function setLocale(l: Locales): void {
  current.locale = l;
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}

/** The core's term in the current language: its `zh` where it has one. */
export const term = (t: { en: string; zh?: string | null }): string => (isZh() && t.zh ? t.zh : t.en);

/** A field error's words in the current language (`field: words` is the caller's). */
export const fieldMessage = (e: FieldError): string => (e.problem ? problemText(e.problem) : e.message);

/** "Label: words" (in Chinese with a full-width colon). */
export const fieldLine = (label: string, e: FieldError): string => `${label}${LL.common.colon()}${fieldMessage(e)}`;

/** "Label: words; words" for several errors of one field. */
export const fieldLines = (label: string, errors: FieldError[]): string =>
  `${label}${LL.common.colon()}${errors.map(fieldMessage).join(LL.common.semicolon())}`;

/** A field problem the core names by key, in the current language (`Other`: the core's
 *  English, as it is). */
export function problemText(p: Problem): string {
  if (p.key === 'other') return p.message;
  // Every key the core sends must have its words (else this fails the type check).
  const words: { [K in Exclude<Problem['key'], 'other'>]: (args: Extract<Problem, { key: K }>) => string } = LL.problem;
  return (words[p.key] as (args: Problem) => string)(p);
}
