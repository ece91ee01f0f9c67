-- Counterpart schema, version 2: deadline reminders and settings.
--
-- A deadline is (item, which deadline, its date): an item's due date, its follow-up date, or
-- the chase date that a per-kind follow-up cadence sets. A changed date is another deadline,
-- so its reminders re-arm. Each deadline has reminders at lead times (by default 7 days
-- before, 1 day before, the day itself, and once overdue, the day after: lead -1).
--
-- `reminder` holds ONE row per deadline that has been acted on, not one per lead time:
-- leads fire in a fixed order (the larger lead first), so the row's `lead` is the latest lead
-- spent, and every lead that fires before it is spent too. No row = nothing fired yet.
--   state 'fired'    the reminder at `lead` fired at `fired_at`;
--         'snoozed'  nothing of this deadline fires before `snoozed_until` (a date), then the
--                    lead due on that day fires;
--         'done'     the user dealt with the deadline: nothing of it fires again;
--         'retired'  the item was closed (kept as a record; if a retraction reopens the item,
--                    the deadline counts as never fired).
-- Dates are TEXT 'YYYY-MM-DD', instants TEXT RFC 3339 UTC with microseconds, as in 0001.
--
-- Keyed by the item's row number (`item.seq`), not its UUID: the check compares every
-- open deadline with its row about once a minute, and the deadline dates come from the
-- partial indexes `item_due` and `item_follow_up`, which carry the row number but not the
-- id. The key's order (deadline, deadline_on, item_seq) is also the order of those indexes,
-- so SQLite compares the two sides by merging them (`EXCEPT`), not by a lookup per item.
-- Reminder state is local to this database file (it is not exported): the row number is
-- stable for the life of the row.
CREATE TABLE reminder (
    deadline       TEXT NOT NULL CHECK (deadline = 'due' OR deadline = 'follow_up' OR
                                        deadline = 'cadence'),
    deadline_on    TEXT NOT NULL,
    item_seq       INTEGER NOT NULL REFERENCES item (seq) ON DELETE CASCADE,
    lead           INTEGER NOT NULL CHECK (lead >= -1 AND lead <= 365),
    state          TEXT NOT NULL CHECK (state = 'fired' OR state = 'snoozed' OR
                                        state = 'done' OR state = 'retired'),
    fired_at       TEXT,
    snoozed_until  TEXT,
    changed_at     TEXT NOT NULL,
    PRIMARY KEY (deadline, deadline_on, item_seq),
    CHECK ((state = 'snoozed') = (snoozed_until IS NOT NULL)),
    CHECK (state <> 'fired' OR fired_at IS NOT NULL)
) STRICT, WITHOUT ROWID;

-- The foreign key (ON DELETE CASCADE, and retiring the rows of a closed item).
CREATE INDEX reminder_item ON reminder (item_seq);

-- Settings shared by every program that opens this database (the window, the command line
-- and a scheduled job must remind at the same lead times):
--   'reminders.leads'             lead times in days before a deadline, e.g. '7,1,0'
--                                 (absent: the default, 7,1,0; the overdue reminder always);
--   'reminders.cadence.<kind>'    follow-up cadence in days for a kind (absent: none).
CREATE TABLE setting (
    key    TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
