import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { installBackend, invalid } from './backend';
import type { Substance, SubstanceDraft } from '../src/api/substances';

const XYLAZINE: Substance = {
  cas: '7361-61-7',
  name: 'Xylazine',
  name_zh: '赛拉嗪',
  class: 'adulterant',
  us_control: null,
  prc_control: 'Controlled',
  prc_controlled_on: '2024-07-01',
  un_table: null,
  source: 'MPS notice 2024',
};
const NPP: Substance = {
  cas: '39742-60-4',
  name: '4-Piperidone',
  name_zh: null,
  class: 'precursor',
  us_control: 'List I chemical',
  prc_control: null,
  prc_controlled_on: null,
  un_table: 'I',
  source: null,
};

function backend() {
  const registry: Substance[] = [NPP, XYLAZINE];
  const asSubstance = (d: SubstanceDraft): Substance => ({
    cas: d.cas.trim(),
    name: d.name.trim(),
    name_zh: d.name_zh || null,
    class: (d.class || null) as Substance['class'],
    us_control: d.us_control || null,
    prc_control: d.prc_control || null,
    prc_controlled_on: d.prc_controlled_on || null,
    un_table: (d.un_table || null) as Substance['un_table'],
    source: d.source || null,
  });
  return installBackend({
    handlers: {
      substances: (a) => registry.filter((s) => !a.notControlledByPrc || !s.prc_controlled_on),
      add_substance: (a) => {
        const d = a.input as SubstanceDraft;
        if (d.cas.trim() === '7361-61-8') throw invalid([{ field: 'cas', problem: { key: 'cas_check_digit', value: '7361-61-8', expected: '7' } }]);
        const s = asSubstance(d);
        registry.push(s);
        return s;
      },
      edit_substance: (a) => {
        const s = asSubstance(a.input as SubstanceDraft);
        registry.splice(registry.findIndex((r) => r.cas === s.cas), 1, s);
        return s;
      },
    },
  });
}

const cas = () => screen.getAllByTestId('substance-row').map((r) => r.dataset.cas);

describe('the Substances view', () => {
  it('lists the registry, and the filter asks the core for those not controlled by the PRC', async () => {
    const be = backend();
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-substances'));
    await waitFor(() => expect(cas()).toEqual(['39742-60-4', '7361-61-7']));
    const [npp, xyl] = screen.getAllByTestId('substance-row');
    expect(xyl).toHaveTextContent('赛拉嗪');
    expect(xyl).toHaveTextContent('Adulterant');
    expect(within(xyl).getByTestId('cell-prc-controlled-on')).toHaveTextContent('2024-07-01');
    expect(within(npp).getByTestId('cell-prc-controlled-on')).toHaveTextContent('Not controlled by the PRC');
    expect(npp).toHaveTextContent('Table I');
    expect(npp).toHaveTextContent('Unknown'); // the PRC status nobody sourced

    await user.click(screen.getByTestId('substances-filter-uncontrolled'));
    await waitFor(() => expect(cas()).toEqual(['39742-60-4']));
    expect(be.argsOf('substances')).toEqual([{ notControlledByPrc: false }, { notControlledByPrc: true }]);
  });

  it('shows the core’s error under the field it names, keeps the form, and adds once fixed', async () => {
    const be = backend();
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-substances'));
    await waitFor(() => expect(cas()).toHaveLength(2));
    await user.click(screen.getByTestId('new-substance'));
    await user.type(screen.getByTestId('field-substance-name'), 'Medetomidine');
    await user.type(screen.getByTestId('field-substance-cas'), '7361-61-8');
    await user.selectOptions(screen.getByTestId('field-substance-class'), 'analogue');
    await user.click(screen.getByTestId('save-substance'));
    const error = await screen.findByTestId('form-error');
    expect(error).toHaveTextContent('CAS number: 7361-61-8 has a wrong check digit (expected 7)');
    const field = screen.getByTestId('field-substance-cas');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAttribute('aria-describedby', error.id);
    expect(field.closest('.form-field')).toContainElement(error);
    expect(cas()).toHaveLength(2);

    await user.clear(field);
    await user.type(field, '86347-14-0');
    await user.click(screen.getByTestId('save-substance'));
    await waitFor(() => expect(cas()).toContain('86347-14-0'));
    expect(screen.queryByTestId('substance-form')).toBeNull();
    expect(be.argsOf('add_substance').at(-1)).toEqual({
      input: {
        cas: '86347-14-0',
        name: 'Medetomidine',
        name_zh: '',
        class: 'analogue',
        us_control: '',
        prc_control: '',
        prc_controlled_on: '',
        un_table: '',
        source: '',
      },
    });
  });

  it('edits an entry: its CAS number stays, the date of PRC control is recorded', async () => {
    const be = backend();
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-substances'));
    await waitFor(() => expect(cas()).toHaveLength(2));
    await user.click(within(screen.getAllByTestId('substance-row')[0]).getByTestId('edit-substance'));
    expect(screen.getByTestId('field-substance-cas')).toHaveAttribute('readonly');
    expect(screen.getByTestId('field-substance-name')).toHaveValue('4-Piperidone');
    await user.type(screen.getByTestId('field-substance-prc_controlled_on'), '20240901');
    await user.click(screen.getByTestId('save-substance'));
    await waitFor(() => expect(be.argsOf('edit_substance')).toHaveLength(1));
    expect(be.argsOf('edit_substance')[0]).toMatchObject({ input: { cas: '39742-60-4', prc_controlled_on: '2024-09-01' } });
    await waitFor(() =>
      expect(within(screen.getAllByTestId('substance-row')[0]).getByTestId('cell-prc-controlled-on')).toHaveTextContent('2024-09-01'),
    );
  });
});
