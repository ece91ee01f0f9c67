-- push(ops) and pull(after, max).

-- The item an op is about: "item" (create_item, edit_fields, record_event, retract,
-- archive, unarchive, erase, share), "from" (link, unlink), "reminder"."item_id"
-- (snooze_reminder, reminder_done); NULL for the others (settings, agencies).
CREATE FUNCTION team_op_item(body jsonb) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    t text := coalesce(body->>'item', body->>'from', body->'reminder'->>'item_id');
BEGIN
    RETURN t::uuid;
EXCEPTION WHEN invalid_text_representation THEN
    RAISE EXCEPTION 'op %: the item % is not a UUID', body->>'id', t
        USING ERRCODE = 'invalid_parameter_value';
END
$$;

-- push(ops): ops is a JSON array of op::Operation objects. Each op not seen yet (by its
-- "id") is appended; one already in the log changes nothing (a resend after a lost
-- acknowledgement). Returns every op's id and server_seq, in the order given. The whole
-- call is one transaction: a refused op refuses the batch.
--
-- Refused (SQLSTATE 42501, insufficient_privilege): a caller who is not a team user; an
-- op for an item the caller's agency may not write; a share by an agency that does not
-- own the item; an op id already in the log with another body. Refused (22023,
-- invalid_parameter_value): an op that is not an object with a UUID "id" and an "op"; the
-- first op of an unknown item that is not its create_item; a share without an agency code.
CREATE FUNCTION push(ops jsonb) RETURNS TABLE (op_id uuid, server_seq bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    me text := session_user::text;
    my_agency text := team_agency();
    op jsonb;
    id uuid;
    item uuid;
    kind text;
    old team_log;
    seq bigint;
    prev text;
    hash text;
    now_ timestamptz := clock_timestamp();
    last_seq bigint;
BEGIN
    IF my_agency IS NULL THEN
        RAISE EXCEPTION 'role % is not a team user', me USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF jsonb_typeof(ops) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'push takes a JSON array of operations' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- One appender at a time: the chain and server_seq have one order, without gaps.
    PERFORM pg_advisory_xact_lock(hashtext('counterpart_team_log'));
    SELECT l.server_seq, l.hash INTO seq, prev FROM team_log l ORDER BY l.server_seq DESC LIMIT 1;
    seq := coalesce(seq, 0);
    prev := coalesce(prev, team_genesis_hash());

    FOR op IN SELECT value FROM jsonb_array_elements(ops) LOOP
        IF jsonb_typeof(op) IS DISTINCT FROM 'object' OR jsonb_typeof(op->'op') IS DISTINCT FROM 'string' THEN
            RAISE EXCEPTION 'an operation must be an object with an "op"' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        BEGIN
            id := (op->>'id')::uuid;
        EXCEPTION WHEN invalid_text_representation THEN
            id := NULL;
        END;
        IF id IS NULL THEN
            RAISE EXCEPTION 'operation "id" % is not a UUID', op->'id' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        kind := op->>'op';

        SELECT * INTO old FROM team_log l WHERE l.op_id = id;
        IF FOUND THEN
            IF old.body <> op OR old.author <> me THEN
                RAISE EXCEPTION 'op % is already in the log with another body or author', id
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            op_id := id;
            server_seq := old.server_seq;
            RETURN NEXT;
            CONTINUE;
        END IF;

        item := team_op_item(op);
        IF item IS NOT NULL THEN
            IF NOT EXISTS (SELECT FROM team_item i WHERE i.item_id = item) THEN
                IF kind <> 'create_item' THEN
                    RAISE EXCEPTION 'op % (%): item % is not in the team log', id, kind, item
                        USING ERRCODE = 'invalid_parameter_value';
                END IF;
                INSERT INTO team_item VALUES (item, my_agency, seq + 1);
            ELSIF NOT team_may_write(item) THEN
                RAISE EXCEPTION 'op % (%): agency % may not write item %', id, kind, my_agency, item
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF kind = 'share' THEN
                IF coalesce(op->>'agency', '') !~ '^[A-Z][A-Z0-9_-]{0,31}$' THEN
                    RAISE EXCEPTION 'op % (share): "agency" % is not an agency code', id, op->'agency'
                        USING ERRCODE = 'invalid_parameter_value';
                END IF;
                IF NOT EXISTS (SELECT FROM team_item i WHERE i.item_id = item AND i.agency = my_agency) THEN
                    RAISE EXCEPTION 'op % (share): only the agency that owns item % may share it', id, item
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                INSERT INTO team_share VALUES (item, op->>'agency', seq + 1) ON CONFLICT DO NOTHING;
            END IF;
        END IF;

        seq := seq + 1;
        hash := team_row_hash(prev, seq, id, me, my_agency, item, op, now_);
        INSERT INTO team_log VALUES (seq, id, me, my_agency, item, op, now_, prev, hash);
        prev := hash;
        last_seq := seq;
        op_id := id;
        server_seq := seq;
        RETURN NEXT;
    END LOOP;

    IF last_seq IS NOT NULL THEN
        -- Delivered when the transaction commits; the payload is the new head.
        PERFORM pg_notify('counterpart_ops', last_seq::text);
    END IF;
END
$$;

-- pull(after, max): the ops after server_seq `after` that the caller may see (row-level
-- security on team_log: SECURITY INVOKER), in server order, at most `max`.
CREATE FUNCTION pull(after bigint, max integer)
RETURNS TABLE (server_seq bigint, op_id uuid, author text, agency text, item_id uuid,
               body jsonb, received_at timestamptz, hash text)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = public, pg_temp AS $$
    SELECT l.server_seq, l.op_id, l.author, l.agency, l.item_id, l.body, l.received_at, l.hash
    FROM team_log l WHERE l.server_seq > $1 ORDER BY l.server_seq LIMIT $2
$$;

-- pull_item(item): every op of one item the caller may see, in server order. An item shared
-- with the caller's agency comes with a history from before the caller's pull position:
-- a client that pulls a share for its agency fetches the item's earlier ops with this.
CREATE FUNCTION pull_item(item uuid)
RETURNS TABLE (server_seq bigint, op_id uuid, author text, agency text, item_id uuid,
               body jsonb, received_at timestamptz, hash text)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = public, pg_temp AS $$
    SELECT l.server_seq, l.op_id, l.author, l.agency, l.item_id, l.body, l.received_at, l.hash
    FROM team_log l WHERE l.item_id = $1 ORDER BY l.server_seq
$$;

REVOKE ALL ON FUNCTION push(jsonb), pull(bigint, integer), pull_item(uuid), team_op_item(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION push(jsonb), pull(bigint, integer), pull_item(uuid), team_op_item(jsonb)
    TO counterpart_team_user;
