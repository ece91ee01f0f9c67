-- The operation log: append-only, ordered by the server (server_seq, gapless), each row
-- hash-chained to the one before. Rows are written only by push() (0003), which holds
-- the append lock, so the chain has one order.

CREATE TABLE team_log (
    server_seq  bigint PRIMARY KEY CHECK (server_seq > 0),
    op_id       uuid NOT NULL UNIQUE,
    author      text NOT NULL,            -- the PostgreSQL role that pushed it
    agency      text NOT NULL,            -- that role's agency when it pushed
    item_id     uuid,                     -- NULL for ops that are not about one item
    body        jsonb NOT NULL,           -- the core's op::Operation JSON
    received_at timestamptz NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL
);
CREATE INDEX team_log_item ON team_log (item_id, server_seq);

-- The hash of one row: SHA-256 (built in since PostgreSQL 11) over the previous hash and
-- the row's fields, each written out in a fixed form (the instant in UTC, microseconds).
CREATE FUNCTION team_row_hash(prev_hash text, server_seq bigint, op_id uuid, author text,
                              agency text, item_id uuid, body jsonb, received_at timestamptz)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(
        prev_hash || E'\n' || server_seq::text || E'\n' || op_id::text || E'\n' ||
        author || E'\n' || agency || E'\n' || coalesce(item_id::text, '') || E'\n' ||
        to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || E'\n' ||
        body::text, 'UTF8')), 'hex')
$$;

-- The previous hash of the first row.
CREATE FUNCTION team_genesis_hash() RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT repeat('0', 64) $$;

CREATE FUNCTION team_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the team log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER team_log_append_only BEFORE UPDATE OR DELETE ON team_log
    FOR EACH ROW EXECUTE FUNCTION team_log_refuse_change();
CREATE TRIGGER team_log_no_truncate BEFORE TRUNCATE ON team_log
    FOR EACH STATEMENT EXECUTE FUNCTION team_log_refuse_change();

-- verify_chain(): the first row whose prev_hash or hash is not what the chain says (NULL
-- when the whole chain verifies), the first gap in server_seq counting as bad too, and
-- the head (the last row's seq and hash; 0 and the genesis hash when the log is empty).
CREATE FUNCTION verify_chain(OUT first_bad bigint, OUT head_seq bigint, OUT head_hash text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r record;
    expected_prev text := team_genesis_hash();
    expected_seq bigint := 1;
BEGIN
    head_seq := 0;
    head_hash := expected_prev;
    FOR r IN SELECT * FROM team_log ORDER BY server_seq LOOP
        IF first_bad IS NULL AND (r.server_seq <> expected_seq OR r.prev_hash <> expected_prev
            OR r.hash <> team_row_hash(r.prev_hash, r.server_seq, r.op_id, r.author, r.agency,
                                       r.item_id, r.body, r.received_at)) THEN
            first_bad := r.server_seq;
        END IF;
        -- The chain goes on from what the row says, so one bad row is named, not all after.
        expected_prev := r.hash;
        expected_seq := r.server_seq + 1;
        head_seq := r.server_seq;
        head_hash := r.hash;
    END LOOP;
END
$$;
