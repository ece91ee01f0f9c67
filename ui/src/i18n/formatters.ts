import type { FormattersInitializer } from 'typesafe-i18n';
import type { Locales, Formatters } from './i18n-types.js';

// Numbers in messages (`{n:number|int}`) are written with the locale's digits grouping.
export const initFormatters: FormattersInitializer<Locales, Formatters> = (locale: Locales) => {
  const integer = new Intl.NumberFormat(locale === 'en' ? 'en-US' : locale, { maximumFractionDigits: 0 });
  const formatters: Formatters = {
    int: (n: number) => integer.format(n),
    // A number a message needs only for its plural: written nowhere.
    ignore: () => '',
  };
  return formatters;
};
