// Reading the item form's schema, which the core sends (`form_schema`): which fields an
// item of each kind has, in form order, how each is entered, its limit, its label and
// whether an edit may change it. Nothing here knows a field: a field's `name` is its CSV
// column, the key of the ItemDraft sent, the `field` of a FieldError and the
// `field-<name>` test id.

import { formValuesOf, type FieldSpec, type FormSchema, type ItemDraft, type ItemView, type Kind } from '../api/items';
import type { Choice } from '../bindings/bindings';
import { LL, isZh } from './i18n.svelte';

/** The event form's own fields, which the item form does not have (for error messages). */
const EVENT_FIELDS = ['type', 'on', 'side', 'note', 'retracts', 'status', 'status_on'] as const;
type EventField = (typeof EVENT_FIELDS)[number];
const isEventField = (name: string): name is EventField => (EVENT_FIELDS as readonly string[]).includes(name);

/** A field's label in the window's language (the core's Chinese where it has one). */
export const specLabel = (f: FieldSpec): string => (isZh() && f.label_zh ? f.label_zh : f.label);

/** A field's hint in the window's language. */
export const specHint = (f: FieldSpec): string | null | undefined => (isZh() && f.hint_zh ? f.hint_zh : f.hint);

/** A choice's words in the window's language. */
export const choiceLabel = (c: Choice): string => (isZh() && c.label_zh ? c.label_zh : c.label);

const allFields = (schema: FormSchema): FieldSpec[] => [
  schema.kind,
  ...schema.common,
  ...schema.kinds.flatMap((k) => k.fields),
];

/** The label of the field the backend names (in a FieldError or a change), for "Label: …". */
export function fieldLabel(schema: FormSchema | null, name: string): string {
  const f = schema && allFields(schema).find((x) => x.name === name);
  if (f) return specLabel(f);
  return isEventField(name) ? LL.eventField[name]() : name;
}

/** The fields every item has, as a form shows them (an edit only those it may change). */
export function commonFields(schema: FormSchema, editing: boolean): FieldSpec[] {
  return schema.common.filter((f) => !editing || f.editable);
}

/** The facts of an item of `kind`, in form order. */
export function ownFields(schema: FormSchema, kind: Kind, editing = false): FieldSpec[] {
  const own = schema.kinds.find((k) => k.kind === kind)?.fields ?? [];
  return own.filter((f) => !editing || f.editable);
}

/** Every field a form for an item of `kind` shows (after the kind itself, when creating). */
export function fieldsOf(schema: FormSchema, kind: Kind, editing: boolean): FieldSpec[] {
  return [...commonFields(schema, editing), ...ownFields(schema, kind, editing)];
}

/** The words for `kind`. */
export function kindLabel(schema: FormSchema, kind: Kind): string {
  const k = schema.kinds.find((x) => x.kind === kind);
  return k ? (isZh() ? k.label_zh : k.label) : kind;
}

/** Whether a select offers "none": not when the field must have a value or gets one. */
export const offersNone = (f: FieldSpec): boolean => !f.required && f.default === null;

/** The value a field of a new item starts with: its default, else the first choice of a
 *  select that offers no "none", else empty. */
const initialValue = (f: FieldSpec): string =>
  f.default ?? (f.control === 'select' && !offersNone(f) ? (f.options[0]?.value ?? '') : '');

/** The values of the entry form of a new item (of every kind: changing the kind keeps them). */
export function blankValues(schema: FormSchema): Record<string, string> {
  return Object.fromEntries(allFields(schema).map((f) => [f.name, initialValue(f)]));
}

/** The edit form's values for an item: its kind and every field an edit may change. */
export function editValues(schema: FormSchema, v: ItemView): Record<string, string> {
  return formValuesOf(v, ['kind', ...fieldsOf(schema, v.kind, true).map((f) => f.name)]);
}

/** What a form sends for an item of `kind`: the kind (when creating) and the form's fields,
 *  as typed ("" clears a field on an edit; tags go as typed, the core splits them). */
export function draftOf(schema: FormSchema, kind: Kind, values: Record<string, string>, editing: boolean): ItemDraft {
  const draft: Record<string, string | string[]> = editing ? {} : { kind };
  for (const f of fieldsOf(schema, kind, editing)) {
    const v = values[f.name] ?? '';
    draft[f.name] = f.control === 'tags' ? [v] : v;
  }
  return draft as ItemDraft;
}
