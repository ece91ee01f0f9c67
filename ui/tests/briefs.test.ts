import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { brief, installBackend, invalid, WORDS as WORDS_FIXTURE } from './backend';
import { LIMITS } from '../src/api/app';
import type { Brief, BriefOptions } from '../src/api/briefs';
import { chartBoxes, defaultForm, Latest, toOptions } from '../src/lib/brief';

async function openBriefs() {
  const user = userEvent.setup();
  render(App);
  await user.click(screen.getByTestId('nav-briefs'));
  return user;
}

const previewRefs = () => within(screen.getByTestId('brief-preview')).getAllByTestId('brief-row').map((r) => r.dataset.reference);

describe('brief helpers', () => {
  it('turn the form into options: every kind is none named, empty text is null', () => {
    const f = defaultForm('SBU', 'J. Smith');
    expect(toOptions(f).options).toEqual({
      kinds: [],
      open_only: false,
      agency: null,
      changed_since: null,
      lang: 'en',
      title: null,
      marking: 'SBU',
      prepared_by: 'J. Smith',
      since_last: false,
      profile: 'full',
    });
    f.kinds.indictment = false;
    f.kinds.commitment = false;
    f.title = '  Hearing brief ';
    f.changedSince = '2024-01-01';
    f.agency = 'MPS';
    expect(toOptions(f).options).toMatchObject({
      kinds: ['extradition', 'scheduling'],
      title: 'Hearing brief',
      changed_since: '2024-01-01',
      agency: 'MPS',
    });
    f.changedSince = '2024-1';
    expect(toOptions(f)).toEqual({ options: null, problem: null });
    f.changedSince = '2024/01/01';
    expect(toOptions(f)).toMatchObject({ options: null, problem: expect.stringContaining('YYYY-MM-DD') });
    f.changedSince = '2024-13-45';
    expect(toOptions(f)).toMatchObject({ options: null, problem: 'Changed since: 2024-13-45 is not a date in the calendar.' });
    f.changedSince = '';
    // The limits on the texts are the backend's to check: a long marking goes to it as typed.
    f.marking = 'X'.repeat(121);
    expect(toOptions(f)).toMatchObject({ options: { marking: 'X'.repeat(121) }, problem: null });
    f.marking = 'SBU';
    f.changedSince = '';
    f.kinds = { extradition: false, indictment: false, scheduling: false, commitment: false };
    expect(toOptions(f)).toMatchObject({ options: null, problem: 'Choose at least one kind.' });
  });

  it('scale the chart to the longest bar and keep only the newest answer', () => {
    const boxes = chartBoxes(
      [
        { label: 'A', label_zh: null, value: 380, overdue: true },
        { label: 'B', label_zh: null, value: 190, overdue: false },
        { label: 'C', label_zh: null, value: 0, overdue: false },
      ],
      380,
    );
    expect(boxes.map((b) => b.width)).toEqual([380, 190, 1]);
    expect(boxes.map((b) => b.y)).toEqual([0, 18, 36]);
    const l = new Latest();
    const a = l.next();
    const b = l.next();
    expect([l.isLatest(a), l.isLatest(b)]).toEqual([false, true]);
  });
});

