// A fake backend at the IPC level: `mockIPC` answers the commands that the generated
// bindings (src/bindings/bindings.ts) invoke, so the api layer and the bindings run for
// real, and every call is recorded so that tests can assert the exact IPC arguments.

import { mockIPC } from '@tauri-apps/api/mocks';
import type { FormSchema, ItemRow, ItemView, LinkedItem, ListQuery } from '../src/api/items';
import type { EventView } from '../src/api/events';
import type { Agency } from '../src/api/agencies';
import type { AppInfo } from '../src/api/app';
import type { Reminder, ReminderSettings, ReminderWords } from '../src/api/reminders';
import type { Brief, BriefOptions, BriefRow, Label, Words } from '../src/api/briefs';
import type { Problem } from '../src/bindings/bindings';
import { problemText } from '../src/lib/i18n.svelte';
// What the core's `form_schema` sends, written from it by a test in src-tauri (which fails
// when this copy is stale; UPDATE_FIXTURES=1 rewrites it).
import formSchema from './fixtures/form-schema.json';

export type Call = { cmd: string; args: Record<string, unknown> };
type Handler = (args: Record<string, unknown>) => unknown;

export const INFO: AppInfo = {
  db_path: '/home/desk/.local/share/counterpart/counterpart.sqlite3',
  schema_version: 1,
  user_name: 'J. Smith',
  notification_detail: 'references_only',
  today: '2024-06-01',
  version: '0.1.0',
  db_error: null,
  db_error_zh: null,
  recovering: false,
  creating: false,
  locked: false,
  encrypted: false,
  pages_damaged: null,
  language: 'en',
};

/** What `protection_state` answers by default: a plain database, the keychain usable. */
export const PROTECTION = { encrypted: false, kept: false, keychain_problem: null, note: null };

/** The item form's schema, as the core describes it. */
export const SCHEMA = formSchema as FormSchema;

export const AGENCIES: Agency[] = [
  { code: 'MPS', name_en: 'Ministry of Public Security', name_zh: '公安部', builtin: true },
  { code: 'SPP', name_en: "Supreme People's Procuratorate", name_zh: '最高人民检察院', builtin: true },
  { code: 'NNCC', name_en: 'National Narcotics Control Commission', name_zh: '国家禁毒委员会', builtin: true },
];

export const DASHBOARD = {
  open: 142,
  open_by_kind: [
    { kind: 'extradition', count: 31 },
    { kind: 'indictment', count: 48 },
    { kind: 'scheduling', count: 40 },
    { kind: 'commitment', count: 23 },
  ],
  overdue: 17,
  no_prc_response: 12,
  median_days: 214,
  longest_days: 1187,
};

export function row(i: number, over: Partial<ItemRow> = {}): ItemRow {
  return {
    id: `id-${i}`,
    kind: 'extradition',
    reference: `EXT-${String(i).padStart(6, '0')}`,
    title: `Surrender of subject ${i}`,
    title_zh: null,
    status: 'transmitted',
    counterpart: 'MPS',
    priority: 'normal',
    owner: null,
    transmitted_on: '2021-03-01',
    status_on: '2021-03-01',
    due_on: null,
    follow_up_on: null,
    closed_on: null,
    last_prc_on: null,
    days_with_counterpart: 1187 - (i % 1000),
    days_in_status: 30,
    days_since_prc_response: 45,
    overdue: false,
    working_days_with_counterpart_us: 818 - (i % 1000),
    working_days_with_counterpart_prc: 801 - (i % 1000),
    working_days_estimated: false,
    raised: { count: 0, last_on: null, highest_level: null },
    raised_words: 'never raised',
    ...over,
  };
}

export function event(over: Partial<EventView> & Pick<EventView, 'id' | 'type' | 'on'>): EventView {
  return {
    item_id: 'id-0',
    recorded_at: '2024-05-02T10:00:00Z',
    recorded_by: 'J. Smith',
    side: 'us',
    status: null,
    due_on: null,
    retracts: null,
    note: '',
    level: null,
    venue: null,
    retracted: false,
    retraction_note: null,
    ...over,
  };
}

