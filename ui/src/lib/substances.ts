// The substance registry's words (shared/GLOSSARY.md), for the view and its form.

import type { FormSchema } from '../api/items';
import type { SubstanceDraft, UnTable } from '../api/substances';

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

export const SUBSTANCE_LABEL: Record<SubstanceField, string> = {
  cas: 'CAS number',
  name: 'Substance',
  name_zh: 'Chinese name',
  class: 'Substance class',
  us_control: 'U.S. control status',
  prc_control: 'PRC control status',
  prc_controlled_on: 'Controlled by the PRC on',
  un_table: 'UN 1988 Convention table',
  source: 'Source',
};

export const UN_TABLE_LABEL: Record<UnTable, string> = { I: 'Table I', II: 'Table II' };

/** The classes a substance can have, with their words, as the core's item form lists
 *  them (the scheduling kind's `substance_class` choices). */
export function classOptions(schema: FormSchema | null): { value: string; label: string }[] {
  const field = schema?.kinds.flatMap((k) => k.fields).find((f) => f.name === 'substance_class');
  return field?.options ?? [];
}

/** A substance class's words (the key itself when the schema does not know it). */
export function classLabel(schema: FormSchema | null, value: string | null): string {
  if (!value) return '—';
  return classOptions(schema).find((o) => o.value === value)?.label ?? value;
}