describe('the Briefs view', () => {
  it('previews the brief from the defaults: marking top and bottom, title, as-of, rows, chart', async () => {
    const be = installBackend();
    await openBriefs();
    const preview = await screen.findByTestId('brief-preview');
    expect(be.argsOf('brief_preview')[0]).toEqual({
      options: {
        kinds: [],
        open_only: false,
        agency: null,
        changed_since: null,
        lang: 'en',
        title: null,
        marking: 'SENSITIVE BUT UNCLASSIFIED',
        prepared_by: 'J. Smith',
        since_last: false,
        profile: 'full',
      },
    });
    expect(screen.getByTestId('brief-marking-top')).toHaveTextContent('SENSITIVE BUT UNCLASSIFIED');
    expect(screen.getByTestId('brief-marking-bottom')).toHaveTextContent('SENSITIVE BUT UNCLASSIFIED');
    expect(preview).toHaveTextContent('Status brief');
    expect(preview).toHaveTextContent('2024-06-01');
    expect(preview).toHaveTextContent('J. Smith');
    expect(previewRefs()).toEqual(['EXT-0', 'EXT-1', 'SCH-1']);
    expect(screen.getByTestId('brief-chart').querySelectorAll('rect')).toHaveLength(3);
    expect(screen.getByTestId('brief-audit-head')).toHaveTextContent('42:' + '9f2c4e1a7b3d5c6e'.repeat(4));
    expect(preview).not.toHaveTextContent('引渡请求');
    expect(preview).not.toHaveTextContent('林伟引渡案');
    expect(screen.queryByTestId('brief-scope'), 'every item: no scope line').toBeNull();
  });

  it('shows each item\'s working days beneath its days, its raise line, and the responsiveness per agency, as the core words them', async () => {
    installBackend();
    await openBriefs();
    const preview = await screen.findByTestId('brief-preview');
    expect(screen.getAllByTestId('brief-working-days').map((c) => c.textContent)).toEqual(['350 / 348', '349 / 347', '250 / 248']);
    const second = within(preview).getAllByTestId('brief-row')[1];
    expect(second).toHaveTextContent('Estimated');
    expect(screen.getByTestId('brief-estimated-count')).toHaveTextContent('Items with working days estimated (calendar not yet published): 1');
    const raised = screen.getAllByTestId('brief-raised');
    expect(raised).toHaveLength(1);
    expect(raised[0]).toHaveTextContent('Raised 4 times, last 2024-05-20 at cabinet level');
    expect(screen.getAllByTestId('brief-linked').map((l) => l.textContent?.trim())).toEqual(['Based on IND-000207']);
    const section = screen.getByTestId('brief-responsiveness');
    expect(section).toHaveTextContent('Counterpart responsiveness');
    expect(section).toHaveTextContent('Figures over the 3 transmitted items in this brief; drafts do not count.');
    const mps = within(section).getAllByTestId('brief-agency-row');
    expect(mps.map((r) => r.dataset.agency)).toEqual(['MPS']);
    expect([...mps[0].querySelectorAll('td.num')].map((c) => c.textContent)).toEqual(['3', '2', '1', '2', '499.5', '12', '4']);
    expect(section).not.toHaveTextContent('中方对口机构回应情况');
  });

  it('shows the raise line and the responsiveness section in Chinese too in en-zh', async () => {
    installBackend();
    const user = await openBriefs();
    await screen.findByTestId('brief-preview');
    await user.selectOptions(screen.getByTestId('field-brief-lang'), 'en-zh');
    await waitFor(() => expect(screen.getByTestId('brief-responsiveness')).toHaveTextContent('中方对口机构回应情况'));
    const section = screen.getByTestId('brief-responsiveness');
    expect(section).toHaveTextContent('统计范围：本简报所列已转交事项 3 项（不含草稿）。');
    expect(section).toHaveTextContent('首次回应天数中位数');
    expect(section).toHaveTextContent('公安部');
    expect(screen.getByTestId('brief-raised')).toHaveTextContent('交涉 4 次，最近一次交涉 2024-05-20，交涉最高级别：部长级');
    expect(screen.getByTestId('brief-linked')).toHaveTextContent('依据 IND-000207');
    expect(screen.getByTestId('brief-preview')).toHaveTextContent('美方 / 中方工作日');
    expect(screen.getByTestId('brief-preview')).toHaveTextContent('估算');
  });

  it('shows each scheduling substance with its PRC status', async () => {
    installBackend();
    await openBriefs();
    await screen.findByTestId('brief-preview');
    const rows = screen.getAllByTestId('brief-substance');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('xylazine (7361-61-7) — Controlled by the PRC on 2024-07-01');
  });

  it('sends the options as chosen and shows English with Chinese in en-zh', async () => {
    const be = installBackend();
    const user = await openBriefs();
    await screen.findByTestId('brief-preview');
    await user.click(screen.getByTestId('field-brief-kind-indictment'));
    await user.click(screen.getByTestId('field-brief-kind-commitment'));
    await user.click(screen.getByTestId('field-brief-open'));
    await user.selectOptions(screen.getByTestId('field-brief-agency'), 'MPS');
    const since = screen.getByTestId('field-brief-since') as HTMLInputElement;
    since.value = '2024-01-01';
    await fireEvent.change(since);
    await user.type(screen.getByTestId('field-brief-title'), 'Hearing');
    await user.selectOptions(screen.getByTestId('field-brief-lang'), 'en-zh');
    await waitFor(() =>
      expect(be.argsOf('brief_preview').at(-1)).toEqual({
        options: {
          kinds: ['extradition', 'scheduling'],
          open_only: true,
          agency: 'MPS',
          changed_since: '2024-01-01',
          lang: 'en-zh',
          title: 'Hearing',
          marking: 'SENSITIVE BUT UNCLASSIFIED',
          prepared_by: 'J. Smith',
          since_last: false,
          profile: 'full',
        },
      }),
    );
    const preview = screen.getByTestId('brief-preview');
    await waitFor(() => expect(preview).toHaveTextContent('引渡请求'));
    for (const zh of ['编号', '事由', '中方办理天数', '距中方上次答复天数', '最新进展', '已转交', '已确认收悉', '物质列管请求', '林伟引渡案', '公安部', '敏感但非密', '截至', '编制人', '中方尚未答复']) {
      expect(preview.textContent).toContain(zh);
    }
    expect(preview).toHaveTextContent('Hearing');
    // Which items it holds, as the core words it (the mock's words for open only).
    expect(screen.getByTestId('brief-scope')).toHaveTextContent('Items included: open items only');
    expect(screen.getByTestId('brief-scope')).toHaveTextContent('所含事项：仅未结事项');
    expect(be.argsOf('brief_preview').length).toBeLessThan(12);
  });

  it('ignores a stale preview that answers after a newer one', async () => {
    const pending: { options: BriefOptions; resolve: (b: Brief) => void }[] = [];
    const be = installBackend({
      handlers: {
        brief_preview: (a) =>
          new Promise<Brief>((resolve) => pending.push({ options: a.options as BriefOptions, resolve })),
      },
    });
    const user = await openBriefs();
    await waitFor(() => expect(pending).toHaveLength(1));
    pending[0].resolve(brief(pending[0].options));
    await screen.findByTestId('brief-preview');
    await user.click(screen.getByTestId('field-brief-kind-extradition'));
    await waitFor(() => expect(pending).toHaveLength(2));
    await user.click(screen.getByTestId('field-brief-kind-extradition'));
    await waitFor(() => expect(pending).toHaveLength(3));
    // The newest (every kind) answers first, then the older (scheduling only).
    pending[2].resolve(brief(pending[2].options));
    await waitFor(() => expect(previewRefs()).toEqual(['EXT-0', 'EXT-1', 'SCH-1']));
    pending[1].resolve(brief(pending[1].options));
    await new Promise((r) => setTimeout(r, 0));
    await Promise.resolve();
    expect(previewRefs()).toEqual(['EXT-0', 'EXT-1', 'SCH-1']);
    expect(be.argsOf('brief_preview')[1]).toMatchObject({ options: { kinds: ['indictment', 'scheduling', 'commitment'] } });
  });

  it('saves a PDF with the same options, shows progress and where it went', async () => {
    let finish: (v: unknown) => void = () => {};
    const be = installBackend({
      handlers: {
        save_brief_pdf: () => new Promise((r) => (finish = r)),
      },
    });
    const user = await openBriefs();
    await screen.findByTestId('brief-preview');
    await user.click(screen.getByTestId('brief-save-pdf'));
    expect(await screen.findByTestId('brief-progress')).toHaveTextContent('Saving');
    await emit('brief-progress', 'rendering');
    await waitFor(() => expect(screen.getByTestId('brief-progress')).toHaveTextContent('Making the PDF'));
    expect(screen.getByTestId('brief-save-pdf')).toBeDisabled();
    finish({ path: '/home/desk/briefs/status-brief.pdf', items: 3, bytes: 52000 });
    expect(await screen.findByTestId('brief-saved-path')).toHaveTextContent('/home/desk/briefs/status-brief.pdf');
    expect(screen.getByTestId('brief-saved')).toHaveTextContent('Saved 3 items');
    expect(screen.queryByTestId('brief-progress')).toBeNull();
    // (Not PDF/A until the view offers it.)
    const options = be.argsOf('brief_preview').at(-1)?.options;
    expect(be.argsOf('save_brief_pdf')).toEqual([{ options, pdfA: false }]);
  });

  it('saves the brief as HTML or Markdown with the same options', async () => {
    const be = installBackend({
      handlers: {
        save_brief_text: (a) => ({ path: `/home/desk/briefs/status-brief.${String(a.format)}`, items: 2, bytes: 900 }),
      },
    });
    const user = await openBriefs();
    await screen.findByTestId('brief-preview');
    await user.click(screen.getByTestId('brief-save-html'));
    expect(await screen.findByTestId('brief-saved-path')).toHaveTextContent('/home/desk/briefs/status-brief.html');
    await user.click(screen.getByTestId('brief-save-md'));
    await waitFor(() => expect(screen.getByTestId('brief-saved-path')).toHaveTextContent('status-brief.md'));
    const options = be.argsOf('brief_preview').at(-1)?.options;
    expect(be.argsOf('save_brief_text')).toEqual([
      { options, format: 'html' },
      { options, format: 'md' },
    ]);
  });

  it('says in plain words when the PDF could not be made, and prints with the same options', async () => {
    const be = installBackend({
      handlers: {
        save_brief_pdf: () => {
          throw { code: 'io', message: "the brief's fonts were not found: install fonts-noto-cjk", fields: [] };
        },
      },
    });
    const user = await openBriefs();
    await screen.findByTestId('brief-preview');
    await user.click(screen.getByTestId('brief-save-pdf'));
    expect(await screen.findByTestId('brief-error')).toHaveTextContent('The PDF was not saved. the brief\'s fonts were not found');
    await waitFor(() => expect(screen.getByTestId('brief-print')).toBeEnabled());
    await user.click(screen.getByTestId('brief-print'));
    await waitFor(() => expect(be.argsOf('print_brief')).toEqual([be.argsOf('brief_preview').at(-1)]));
  });

  it('says so when printing was cancelled (the backend recorded no brief)', async () => {
    installBackend({ handlers: { print_brief: () => false } });
    const user = await openBriefs();
    await screen.findByTestId('brief-preview');
    await waitFor(() => expect(screen.getByTestId('brief-print')).toBeEnabled());
    await user.click(screen.getByTestId('brief-print'));
    expect(await screen.findByTestId('brief-print-note')).toHaveTextContent('Printing was cancelled: no brief was recorded.');
  });

  it('holds the texts to the core’s limits, and shows the core’s refusal of the options', async () => {
    installBackend({
      handlers: {
        brief_preview: (a) => {
          const o = a.options as BriefOptions;
          if (o.marking === 'BAD') throw invalid([{ field: 'marking', problem: { key: 'not_a_marking', limit: 120 } }]);
          return brief(o);
        },
      },
    });
    const user = await openBriefs();
    await screen.findByTestId('brief-preview');
    expect(screen.getByTestId('field-brief-marking')).toHaveAttribute('maxlength', String(LIMITS.marking_chars));
    expect(screen.getByTestId('field-brief-title')).toHaveAttribute('maxlength', String(LIMITS.title_chars));
    expect(screen.getByTestId('field-brief-prepared-by')).toHaveAttribute('maxlength', String(LIMITS.title_chars));
    expect([LIMITS.marking_chars, LIMITS.title_chars]).toEqual([120, 500]);
    const marking = screen.getByTestId('field-brief-marking');
    await user.clear(marking);
    await user.type(marking, 'BAD');
    expect(await screen.findByText(/The preview could not be made\. marking: must be one line of at most 120 characters/)).toBeInTheDocument();
  });

  it('takes the marking from the stored setting, which Settings changes', async () => {
    let stored = 'FOR OFFICIAL USE ONLY';
    const be = installBackend({
      handlers: {
        brief_defaults: () => ({ marking: stored, prepared_by: null, words: WORDS_FIXTURE }),
        set_brief_marking: (a) => (stored = String(a.marking).trim()),
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    const field = screen.getByTestId('field-marking');
    await waitFor(() => expect(field).toHaveValue('FOR OFFICIAL USE ONLY'));
    await user.clear(field);
    await user.type(field, 'LIMITED DISTRIBUTION');
    await user.click(screen.getByTestId('save-marking'));
    await waitFor(() => expect(be.argsOf('set_brief_marking')).toEqual([{ marking: 'LIMITED DISTRIBUTION' }]));
    await user.click(screen.getByTestId('nav-briefs'));
    await waitFor(() => expect(screen.getByTestId('brief-marking-top')).toHaveTextContent('LIMITED DISTRIBUTION'));
    expect(screen.getByTestId('field-brief-marking')).toHaveValue('LIMITED DISTRIBUTION');
    expect(be.argsOf('brief_preview').at(-1)).toMatchObject({ options: { marking: 'LIMITED DISTRIBUTION', prepared_by: null } });
  });

  it('stays usable with 1,000 items', async () => {
    installBackend({ handlers: { brief_preview: (a) => brief(a.options as BriefOptions, 998) } });
    await openBriefs();
    await screen.findByTestId('brief-preview');
    expect(previewRefs()).toHaveLength(1001);
    expect(screen.getByTestId('brief-chart').querySelectorAll('rect')).toHaveLength(30);
    // A behaviour test, not a timing: 3–4 s alone in jsdom, over the default 5 s when the
    // machine's two cores are busy.
  }, 60_000);
});
