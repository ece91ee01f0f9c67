import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { INFO, installBackend, invalid } from './backend';
import { setLocale, problemText, fieldMessage } from '../src/lib/i18n.svelte';
import { days, items } from '../src/lib/format';
import { KIND_LABEL, STATUS_LABEL } from '../src/lib/labels';
import en from '../src/i18n/en/index';
import zh from '../src/i18n/zh-CN/index';

afterEach(() => setLocale('en'));

/** Every key of a messages object, as dotted paths. */
const keys = (o: object, at = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${at}${k}.`) : [`${at}${k}`]));

describe('the window in two languages', () => {
  it('has a Chinese message for every English one, and no other', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
    for (const k of keys(zh)) {
      const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], zh);
      expect(v, k).not.toBe('');
    }
  });

  it('starts in the language kept in the settings, and switches at once when another is chosen', async () => {
    const be = installBackend({
      handlers: {
        app_info: () => ({ ...INFO, language: 'zh-CN' }),
        set_language: (a) => ({ ...INFO, language: a.language }),
      },
    });
    const user = userEvent.setup();
    render(App);
    await waitFor(() => expect(screen.getByTestId('nav-items')).toHaveTextContent('事项'));
    expect(screen.getByTestId('nav-settings')).toHaveTextContent('设置');
    expect(document.documentElement.lang).toBe('zh-CN');
    await user.click(screen.getByTestId('nav-settings'));
    const select = await screen.findByTestId('field-language');
    expect(select).toHaveValue('zh-CN');
    await user.selectOptions(select, 'en');
    await waitFor(() => expect(screen.getByTestId('nav-items')).toHaveTextContent('Items'));
    expect(screen.getByTestId('nav-settings')).toHaveTextContent('Settings');
    await waitFor(() => expect(be.argsOf('set_language')).toEqual([{ language: 'en' }]));
  });

  it('shows the item form with the core’s Chinese labels, and the core’s error by its key', async () => {
    installBackend({
      handlers: {
        app_info: () => ({ ...INFO, language: 'zh-CN' }),
        create_item: () => {
          throw invalid([{ field: 'title', message: 'is required', problem: { key: 'required' } }]);
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    await waitFor(() => expect(screen.getByTestId('new-item')).toHaveTextContent('新建事项'));
    await user.click(screen.getByTestId('new-item'));
    const title = await screen.findByTestId('field-title');
    expect(title.closest('.field')).toHaveTextContent('事由');
    expect(screen.getByTestId('field-counterpart').closest('.field')).toHaveTextContent('中方对口机构');
    await user.click(screen.getByTestId('save-item'));
    const error = await screen.findByTestId('form-error');
    expect(error).toHaveTextContent('事由：为必填项');
  });

  it('words figures, labels and field problems in the chosen language', () => {
    expect(days(1187)).toBe('1,187 days');
    expect(days(1)).toBe('1 day');
    expect(items(1)).toBe('1 item');
    expect(KIND_LABEL.extradition).toBe('Extradition request');
    const late = { key: 'before_transmitted', date: '2024-04-01', transmitted: '2024-05-01' } as const;
    expect(problemText(late)).toBe('2024-04-01 is before the transmitted date 2024-05-01');
    setLocale('zh-CN');
    expect(days(1187)).toBe('1,187 天');
    expect(items(2)).toBe('2 项');
    expect(KIND_LABEL.extradition).toBe('引渡请求');
    expect(STATUS_LABEL.awaiting_us).toBe('待美方补充材料');
    expect(problemText(late)).toBe('2024-04-01 早于转交日期 2024-05-01');
    expect(problemText({ key: 'not_a_real_date', value: '2024-02-30' })).toBe('2024-02-30 不是有效日期');
    // Not yet keyed: the core's English as it is.
    expect(fieldMessage({ field: 'x', message: 'odd', problem: { key: 'other', message: 'odd' } })).toBe('odd');
  });
});