export function itemView(over: Partial<ItemView> = {}): ItemView {
  return {
    id: 'id-0',
    kind: 'extradition',
    reference: 'EXT-000000',
    title: 'Surrender of LIN Wei',
    title_zh: '林伟引渡案',
    us_agency: 'DOJ OIA',
    counterpart: 'MPS',
    priority: 'high',
    owner: 'J. Smith',
    notes: null,
    tags: ['fentanyl', 'priority'],
    due_on: '2024-09-01',
    follow_up_on: null,
    subject: 'LIN Wei',
    subject_zh: '林伟',
    charges: 'Conspiracy to import fentanyl precursors',
    district: 'S.D.N.Y.',
    provisional_arrest: true,
    status: 'in_progress',
    status_on: '2024-03-01',
    transmitted_on: '2021-03-01',
    closed_on: null,
    last_prc_on: '2024-03-01',
    version: 7,
    archived_at: null,
    created_at: '2021-03-01T12:00:00Z',
    updated_at: '2024-03-01T12:00:00Z',
    days_with_counterpart: 1187,
    days_paused: 0,
    days_in_status: 92,
    days_since_prc_response: 92,
    overdue: false,
    working_days_with_counterpart_us: 818,
    working_days_with_counterpart_prc: 801,
    working_days_estimated: false,
    explanation:
      'Transmitted on 2021-03-01; 1,187 days with the counterpart as of 2024-06-01 (no time awaiting U.S. information).',
    explanation_zh: '自 2021-03-01 转交起 1,187 天。',
    links: [],
    raised: { count: 2, last_on: '2024-01-18', highest_level: 'cabinet' },
    raised_words: 'raised twice, last 2024-01-18 at cabinet level',
    raised_words_zh: '交涉 2 次，最近一次交涉 2024-01-18，交涉最高级别：部长级',
    events: [
      event({ id: 'ev-3', type: 'prc_response', on: '2024-03-01', side: 'prc', status: null, note: 'MPS says the case is under review.' }),
      event({ id: 'ev-2', type: 'acknowledged', on: '2021-04-10', side: 'prc', note: 'Wrong date entered', retracted: true, retraction_note: 'Recorded against the wrong item' }),
      event({ id: 'ev-1', type: 'transmitted', on: '2021-03-01', side: 'us', note: 'Diplomatic note 21-114' }),
    ],
    ...over,
  } as ItemView;
}

/** A reminder as the backend sends it (pending, for a due date 2024-06-10 by default, with
 *  the group and words the core gives that on INFO.today). A test that changes the facts
 *  states the group and words the core would send with them. */
export function reminder(
  over: Partial<Omit<Reminder, 'words' | 'words_zh'>> & { words?: Partial<ReminderWords>; words_zh?: Partial<ReminderWords> } = {},
): Reminder {
  const { words, words_zh, ...facts } = over;
  return {
    item_id: 'id-0',
    reference: 'EXT-000000',
    title: 'Surrender of LIN Wei',
    kind: 'extradition',
    deadline: 'due',
    deadline_on: '2024-06-10',
    lead: 7,
    fire_on: '2024-06-03',
    state: 'pending',
    fired_at: null,
    snoozed_until: null,
    group: 'later',
    active: true,
    ...facts,
    words: {
      heading: 'Later',
      when: 'in 9 days',
      deadline: 'Due date',
      state: 'Pending',
      status: 'Next reminder 2024-06-03',
      ...words,
    },
    words_zh: {
      heading: '以后',
      when: '9 天后',
      deadline: '期限',
      state: '待提醒',
      status: '下次提醒 2024-06-03',
      ...words_zh,
    },
  };
}

export const REMINDER_SETTINGS: ReminderSettings = {
  lead_days: [7, 1, 0],
  cadences: [{ kind: 'extradition', days: 30 }],
};

export type Backend = {
  calls: Call[];
  argsOf: (cmd: string) => Record<string, unknown>[];
  queries: () => ListQuery[];
  set: (cmd: string, handler: Handler) => void;
  /** The links made so far (`link_items`), by item id, both ways as the backend shows them. */
  links: Record<string, LinkedItem[]>;
};

/**
 * Installs the fake backend. `total` items exist; row `i` is `makeRow(i)` (id `id-<i>`).
 * A `search` keeps the rows whose reference or title contains it (case-insensitive);
 * `link_items` links two items both ways, and `get_item` shows the links made.
 */
