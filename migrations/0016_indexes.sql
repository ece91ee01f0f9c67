-- Counterpart schema 16: two indexes, so that the reminder check with a follow-up
-- cadence and the list sorted by title stay cheap at any size (issue 15: the full check
-- < 50 ms on 100,000 items with a cadence on every kind; the window usable at a million).
--
-- 1. `item_chase`.
-- A cadence's chase dates are computed from when the counterpart was last heard from,
-- not stored (see `db::reminders`), so the check reads every open, transmitted item of
-- the kinds with a cadence. Without an index that is a scan of the whole `item` table,
-- whose rows are wide (titles, notes, the working-day columns): about 57 ms on 100,000
-- items. This partial index holds exactly the rows and columns that read needs (the
-- kind, the date last heard from, and the row number every index carries), about a
-- fortieth of the table, and the read becomes a walk of it (about 7 ms). Its condition
-- is written as the check's query writes it (with the status as a literal), which is
-- what lets SQLite use a partial index.
--
-- Its cost falls on writes of open, transmitted items: measured in `make bench`'s import
-- figure (an earlier measurement, before any cadence had a target, found about 6%).
CREATE INDEX item_chase ON item (kind, coalesce(last_prc_on, transmitted_on))
    WHERE is_open = 1 AND transmitted_on IS NOT NULL AND archived = 0 AND status <> 'awaiting_us';

-- 2. `item_title`: the list sorted by title (the window's column, `list --sort title`).
-- Without it, SQLite reads every item to find the first page: 57 ms on 100,000 items,
-- growing with them (half a second at a million). With it, the first page is a walk of
-- the index's first entries (about a millisecond at any size), A→Z or, for Z→A with ties
-- by reference A→Z, the index walked backwards with each title's ties sorted
-- (`db::list::sorted` orders by `title, reference`).
CREATE INDEX item_title ON item (title, reference);
