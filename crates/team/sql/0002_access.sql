-- Users and who sees what. Each user is a PostgreSQL role (LOGIN, SCRAM password) that is
-- a member of counterpart_team_user and has one agency in team_user. An item belongs to
-- the agency of the user whose op created it (the first op for its item_id); a share op
-- lets another agency see and write it.

DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'counterpart_team_user') THEN
        CREATE ROLE counterpart_team_user NOLOGIN;
    END IF;
END $$;

CREATE TABLE team_user (
    role   text PRIMARY KEY,
    agency text NOT NULL CHECK (agency ~ '^[A-Z][A-Z0-9_-]{0,31}$')
);

-- Written only by push(): the owning agency of each item, and the shares.
CREATE TABLE team_item (
    item_id    uuid PRIMARY KEY,
    agency     text NOT NULL,
    created_seq bigint NOT NULL
);
CREATE TABLE team_share (
    item_id   uuid NOT NULL REFERENCES team_item,
    agency    text NOT NULL,
    share_seq bigint NOT NULL,
    PRIMARY KEY (item_id, agency)
);

-- The calling user's agency (NULL: not a team user). session_user, not current_user: inside
-- a SECURITY DEFINER function current_user is the owner.
CREATE FUNCTION team_agency() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT agency FROM team_user WHERE role = session_user::text
$$;

-- Whether the caller's agency may see (and write) an item: it owns it, or it was shared
-- with it.
CREATE FUNCTION team_may_write(item uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT FROM team_item i WHERE i.item_id = item AND i.agency = team_agency())
        OR EXISTS (SELECT FROM team_share s WHERE s.item_id = item AND s.agency = team_agency())
$$;

ALTER TABLE team_log ENABLE ROW LEVEL SECURITY;
-- Users read ops that are not about an item, and those of the items their agency may see.
-- No INSERT, UPDATE or DELETE policy and no such grant: rows come only through push().
CREATE POLICY team_log_read ON team_log FOR SELECT TO counterpart_team_user
    USING (item_id IS NULL OR team_may_write(item_id));

REVOKE ALL ON team_log, team_user, team_item, team_share FROM PUBLIC;
GRANT SELECT ON team_log TO counterpart_team_user;
REVOKE ALL ON FUNCTION team_agency(), team_may_write(uuid), verify_chain() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team_agency(), team_may_write(uuid), verify_chain()
    TO counterpart_team_user;