export function installBackend(opts: { total?: number; makeRow?: (i: number) => ItemRow; handlers?: Record<string, Handler> } = {}): Backend {
  const total = opts.total ?? 3;
  const makeRow = opts.makeRow ?? ((i: number) => row(i));
  const calls: Call[] = [];
  const links: Record<string, LinkedItem[]> = {};
  const rowById = (id: string): ItemRow | undefined => {
    const n = Number(/^id-(\d+)$/.exec(id)?.[1] ?? NaN);
    return Number.isInteger(n) && n >= 0 && n < total ? makeRow(n) : undefined;
  };
  const handlers: Record<string, Handler> = {
    app_info: () => INFO,
    agencies: () => AGENCIES,
    form_schema: () => SCHEMA,
    dashboard: () => DASHBOARD,
    set_user_name: (a) => ({ ...INFO, user_name: a.name }),
    set_notification_detail: (a) => ({ ...INFO, notification_detail: a.detail }),
    list_items: (a) => {
      // Cursors are `row:<n>`, the index of the row after the page (the core's are opaque).
      const q = a.query as ListQuery;
      const limit = q.limit ?? total;
      const needle = q.search?.trim().toLowerCase();
      const from = (q.after ? Number(q.after.slice(4)) : 0) + q.offset;
      const page = (rows: ItemRow[], all: number) => ({
        rows,
        total: all,
        next: rows.length === limit && from + limit < all ? `row:${from + limit}` : null,
      });
      if (needle) {
        const found: ItemRow[] = [];
        for (let i = 0; i < total; i++) {
          const r = makeRow(i);
          if (r.reference.toLowerCase().includes(needle) || r.title.toLowerCase().includes(needle)) found.push(r);
        }
        return page(found.slice(from, from + limit), found.length);
      }
      const end = Math.min(total, from + limit);
      const rows: ItemRow[] = [];
      for (let i = from; i < end; i++) rows.push(makeRow(i));
      return page(rows, total);
    },
    get_item: (a) => itemView({ id: String(a.id), links: [...(links[String(a.id)] ?? [])] }),
    link_items: (a) => {
      const from = String(a.from);
      const to = String(a.to);
      const relation = String(a.relation);
      if (from === to) throw invalid([{ field: 'link', problem: { key: 'linked_to_itself' } }]);
      const a1 = rowById(from);
      const b1 = rowById(to);
      if (!a1 || !b1) throw { code: 'not_found', message: 'No such item.', fields: [] };
      // The words stand in for the core's (relation_words): the relation from the side
      // it was made on, "Linked from it" from the other.
      const add = (at: string, other: ItemRow, outgoing: boolean) => {
        const list = (links[at] ??= []).filter((l) => l.id !== other.id);
        const words = outgoing ? relation : `Linked from it as “${relation}”`;
        list.push({ id: other.id, reference: other.reference, title: other.title, relation, outgoing, words, words_zh: words });
        list.sort((x, y) => x.reference.localeCompare(y.reference));
        links[at] = list;
      };
      add(from, b1, true);
      add(to, a1, false);
      return null;
    },
    unlink_items: (a) => {
      const [id, other] = [String(a.id), String(a.other)];
      const before = (links[id] ?? []).length;
      links[id] = (links[id] ?? []).filter((l) => !(l.id === other && l.relation === a.relation));
      links[other] = (links[other] ?? []).filter((l) => !(l.id === id && l.relation === a.relation));
      if (links[id].length === before) {
        throw invalid([{ field: 'link', problem: { key: 'not_linked_as', from: id, to: other, relation: String(a.relation) } }]);
      }
      return itemView({ id, links: [...links[id]] });
    },
    reminders: () => [],
    reminder_badge: () => 0,
    item_reminders: () => [],
    snooze_reminder: () => null,
    done_reminder: () => null,
    reminder_settings: () => REMINDER_SETTINGS,
    set_reminder_settings: (a) => a.settings,
    export_calendar: () => null,
    item_history: () => [],
    item_attachments: () => [],
    archive_item: (a) => itemView({ id: String(a.id), archived_at: '2024-06-01T09:00:00.000000Z', version: 8 }),
    unarchive_item: (a) => itemView({ id: String(a.id), archived_at: null, version: 9 }),
    erase_item: (a) => ({ id: String(a.id), reference: 'EXT-000000', kind: 'extradition', title: 'Surrender of LIN Wei', events: 3 }),
    archived_items: () => [],
    list_backups: () => [],
    recovery_state: () => ({ recovery: null }),
    protection_state: () => PROTECTION,
    team_status: () => null,
    brief_defaults: () => ({ marking: 'SENSITIVE BUT UNCLASSIFIED', prepared_by: INFO.user_name, words: WORDS }),
    set_brief_marking: (a) => String(a.marking).trim() || 'SENSITIVE BUT UNCLASSIFIED',
    brief_preview: (a) => brief(a.options as BriefOptions),
    save_brief_pdf: () => null,
    save_brief_text: () => null,
    print_brief: () => true,
    ...opts.handlers,
  };
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      const h = handlers[cmd];
      if (!h) throw { code: 'internal', message: `no mock for ${cmd}`, fields: [] };
      return h(a);
    },
    { shouldMockEvents: true },
  );
  return {
    calls,
    argsOf: (cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args),
    queries: () => calls.filter((c) => c.cmd === 'list_items').map((c) => c.args.query as ListQuery),
    set: (cmd, h) => {
      handlers[cmd] = h;
    },
    links,
  };
}

