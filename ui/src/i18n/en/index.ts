// The window's words in English: the base of every language (typesafe-i18n). The Chinese
// in ../zh-CN/index.ts must have every key here, with the same parameters: a missing one
// fails `npm run check`. Terms come from docs/glossary.md (shared/GLOSSARY.md).
//
// To add a message: add its key here, in the section of its view ({name} for a parameter,
// {n:number|int} for a number written with the locale's digit grouping, {{s}} or
// {{one|other}} for an English plural of the number before it), add the same key to
// ../zh-CN/index.ts, run `npm run i18n` (the check and the build run it too), and read it
// in a component as `LL.section.key({ name })` (import { LL } from '../lib/i18n.svelte').
// The core's labels (form fields, kinds, statuses) and field problems are not here: the
// core sends them with their Chinese (`label_zh`, VOCABULARY, `Problem` keys below).
import type { BaseTranslation } from '../i18n-types';

const en = {
  language: {
    label: 'Language',
    hint: 'The window’s language. Briefs keep their own language setting.',
    en: 'English',
    zh: '简体中文',
  },
  format: {
    items: '{n:number|int} item{{s}}',
    unknownItems: '? items',
    days: '{n:number|int} day{{s}}',
  },
  kindShort: {
    extradition: 'Extradition',
    indictment: 'Indictment',
    scheduling: 'Scheduling',
    commitment: 'Commitment',
  },
  fulfilled: {
    extradition: 'Extradited',
    indictment: 'Acted upon',
    scheduling: 'Scheduled (controlled)',
    commitment: 'Implemented',
  },
  side: {
    us: 'U.S. side',
    prc: 'PRC side',
  },
  sort: {
    reference: 'Reference',
    kind: 'Kind',
    title: 'Title',
    counterpart: 'Agency',
    status: 'Status',
    days_with_counterpart: 'Days with counterpart',
    days_since_prc_response: 'Days since last PRC response',
    transmitted_on: 'Transmitted on',
    due_on: 'Due date',
    working_days_us: 'U.S. working days',
    working_days_prc: 'PRC working days',
  },
  auditAction: {
    created: 'Created',
    edited: 'Edited',
    event_recorded: 'Event recorded',
    linked: 'Linked',
    unlinked: 'Unlinked',
    archived: 'Archived',
    restored: 'Restored from the archive',
    erased: 'Erased',
    shared: 'Shared',
    conflict: 'Edit conflict',
  },
  // The core's field problems, by their `Problem` key (crates/core/src/problem.rs), with
  // the same English. Parameters are the problem's.
  problem: {
    required: 'is required',
    too_long: 'is {length} characters long; the limit is {limit}',
    control_character: 'contains a control character ({code})',
    bidi_control: 'contains a bidirectional control character ({code}), which can disguise the text',
    edge_spaces: 'must not begin or end with spaces',
    too_many_tags: '{count} tags; the limit is {limit}',
    not_a_tag: '`{value}` is not a tag (empty, or contains `;`)',
    not_a_date: '`{value}` is not a date in the form YYYY-MM-DD',
    not_a_real_date: '{value} is not a real date',
    before_transmitted: '{date} is before the transmitted date {transmitted}',
    after_today: '{date} is after today ({today}); record an event once it has happened',
    not_a_cas_number: '`{value}` is not a CAS number (digits in the form 1234567-89-0)',
    cas_check_digit: '{value} has a wrong check digit (expected {expected})',
    reference_taken: '{reference} is already used by another item',
    kind_fixed: 'cannot be changed; add a new item of the other kind',
    unknown_agency: '`{value}` is not a known counterpart agency; use a code ({codes}) or a name',
    unknown_word: '`{value}` is not a {what}; expected one of: {allowed}',
    not_yes_or_no: '`{value}` is not yes or no',
    not_a_lead_time: '{days} is not a lead time: give whole days before the deadline, {min} to {max}',
    lead_time_twice: '{days} is given twice: each lead time once',
    not_a_cadence: '{days} is not a cadence: give whole days, {min} to {max}',
  },
  nav: {
    main: 'Main',
    items: 'Items',
    reminders: 'Reminders',
    briefs: 'Briefs',
    stats: 'Stats',
    substances: 'Substances',
    settings: 'Settings',
    badgeTitle: '{n} overdue or due today',
    badgeHidden: ' reminders overdue or due today',
    userTitle: 'Recorded with every event you record (set it in Settings)',
    noUser: 'No user name set',
  },
  app: {
    content: 'Content',
    couldNotOpen: 'Could not open the database.',
    tryAgain: 'Try again',
    dbNotOpened: 'The database could not be opened.',
    openAnother: 'Open another database…',
    dismiss: 'Dismiss',
    discard: 'Discard changes',
    keepEditing: 'Keep editing',
  },
  dashboard: {
    summary: 'Summary',
    openItems: 'Open items',
    median: 'Median with counterpart',
    daysShort: ' d',
    longest: 'Longest',
    showAll: 'Show all items again',
    showOverdue: 'Show only overdue items',
    overdue: 'Overdue',
    noPrcResponse: 'No PRC response yet',
    loading: 'Loading figures…',
  },
  filter: {
    search: 'Search items',
    placeholder: 'Search (English or 中文)',
    kind: 'Kind',
    allKinds: 'All kinds',
    status: 'Status',
    allStatuses: 'All statuses',
    agency: 'Counterpart agency',
    allAgencies: 'All agencies',
    openOrClosed: 'Open or closed',
    open: 'Open',
    closed: 'Closed',
    all: 'All',
    showOverdue: 'Show only overdue items',
    overdue: 'Overdue',
    newItemTitle: 'New item (Ctrl+N)',
    newItem: 'New item',
  },
  common: {
    saved: 'Saved.',
    cancel: 'Cancel',
    save: 'Save',
    none: '—',
  },
  reminderSettings: {
    intro:
      'When to be reminded of a due date or follow-up date: whole days before it ({min} is the day itself, at most {max}). The overdue reminder always follows, the day after the deadline passes.',
    leadTimes: 'Lead times',
    noLeads: 'No lead times: only the overdue reminder will come.',
    remove: 'Remove {lead}',
    daysBefore: 'Days before the deadline',
    daysPlaceholder: 'days',
    addLead: 'Add lead time',
    leadWhole: 'enter a whole number of days before the deadline (0 for the day itself)',
    cadence: 'Follow-up cadence',
    cadenceIntro:
      'Chase an item when its last PRC response is older than this many days ({min} to {max}; empty: no cadence for that kind).',
    none: 'none',
    daysUnit: 'days',
    kindCadence: '{kind} cadence',
    cadenceWhole: 'enter a whole number of days, or leave it empty for none',
    save: 'Save reminder settings',
  },
} satisfies BaseTranslation;

export default en;
