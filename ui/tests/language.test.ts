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

  it('names the agencies of the filter in the window’s language', async () => {
    installBackend({ handlers: { app_info: () => ({ ...INFO, language: 'zh-CN' }) } });
    render(App);
    const select = await screen.findByTestId('filter-agency');
    const labels = () => Array.from(select.querySelectorAll('option'), (o) => o.textContent);
    await waitFor(() => expect(labels()).toContain('MPS — 公安部'));
    expect(labels().join(' ')).not.toContain('Ministry');
    setLocale('en');
    await waitFor(() => expect(labels()).toContain('MPS — Ministry of Public Security'));
  });

  it('lists the item form’s agencies with the window’s language first', async () => {
    installBackend({ handlers: { app_info: () => ({ ...INFO, language: 'zh-CN' }) } });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('new-item'));
    const select = await screen.findByTestId('field-counterpart');
    const labels = () => Array.from(select.querySelectorAll('option'), (o) => o.textContent);
    expect(labels()).toContain('MPS — 公安部 · Ministry of Public Security');
    setLocale('en');
    await waitFor(() => expect(labels()).toContain('MPS — Ministry of Public Security · 公安部'));
  });

  it('shows the item form with the core’s Chinese labels, and the core’s error by its key', async () => {
    installBackend({
      handlers: {
        app_info: () => ({ ...INFO, language: 'zh-CN' }),
        create_item: () => {
          throw invalid([{ field: 'title', problem: { key: 'required' } }]);
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
    expect(fieldMessage({ field: 'file', message: 'is empty', problem: { key: 'empty' } })).toBe('为空');
  });

  it('words the problems keyed with issue 14 in Chinese, with the glossary’s terms for their parameters', () => {
    const moved = { key: 'not_allowed', from_status: 'in_progress', to_status: 'acknowledged', on: '2024-06-01' } as const;
    const noFollowUp = { key: 'no_deadline_date', reference: 'EXT-1', deadline: 'follow_up' } as const;
    const stray = { key: 'not_of_kind', kind: 'extradition' } as const;
    const placeholder = { key: 'demo_bad_placeholder', text: 'X-{year}' } as const;
    // In English, the core's words: the keys as the command line prints them.
    expect(problemText(moved)).toBe('moving from in_progress to acknowledged on 2024-06-01 is not allowed');
    expect(problemText(noFollowUp)).toBe('EXT-1 has no follow-up date');
    expect(problemText(stray)).toBe('does not apply to an item of kind extradition');
    expect(problemText(placeholder)).toBe('demo: `X-{year}` has a bad {year N} or {yy N}');
    setLocale('zh-CN');
    expect(problemText(moved)).toBe('不能于 2024-06-01 从“办理中”变更为“已确认收悉”');
    expect(problemText(noFollowUp)).toBe('EXT-1 没有跟进日期');
    expect(problemText(stray)).toBe('不适用于引渡请求');
    expect(problemText({ key: 'snooze_not_after_today', until: '2024-05-01', today: '2024-06-01' })).toBe(
      '2024-05-01 不晚于今天（2024-06-01）：请选择更晚的日期稍后提醒',
    );
    expect(problemText({ key: 'twice_on_line', value: 'EXT-1', first: 3 })).toBe('EXT-1 在文件中重复出现（首次出现于第 3 行）');
    // Still the English when asked for it (as the test backend makes the core's message).
    expect(problemText(noFollowUp, 'en')).toBe('EXT-1 has no follow-up date');
  });
});
