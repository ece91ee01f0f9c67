// The substance registry's words (shared/GLOSSARY.md), for the view and its form.

import type { FormSchema } from '../api/items';
import type { SubstanceDraft, UnTable } from '../api/substances';
import type { Choice } from '../bindings/bindings';
import { choiceLabel } from './fields';
import { LL } from './i18n.svelte';
import { localized } from './labels';

export type SubstanceField = keyof SubstanceDraft;

export const SUBSTANCE_FIELDS: readonly SubstanceField[] = [
  'name',
  'name_zh',
  'cas',
  'class',
  'us_control',
  'prc_control',
  'prc_controlled_on',
  'un_table',
  'source',
];

export const SUBSTANCE_LABEL: Record<SubstanceField, string> = localized(SUBSTANCE_FIELDS, (f) => LL.substanceField[f]());

export const UN_TABLE_LABEL: Record<UnTable, string> = localized(['I', 'II'] as const, (t) => LL.substances.table[t]());

/** The classes a substance can have, with their words, as the core's item form lists
 *  them (the scheduling kind's `substance_class` choices). */
export function classOptions(schema: FormSchema | null): Choice[] {
  const field = schema?.kinds.flatMap((k) => k.fields).find((f) => f.name === 'substance_class');
  return field?.options ?? [];
}

/** A substance class's words (the key itself when the schema does not know it). */
export function classLabel(schema: FormSchema | null, value: string | null): string {
  if (!value) return '—';
  const o = classOptions(schema).find((x) => x.value === value);
  return o ? choiceLabel(o) : value;
}
