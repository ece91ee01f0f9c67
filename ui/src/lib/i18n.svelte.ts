// The window's language: which messages (ui/src/i18n/<locale>/index.ts, typesafe-i18n) it
// shows. `LL` reads the current locale's messages; reading it in a template or a $derived
// makes that part follow a switch at once, without a restart. The choice is kept in the
// user's settings (`set_language`), and the session sets it from `app_info` at start.

import type { Locales, TranslationFunctions } from '../i18n/i18n-types';
import { i18nObject, locales } from '../i18n/i18n-util';
import { loadAllLocales } from '../i18n/i18n-util.sync';
import { VOCABULARY, type Deadline, type FieldError, type Problem } from '../bindings/bindings';

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

type AgencyNames = { code: string; name_en: string; name_zh: string };

/** An agency's name in the current language. */
export const agencyName = (a: AgencyNames): string => term({ en: a.name_en, zh: a.name_zh });

/** An agency as a chooser lists it: its code and its name in the current language. */
export const agencyLabel = (a: AgencyNames): string => `${a.code} — ${agencyName(a)}`;

/** An agency with both its names, the current language's first (the item form). */
export const agencyBothNames = (a: AgencyNames): string =>
  isZh() ? `${a.code} — ${a.name_zh} · ${a.name_en}` : `${a.code} — ${a.name_en} · ${a.name_zh}`;

/** A field error's words in the current language (`field: words` is the caller's). */
export const fieldMessage = (e: FieldError): string => problemText(e.problem);

/** "Label: words" (in Chinese with a full-width colon). */
export const fieldLine = (label: string, e: FieldError): string => `${label}${LL.common.colon()}${fieldMessage(e)}`;

/** "Label: words; words" for several errors of one field. */
export const fieldLines = (label: string, errors: FieldError[]): string =>
  `${label}${LL.common.colon()}${errors.map(fieldMessage).join(LL.common.semicolon())}`;

/** The Chinese terms of the core's closed vocabularies, by key (the glossary's). */
const zhTerms = (terms: readonly { key: string; zh: string }[]) => new Map(terms.map((t) => [t.key, t.zh]));
const ZH_KINDS = zhTerms(VOCABULARY.kinds);
const ZH_STATUSES = zhTerms(VOCABULARY.statuses);
const ZH_EVENTS = zhTerms(VOCABULARY.event_types);

/** A problem's parameters as its words take them. A kind, a status or an event type comes
 *  as its key, which the English shows as it is (as the command line does) and the Chinese
 *  as its glossary term; a deadline as its noun. */
function problemArgs(p: Problem, l: Locales): Record<string, unknown> {
  const args: Record<string, unknown> = { ...p };
  const zh = l === 'zh-CN';
  const word = (name: string, terms: Map<string, string>) => {
    const v = args[name];
    if (zh && typeof v === 'string') args[name] = terms.get(v) ?? v;
  };
  word('kind', ZH_KINDS);
  for (const name of ['status', 'from_status', 'to_status']) word(name, ZH_STATUSES);
  word('event_type', ZH_EVENTS);
  if (typeof args.deadline === 'string') args.deadline = books[l].deadlineNoun[args.deadline as Deadline]();
  // The demo's placeholders, whose braces a message cannot hold.
  if (p.key === 'demo_bad_placeholder') Object.assign(args, { year: '{year N}', yy: '{yy N}' });
  return args;
}

/** The parameters a problem's words take: its own, and the demo's placeholders (added by
 *  `problemArgs`). */
type WordsArgs<K extends Problem['key']> = Extract<Problem, { key: K }> &
  (K extends 'demo_bad_placeholder' ? { year: string; yy: string } : unknown);

/** A field problem the core names by key, in the current language (or in `l`). */
export function problemText(p: Problem, l: Locales = current.locale): string {
  // Every key the core sends must have its words (else this fails the type check).
  const words: { [K in Problem['key']]: (args: WordsArgs<K>) => string } = books[l].problem;
  return (words[p.key] as (args: Record<string, unknown>) => string)(problemArgs(p, l));
}
