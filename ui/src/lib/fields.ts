// The fields of the entry form, in tab order, with their labels (GLOSSARY.md) and the
// control each one uses. A field's `name` is its CSV column name: it is also the key the
// backend's form parser reads, the `field` of a FieldError and the `field-<name>` test id.

import type { Kind } from '../api/items';
import { PRIORITY_LABEL, OWNER_SIDE_LABEL, SUBSTANCE_CLASS_LABEL } from './labels';

export type Control = 'text' | 'textarea' | 'date' | 'select' | 'checkbox' | 'agency';

export type FieldDef = {
  name: string;
  label: string;
  control: Control;
  options?: { value: string; label: string }[];
  required?: boolean;
  /** Spans both columns of the form. */
  wide?: boolean;
  /** The value is expected in Chinese (sets `lang` for the right glyphs and input method). */
  zh?: boolean;
  hint?: string;
};

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export const COMMON_FIELDS: readonly FieldDef[] = [
  { name: 'reference', label: 'Reference', control: 'text', required: true },
  { name: 'title', label: 'Title', control: 'text', required: true, wide: true },
  { name: 'title_zh', label: 'Title (Chinese)', control: 'text', wide: true, zh: true },
  { name: 'counterpart', label: 'Counterpart agency', control: 'agency', required: true },
  { name: 'us_agency', label: 'U.S. agency', control: 'text' },
  { name: 'transmitted_on', label: 'Transmitted on', control: 'date' },
  { name: 'due_on', label: 'Due date', control: 'date' },
  { name: 'follow_up_on', label: 'Follow-up date', control: 'date' },
  { name: 'priority', label: 'Priority', control: 'select', options: options(PRIORITY_LABEL) },
  { name: 'owner', label: 'Owner', control: 'text' },
  { name: 'tags', label: 'Tags', control: 'text', hint: 'Separate tags with ;' },
  { name: 'notes', label: 'Notes', control: 'textarea', wide: true },
];

export const KIND_FIELDS: Record<Kind, readonly FieldDef[]> = {
  extradition: [
    { name: 'subject', label: 'Subject (person)', control: 'text' },
    { name: 'subject_zh', label: 'Subject (Chinese)', control: 'text', zh: true },
    { name: 'charges', label: 'Charges', control: 'text', wide: true },
    { name: 'district', label: 'District', control: 'text' },
    { name: 'provisional_arrest', label: 'Provisional arrest requested', control: 'checkbox' },
  ],
  indictment: [
    { name: 'case_number', label: 'Case number', control: 'text' },
    { name: 'district', label: 'District', control: 'text' },
    { name: 'defendants', label: 'Defendants', control: 'textarea', wide: true, hint: 'One per line' },
    { name: 'unsealed_on', label: 'Unsealed on', control: 'date' },
    { name: 'charges', label: 'Charges', control: 'text', wide: true },
  ],
  scheduling: [
    { name: 'substance', label: 'Substance', control: 'text' },
    { name: 'cas_number', label: 'CAS number', control: 'text', hint: 'e.g. 21409-26-7' },
    {
      name: 'substance_class',
      label: 'Substance class',
      control: 'select',
      options: options(SUBSTANCE_CLASS_LABEL),
    },
    { name: 'us_control_status', label: 'U.S. control status', control: 'text' },
    { name: 'prc_control_status', label: 'PRC control status', control: 'text' },
    { name: 'prc_controlled_on', label: 'PRC controlled on', control: 'date' },
  ],
  commitment: [
    { name: 'forum', label: 'Forum / round', control: 'text', wide: true },
    { name: 'agreed_on', label: 'Agreed on', control: 'date' },
    { name: 'owner_side', label: 'Owning side', control: 'select', options: options(OWNER_SIDE_LABEL) },
    { name: 'text_en', label: 'Text (English)', control: 'textarea', wide: true },
    { name: 'text_zh', label: 'Text (Chinese)', control: 'textarea', wide: true, zh: true },
  ],
};

/** Fields the edit form leaves out: they follow from the item's events. */
export const NOT_EDITABLE = new Set(['kind', 'transmitted_on', 'status', 'status_on']);

/** Labels of every field the backend may name in an error, for "Label: problem". */
const EXTRA_LABELS: Record<string, string> = {
  kind: 'Kind',
  status: 'Status',
  status_on: 'Status date',
  // Event form fields.
  type: 'Event type',
  on: 'Date',
  side: 'Side',
  note: 'Note',
  retracts: 'Retracted entry',
};

export function fieldLabel(name: string): string {
  for (const f of COMMON_FIELDS) if (f.name === name) return f.label;
  for (const list of Object.values(KIND_FIELDS)) for (const f of list) if (f.name === name) return f.label;
  return EXTRA_LABELS[name] ?? name;
}

/** The fields every item has, as the form shows them. */
export function commonFields(editing: boolean): FieldDef[] {
  return editing ? COMMON_FIELDS.filter((f) => !NOT_EDITABLE.has(f.name)) : [...COMMON_FIELDS];
}

/** Every field of an item of `kind`, in form order (after `kind` itself). */
export function fieldsOf(kind: Kind, editing: boolean): FieldDef[] {
  return [...commonFields(editing), ...KIND_FIELDS[kind]];
}

/** Empty values for a new item of `kind`. */
export function blankValues(): Record<string, string> {
  const v: Record<string, string> = { kind: 'extradition', priority: 'normal' };
  for (const f of COMMON_FIELDS) v[f.name] ??= '';
  for (const list of Object.values(KIND_FIELDS)) for (const f of list) v[f.name] ??= '';
  return v;
}

/** The values to send for an item of `kind`: its own fields only. */
export function inputFor(kind: Kind, values: Record<string, string>, editing: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (!editing) out.kind = kind;
  for (const f of fieldsOf(kind, editing)) out[f.name] = values[f.name] ?? '';
  return out;
}
