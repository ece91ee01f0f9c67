// Status briefs: the options' defaults and the brief's fixed words, the preview (the core's
// brief model, laid out by the view), saving as PDF through the native Save dialog,
// printing through the system dialog, and the handling-marking setting.

import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import {
  commands,
  type Brief_Serialize,
  type BriefDefaults_Serialize,
  type BriefOptions_Deserialize,
} from '../bindings/bindings';
import { unwrap } from './result';

export type { BriefRow_Serialize as BriefRow, Label, Lang, Profile, SavedBrief, Section_Serialize as Section, Words } from '../bindings/bindings';
export type Brief = Brief_Serialize;
export type BriefDefaults = BriefDefaults_Serialize;
export type BriefOptions = BriefOptions_Deserialize;

/** The marking and prepared-by to start from, and the brief's fixed words. */
export const briefDefaults = () => unwrap(commands.briefDefaults());

/** The brief these options make, as of the app's today. */
export const briefPreview = (options: BriefOptions) => unwrap(commands.briefPreview(options));

/** Asks where to save (native dialog), writes the tagged PDF (with `pdfA`, PDF/A-2 as
 * well) and records it; `null` when cancelled. */
export const saveBriefPdf = (options: BriefOptions, pdfA: boolean) =>
  unwrap(commands.saveBriefPdf(options, pdfA));
/** Asks where, writes the brief as HTML or Markdown and records it; `null` when cancelled. */
export const saveBriefText = (options: BriefOptions, format: 'html' | 'md') =>
  unwrap(commands.saveBriefText(options, format));

/** Records the brief and opens the system print dialog on the window. */
export const printBrief = (options: BriefOptions) => unwrap(commands.printBrief(options));

/** Stores the default handling marking (empty: back to the default); returns the one in force. */
export const setBriefMarking = (marking: string) => unwrap(commands.setBriefMarking(marking));

/** What a PDF being saved is doing: `rendering`, then `writing`. */
export type BriefProgress = 'rendering' | 'writing';

export function onBriefProgress(handler: (stage: BriefProgress) => void): Promise<UnlistenFn> {
  return listen<BriefProgress>('brief-progress', (e) => handler(e.payload));
}
