-- Live updates (issue 14): the event log behind `GET /api/events`.
--
-- Every change is recorded here in the transaction that makes it; `id` is the SSE `id:` line,
-- so AUTOINCREMENT: an id is never reused, even after the newest rows were pruned, and a
-- client's `Last-Event-ID` never points at a different event than the one it saw.
--
-- * payload: the `textpeak_api::live::LiveEvent` as JSON, as every permitted subscriber gets it.
-- * space_id, team_id, assignee_id: who may see the event, the conversation's access after the
--   change (NULL team for events that are not about a conversation).
-- * prior_team_id, prior_assignee_id: the access before, when the change moved the
--   conversation or changed its assignee (NULL prior_team_id otherwise): a subscriber who could
--   see it before and no longer can is told that it is hidden from them now.
-- No foreign keys: the log outlives what it describes (a deleted team, a tenant's data) until
-- it is pruned, and only the server reads it.

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id INTEGER NOT NULL,
    space_id INTEGER,
    conversation_id INTEGER,
    team_id INTEGER,
    assignee_id INTEGER,
    prior_team_id INTEGER,
    prior_assignee_id INTEGER,
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    created_at TEXT NOT NULL
);

-- Resuming reads `id > ?` (the primary key); the tests and the support tools look up a
-- conversation's events.
CREATE INDEX events_conversation ON events (conversation_id, id) WHERE conversation_id IS NOT NULL;
