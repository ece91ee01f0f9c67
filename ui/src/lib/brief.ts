// The Briefs view's small rules of presentation: the options as the backend wants them,
// the bar chart's geometry, and keeping only the newest preview. No business rules: the
// brief itself (what is in it, its figures and words) comes whole from the backend.

import { LL } from './i18n.svelte';
import { parseIso } from './calendar';
import type { Kind } from '../api/items';
import type { BriefOptions, Lang, Profile } from '../api/briefs';
import { KINDS } from './labels';

/** What the options panel holds (strings as typed). */
export type BriefForm = {
  kinds: Record<Kind, boolean>;
  openOnly: boolean;
  /** An agency code, or '' for every agency. */
  agency: string;
  /** YYYY-MM-DD, or '' for no limit. */
  changedSince: string;
  lang: Lang;
  title: string;
  marking: string;
  preparedBy: string;
  /** Begin with the changes since the previous brief recorded. */
  sinceLast: boolean;
  profile: Profile;
  /** Save the PDF as PDF/A-2 (for archiving); not an option of the brief's contents. */
  pdfA: boolean;
};

export function defaultForm(marking: string, preparedBy: string | null): BriefForm {
  return {
    kinds: { extradition: true, indictment: true, scheduling: true, commitment: true },
    openOnly: false,
    agency: '',
    changedSince: '',
    lang: 'en',
    title: '',
    marking,
    preparedBy: preparedBy ?? '',
    sinceLast: false,
    profile: 'full',
    pdfA: false,
  };
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const TYPING_DAY = /^\d{1,4}(-(\d{1,2}(-\d?)?)?)?$/;

/** The options the backend takes, or the problem that keeps them from being sent: one
 *  the options cannot even be written without (no kind, a date that is not one). The
 *  limits on the texts are the backend's to check (it names the field it refuses). */
export function toOptions(f: BriefForm): { options: BriefOptions | null; problem: string | null } {
  const chosen = KINDS.filter((k) => f.kinds[k]);
  if (chosen.length === 0) return { options: null, problem: LL.briefs.chooseKind() };
  const since = f.changedSince.trim();
  // Still being typed: nothing to send yet, and nothing to complain about.
  if (since.length < 10 && TYPING_DAY.test(since)) return { options: null, problem: null };
  if (since !== '' && !ISO_DAY.test(since)) {
    return { options: null, problem: LL.briefs.sinceShape() };
  }
  if (since !== '' && parseIso(since) === null) {
    return { options: null, problem: LL.briefs.sinceReal({ since }) };
  }
  const text = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    options: {
      // Every kind ticked is the same as none named: "every kind".
      kinds: chosen.length === KINDS.length ? [] : chosen,
      open_only: f.openOnly,
      agency: f.agency === '' ? null : f.agency,
      changed_since: since === '' ? null : since,
      lang: f.lang,
      title: text(f.title),
      marking: f.marking.trim(),
      prepared_by: text(f.preparedBy),
      since_last: f.sinceLast,
      profile: f.profile,
    },
    problem: null,
  };
}

/** One bar laid out: its label, where its bar ends, its value as printed. */
export type BarBox = { y: number; width: number; label: string; labelZh: string | null; value: number; overdue: boolean };

export const CHART = { width: 640, labelWidth: 150, valueWidth: 110, rowHeight: 18, barHeight: 11 } as const;

/** The chart's bars as boxes in a `CHART.width`-wide drawing. */
export function chartBoxes(
  bars: { label: string; label_zh: string | null; value: number; overdue: boolean }[],
  max: number,
  rowHeight: number = CHART.rowHeight,
): BarBox[] {
  const room = CHART.width - CHART.labelWidth - CHART.valueWidth;
  const scale = max > 0 ? room / max : 0;
  return bars.map((b, i) => ({
    y: i * rowHeight,
    width: Math.max(1, Math.round(b.value * scale)),
    label: b.label,
    labelZh: b.label_zh,
    value: b.value,
    overdue: b.overdue,
  }));
}

/**
 * Hands out a number for each request and says whether a response is still the newest's:
 * a slow answer to an older request must not replace a newer one.
 */
export class Latest {
  private n = 0;
  next(): number {
    this.n += 1;
    return this.n;
  }
  isLatest(token: number): boolean {
    return token === this.n;
  }
}