/** An `invalid` error as the backend sends it: each problem keyed, with its English (the
 *  core's `message`, which the window's English words match). */
export function invalid(fields: { field: string; problem: Problem }[]) {
  const full = fields.map((f) => ({ ...f, message: problemText(f.problem, 'en') }));
  return { code: 'invalid', message: full.map((f) => `${f.field}: ${f.message}`).join('; '), fields: full };
}

const l = (en: string, zh: string): Label => ({ en, zh });

/** The brief's fixed words as the backend sends them (the glossary's). */
export const WORDS: Words = {
  status_brief: l('Status brief', '进展简报'),
  as_of: l('As of', '截至'),
  prepared_by: l('Prepared by', '编制人'),
  summary: l('Summary', '概要'),
  open_items: l('Open items', '未结事项'),
  reference: l('Reference', '编号'),
  title: l('Title', '事由'),
  counterpart_agency: l('Counterpart agency', '中方对口机构'),
  transmitted_on: l('Transmitted on', '转交日期'),
  days_with_counterpart: l('Days with counterpart', '中方办理天数'),
  days_since_prc_response: l('Days since last PRC response', '距中方上次答复天数'),
  no_prc_response: l('No PRC response yet', '中方尚未答复'),
  overdue: l('Overdue', '已逾期'),
  median: l('Median', '中位数'),
  longest: l('Longest', '最长'),
  latest_event: l('Latest event', '最新进展'),
  days: l('days', '天'),
  kinds: l('Kinds', '事项类别'),
  status: l('Status', '状态'),
  working_days_us_prc: l('U.S. / PRC working days', '美方 / 中方工作日'),
  estimated: l('Estimated', '估算'),
  estimated_working_days: l('Items with working days estimated (calendar not yet published)', '工作日为估算的事项（假日安排尚未公布）'),
};

export function briefRow(i: number, over: Partial<BriefRow> = {}): BriefRow {
  return {
    id: `id-${i}`,
    reference: `EXT-${i}`,
    title: `Surrender of subject ${i}`,
    title_zh: null,
    agency_code: 'MPS',
    agency_en: 'Ministry of Public Security',
    agency_zh: '公安部',
    status: 'transmitted',
    status_label: l('Transmitted', '已转交'),
    open: true,
    transmitted_on: '2023-01-01',
    days_with_counterpart: 500 - i,
    days_since_prc_response: null,
    no_prc_response: true,
    latest: { label: l('Transmitted to counterpart', '转交中方'), on: '2023-01-01', note: '' },
    overdue: i === 0,
    substance: null,
    working_days_with_counterpart_us: 350 - i,
    working_days_with_counterpart_prc: 348 - i,
    working_days_estimated: false,
    working_days_cell: `${350 - i} / ${348 - i}`,
    raised: { count: 0, last_on: null, highest_level: null },
    raised_words: null,
    linked: null,
    ...over,
  };
}

