import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { SCHEMA, installBackend, invalid, itemView } from './backend';
import { openFirst } from './open-item';
import type { FieldSpec, FormSchema } from '../src/api/items';

/** The core's schema with `change` made to a copy of it. */
function schemaWith(change: (s: FormSchema) => void): FormSchema {
  const s = structuredClone(SCHEMA);
  change(s);
  return s;
}

const field = (s: FormSchema, name: string): FieldSpec =>
  [...s.common, ...s.kinds.flatMap((k) => k.fields)].find((f) => f.name === name) as FieldSpec;

/** The test ids of the fields a form shows, in order. */
const shownFields = (root: HTMLElement) =>
  [...root.querySelectorAll('[data-testid^="field-"]')].map((e) => e.getAttribute('data-testid'));

async function openForm() {
  const user = userEvent.setup();
  render(App);
  await screen.findAllByTestId('item-row');
  await user.keyboard('{Control>}n{/Control}');
  await screen.findByTestId('field-kind');
  return user;
}

describe('the entry form', () => {
  it('opens with Ctrl+N anywhere, kind first and focused', async () => {
    installBackend();
    await openForm();
    const kind = screen.getByTestId('field-kind');
    expect(kind).toHaveFocus();
    for (const name of ['reference', 'title', 'title_zh', 'counterpart', 'us_agency', 'transmitted_on', 'due_on', 'follow_up_on', 'priority', 'owner', 'tags', 'notes']) {
      expect(screen.getByTestId(`field-${name}`)).toBeInTheDocument();
    }
    // Dates are typed YYYY-MM-DD (not the system's date control), with a calendar beside.
    expect(screen.getByTestId('field-transmitted_on')).toHaveAttribute('type', 'text');
    expect(screen.getByTestId('field-transmitted_on')).toHaveAttribute('placeholder', 'YYYY-MM-DD');
    expect(screen.getAllByRole('button', { name: 'Choose a date' })).toHaveLength(3);
    // The agency select offers the backend's agencies.
    expect(within(screen.getByTestId('field-counterpart')).getByText(/MPS — Ministry of Public Security/)).toBeInTheDocument();
  });

  it('opens from the New item button too, also from another view', async () => {
    installBackend();
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('nav-settings'));
    await user.keyboard('{Control>}n{/Control}');
    expect(await screen.findByTestId('field-kind')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('field-kind')).toBeNull());
    await user.click(screen.getByTestId('new-item'));
    expect(await screen.findByTestId('field-kind')).toBeInTheDocument();
  });

  it("shows each kind's own fields", async () => {
    installBackend();
    const user = await openForm();
    expect(screen.getByTestId('field-subject')).toBeInTheDocument();
    expect(screen.getByTestId('field-provisional_arrest')).toHaveAttribute('type', 'checkbox');
    await user.selectOptions(screen.getByTestId('field-kind'), 'scheduling');
    expect(screen.queryByTestId('field-subject')).toBeNull();
    for (const name of ['substance', 'cas_number', 'substance_class', 'us_control_status', 'prc_control_status', 'prc_controlled_on']) {
      expect(screen.getByTestId(`field-${name}`)).toBeInTheDocument();
    }
    expect(within(screen.getByTestId('field-substance_class')).getByRole('option', { name: 'Adulterant' })).toHaveValue('adulterant');
    await user.selectOptions(screen.getByTestId('field-kind'), 'commitment');
    expect(within(screen.getByTestId('field-owner_side')).getByRole('option', { name: 'Joint' })).toHaveValue('joint');
    await user.selectOptions(screen.getByTestId('field-kind'), 'indictment');
    expect(screen.getByTestId('field-case_number')).toBeInTheDocument();
    expect(screen.getByTestId('field-unsealed_on')).toHaveAttribute('placeholder', 'YYYY-MM-DD');
  });

  it("saves with the kind's fields named as the CSV columns, then shows the new item", async () => {
    const be = installBackend({
      handlers: {
        create_item: () => ({ id: 'new-1', reference: 'EXT-2024-001', version: 1 }),
        get_item: (a) => itemView({ id: String(a.id), reference: 'EXT-2024-001' }),
      },
    });
    const user = await openForm();
    await user.type(screen.getByTestId('field-reference'), 'EXT-2024-001');
    await user.type(screen.getByTestId('field-title'), 'Surrender of LIN Wei');
    await user.type(screen.getByTestId('field-title_zh'), '林伟引渡案');
    await user.selectOptions(screen.getByTestId('field-counterpart'), 'MPS');
    await fireEvent.input(screen.getByTestId('field-due_on'), { target: { value: '2024-09-01' } });
    await user.type(screen.getByTestId('field-subject'), 'LIN Wei');
    await user.click(screen.getByTestId('field-provisional_arrest'));
    const listCallsBefore = be.queries().length;
    await user.click(screen.getByTestId('save-item'));

    await waitFor(() => expect(be.argsOf('create_item')).toHaveLength(1));
    const input = be.argsOf('create_item')[0].input as Record<string, unknown>;
    expect(input).toMatchObject({
      kind: 'extradition',
      reference: 'EXT-2024-001',
      title: 'Surrender of LIN Wei',
      title_zh: '林伟引渡案',
      counterpart: 'MPS',
      due_on: '2024-09-01',
      priority: 'normal',
      subject: 'LIN Wei',
      provisional_arrest: 'yes',
      transmitted_on: '',
      tags: [''],
    });
    // Only the extradition's own fields are sent.
    expect(input).not.toHaveProperty('substance');
    await waitFor(() => expect(screen.queryByTestId('field-kind')).toBeNull());
    expect(await screen.findByTestId('item-detail')).toBeInTheDocument();
    expect(be.argsOf('get_item').at(-1)).toEqual({ id: 'new-1' });
    await waitFor(() => expect(be.queries().length).toBeGreaterThan(listCallsBefore));
  });

  it('shows every problem of an invalid entry next to its field and stays open', async () => {
    installBackend({
      handlers: {
        create_item: () => {
          throw invalid([
            { field: 'due_on', problem: { key: 'before_transmitted', date: '2024-04-01', transmitted: '2024-05-01' } },
            { field: 'title', problem: { key: 'required' } },
          ]);
        },
      },
    });
    const user = await openForm();
    await user.type(screen.getByTestId('field-reference'), 'EXT-1');
    await user.click(screen.getByTestId('save-item'));
    const errors = await screen.findAllByTestId('form-error');
    expect(errors.map((e) => e.textContent)).toEqual([
      'Title: is required',
      'Due date: 2024-04-01 is before the transmitted date 2024-05-01',
    ]);
    // Each message sits with its field, which is marked invalid and described by it.
    const due = screen.getByTestId('field-due_on');
    expect(due).toHaveAttribute('aria-invalid', 'true');
    expect(due.closest('.field')).toContainElement(errors[1]);
    expect(screen.getByTestId('field-title').closest('.field')).toContainElement(errors[0]);
    expect(screen.getByTestId('field-kind')).toBeInTheDocument();
    expect(screen.getByTestId('field-reference')).toHaveValue('EXT-1');
  });

  it('takes dates typed or chosen in the calendar, sends them as YYYY-MM-DD, and Escape there keeps the form', async () => {
    const be = installBackend({ handlers: { create_item: () => { throw invalid([{ field: 'title', problem: { key: 'required' } }]); } } });
    const user = await openForm();
    await user.type(screen.getByTestId('field-transmitted_on'), '20240502');
    expect(screen.getByTestId('field-transmitted_on')).toHaveValue('2024-05-02');
    const dueField = screen.getByTestId('field-due_on').closest('.field') as HTMLElement;
    await user.click(within(dueField).getByRole('button', { name: 'Choose a date' }));
    // The calendar opens on today (the backend's, 2024-06-01) when the field is empty.
    const calendar = screen.getByRole('dialog', { name: 'Choose a date' });
    expect(calendar).toHaveTextContent('2024-06');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Choose a date' })).toBeNull();
    expect(screen.getByTestId('field-kind')).toBeInTheDocument();
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    await user.click(within(dueField).getByRole('button', { name: 'Choose a date' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Choose a date' })).getByRole('button', { name: 'Sunday, 2024-06-30' }));
    expect(screen.getByTestId('field-due_on')).toHaveValue('2024-06-30');
    await user.click(screen.getByTestId('save-item'));
    await waitFor(() => expect(be.argsOf('create_item')).toHaveLength(1));
    expect(be.argsOf('create_item')[0].input).toMatchObject({ transmitted_on: '2024-05-02', due_on: '2024-06-30' });
  });

  it('saves on Enter in a text field but not in a text area', async () => {
    const be = installBackend({ handlers: { create_item: () => { throw invalid([{ field: 'title', problem: { key: 'required' } }]); } } });
    const user = await openForm();
    await user.type(screen.getByTestId('field-notes'), 'first line{Enter}second line');
    expect(be.argsOf('create_item')).toHaveLength(0);
    expect(screen.getByTestId('field-notes')).toHaveValue('first line\nsecond line');
    await user.type(screen.getByTestId('field-reference'), 'EXT-9{Enter}');
    await waitFor(() => expect(be.argsOf('create_item')).toHaveLength(1));
  });

  it('cancels with Escape at once when nothing was typed', async () => {
    installBackend();
    const user = await openForm();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('field-kind')).toBeNull());
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('asks inside the page before discarding typed changes', async () => {
    installBackend();
    const user = await openForm();
    await user.type(screen.getByTestId('field-title'), 'Half-typed');
    await user.keyboard('{Escape}');
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog).toHaveTextContent('unsaved changes');
    await user.click(screen.getByTestId('confirm-keep'));
    expect(screen.getByTestId('field-title')).toHaveValue('Half-typed');
    // Leaving for another view asks too.
    await user.click(screen.getByTestId('nav-reminders'));
    await screen.findByTestId('confirm-dialog');
    await user.click(screen.getByTestId('confirm-discard'));
    await waitFor(() => expect(screen.queryByTestId('field-kind')).toBeNull());
    expect(await screen.findByTestId('reminders-view')).toBeInTheDocument();
  });

  it("shows a kind's fields as the core's schema lists them: order, labels, controls, limits", async () => {
    const schema = schemaWith((s) => {
      const ext = s.kinds.find((k) => k.kind === 'extradition')!;
      ext.label = 'Surrender request';
      ext.fields = [
        { ...field(s, 'district'), label: 'Judicial district', max_chars: 40 },
        { ...field(s, 'unsealed_on'), name: 'warrant_on', label: 'Warrant issued on' },
        { ...field(s, 'subject'), hint: 'As in the passport' },
      ];
      field(s, 'reference').label = 'Ref. no.';
    });
    const be = installBackend({
      handlers: {
        form_schema: () => schema,
        create_item: () => {
          throw invalid([{ field: 'reference', problem: { key: 'reference_taken', reference: 'EXT-1' } }]);
        },
      },
    });
    const user = await openForm();
    const own = screen.getByRole('group', { name: 'Surrender request' });
    expect(shownFields(own)).toEqual(['field-district', 'field-warrant_on', 'field-subject']);
    expect(within(own).getByLabelText('Judicial district')).toHaveAttribute('maxlength', '40');
    expect(screen.getByTestId('field-warrant_on')).toHaveAttribute('placeholder', 'YYYY-MM-DD');
    expect(within(own).getByText('As in the passport')).toHaveClass('hint');
    expect(screen.queryByTestId('field-charges')).toBeNull();
    await user.type(screen.getByTestId('field-warrant_on'), '20240102');
    await user.click(screen.getByTestId('save-item'));
    await waitFor(() => expect(be.argsOf('create_item')).toHaveLength(1));
    expect(be.argsOf('create_item')[0].input).toMatchObject({ kind: 'extradition', warrant_on: '2024-01-02', district: '' });
    // The error names the field with the schema's label.
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Ref. no.: EXT-1 is already used by another item');
  });

  it("takes each text field's limit, language and width from the schema", async () => {
    installBackend({ handlers: { form_schema: () => schemaWith((s) => (field(s, 'reference').max_chars = 7)) } });
    await openForm();
    expect(screen.getByTestId('field-reference')).toHaveAttribute('maxlength', '7');
    expect(screen.getByTestId('field-title')).toHaveAttribute('maxlength', String(field(SCHEMA, 'title').max_chars));
    expect(screen.getByTestId('field-notes')).toHaveAttribute('maxlength', String(field(SCHEMA, 'notes').max_chars));
    expect(screen.getByTestId('field-title_zh')).toHaveAttribute('lang', 'zh-Hans');
    expect(screen.getByTestId('field-title')).not.toHaveAttribute('lang');
    expect(screen.getByTestId('field-title').closest('.field')).toHaveClass('wide');
    expect(screen.getByTestId('field-reference').closest('.field')).not.toHaveClass('wide');
    // A choice has no length limit.
    expect(screen.getByTestId('field-us_agency')).toHaveAttribute('maxlength', String(field(SCHEMA, 'us_agency').max_chars));
    expect(screen.getByTestId('field-priority')).not.toHaveAttribute('maxlength');
    // A new item starts with the core's default priority, and a choice with none offers "—".
    expect(screen.getByTestId('field-priority')).toHaveValue(field(SCHEMA, 'priority').default);
    expect(within(screen.getByTestId('field-priority')).queryByRole('option', { name: '—' })).toBeNull();
  });

  it('leaves out of the edit form the fields the schema says an edit cannot change', async () => {
    const schema = schemaWith((s) => {
      field(s, 'owner').editable = false;
      field(s, 'district').editable = false;
    });
    const be = installBackend({ handlers: { form_schema: () => schema, update_item: () => ({}) } });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('edit-item'));
    const form = screen.getByRole('form', { name: 'Edit item' });
    const editable = [...schema.common, ...schema.kinds.find((k) => k.kind === 'extradition')!.fields]
      .filter((f) => f.editable)
      .map((f) => `field-${f.name}`);
    expect(shownFields(form)).toEqual(editable);
    for (const name of ['kind', 'transmitted_on', 'owner', 'district']) expect(within(form).queryByTestId(`field-${name}`)).toBeNull();
    await user.click(within(form).getByTestId('save-item'));
    await waitFor(() => expect(be.argsOf('update_item')).toHaveLength(1));
    const input = be.argsOf('update_item')[0].input as Record<string, unknown>;
    expect(Object.keys(input).map((k) => `field-${k}`)).toEqual(editable);
  });
});