/** A brief as the backend would make it for these options (kinds and language honoured). */
export function brief(o: BriefOptions, extraRows = 0): Brief {
  const ext = [
    briefRow(0, {
      title: 'Surrender of LIN Wei',
      title_zh: '林伟引渡案',
      raised: { count: 4, last_on: '2024-05-20', highest_level: 'cabinet' },
      raised_words: {
        en: 'Raised 4 times, last 2024-05-20 at cabinet level',
        zh: '交涉 4 次，最近一次交涉 2024-05-20，交涉最高级别：部长级',
      },
      linked: { en: 'Based on IND-000207', zh: '依据 IND-000207' },
    }),
    briefRow(1, { working_days_estimated: true }),
    ...Array.from({ length: extraRows }, (_, n) => briefRow(n + 2)),
  ];
  const sch = [
    briefRow(100, {
      reference: 'SCH-1',
      title: 'Schedule xylazine',
      agency_code: 'NNCC',
      agency_en: 'National Narcotics Control Commission',
      agency_zh: '国家禁毒委员会',
      status: 'acknowledged',
      status_label: l('Acknowledged', '已确认收悉'),
      no_prc_response: false,
      days_since_prc_response: 20,
      substance: {
        name: 'xylazine',
        cas: '7361-61-7',
        prc_status: l('Controlled by the PRC on', '中方列管日期'),
        prc_controlled_on: '2024-07-01',
      },
    }),
  ];
  const sections = [
    { kind: 'extradition' as const, label: l('Extradition request', '引渡请求'), rows: ext },
    { kind: 'scheduling' as const, label: l('Scheduling request', '物质列管请求'), rows: sch },
  ].filter((s) => o.kinds.length === 0 || o.kinds.includes(s.kind));
  const rows = sections.flatMap((s) => s.rows);
  return {
    lang: o.lang,
    audit_head: '42:' + '9f2c4e1a7b3d5c6e'.repeat(4),
    title: o.title ?? 'Status brief',
    title_zh: o.title ? null : '进展简报',
    as_of: INFO.today,
    marking: o.marking || 'SENSITIVE BUT UNCLASSIFIED',
    marking_zh: o.marking === 'SENSITIVE BUT UNCLASSIFIED' ? '敏感但非密' : null,
    prepared_by: o.prepared_by ?? null,
    profile: o.profile ?? 'full',
    profile_words:
      o.profile === 'wide'
        ? l(
            "Wide distribution: notes, subjects' names and fields marked sensitive are left out",
            '广泛分发版：已略去备注、涉案人员姓名及敏感字段',
          )
        : l('Full brief: for internal use', '完整版：仅供内部使用'),
    scope: o.open_only ? l('Items included: open items only', '所含事项：仅未结事项') : null,
    changes: o.since_last
      ? {
          heading: l('Changes since the previous brief', '自上次简报以来的变化'),
          since: l('No brief was recorded before this one: there is nothing to compare.', '此前没有简报记录，无可比较。'),
          previous_made_at: null,
          groups: [],
          nothing: null,
        }
      : null,
    summary: {
      open: rows.length,
      open_by_kind_status: sections.map((s) => ({
        kind: s.kind,
        kind_label: s.label,
        status: s.rows[0].status,
        status_label: s.rows[0].status_label,
        count: s.rows.length,
      })),
      median_days: 499,
      longest_days: 500,
      overdue: 1,
      no_prc_response: 2,
      estimated_working_days: 1,
    },
    chart: {
      by: 'Item',
      bars: rows.slice(0, 30).map((r) => ({ label: r.reference, label_zh: null, value: r.days_with_counterpart ?? 0, overdue: r.overdue })),
      max: 500,
    },
    responsiveness: {
      heading: l('Counterpart responsiveness', '中方对口机构回应情况'),
      scope: {
        en: `Figures over the ${rows.length} transmitted items in this brief; drafts do not count.`,
        zh: `统计范围：本简报所列已转交事项 ${rows.length} 项（不含草稿）。`,
      },
      columns: [
        l('Counterpart agency', '中方对口机构'),
        l('Items', '事项数'),
        l('Open items', '未结事项'),
        l('Answered', '已答复'),
        l('Never answered', '从未答复'),
        l('Median days with counterpart, open items', '未结事项中方办理天数中位数'),
        l('Median days to first response', '首次回应天数中位数'),
        l('Raised (times)', '交涉次数'),
      ],
      rows: [
        {
          agency_code: 'MPS',
          agency_en: 'Ministry of Public Security',
          agency_zh: '公安部',
          figures: {
            group: 'MPS',
            items: 3,
            open: 2,
            closed: 1,
            fulfilled: 1,
            answered: 1,
            no_response: 2,
            median_days_with_counterpart_open: 499.5,
            median_days_to_first_response: 12,
            times_raised: 4,
            items_raised: 1,
            percent_answered: 33,
            percent_no_response: 67,
          },
          cells: ['3', '2', '1', '2', '499.5', '12', '4'],
        },
      ],
    },
    sections,
  };
}
