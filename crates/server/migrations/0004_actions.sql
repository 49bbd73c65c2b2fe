-- Conversation actions (issue 13): moving to another team, snoozing, and their thread events.
--
-- * conversations.status gains 'snoozed'; snoozed_until says when a snoozed conversation comes
--   back, and is set exactly while it is snoozed.
-- * messages.event_type gains the events of the new actions ('moved', 'snoozed', 'unsnoozed',
--   'snooze_ended', 'woken_by_contact') and 'started' (a conversation started from the Inbox);
--   event_team_id says where a 'moved' conversation went, event_until until when a 'snoozed'
--   one sleeps.
--
-- SQLite cannot alter a CHECK constraint, and rebuilding conversations and messages inside the
-- migration's transaction is not possible without losing rows (foreign keys cannot be switched
-- off in a transaction, and dropping conversations would cascade to its messages). Widening a
-- list of allowed values breaks no existing row, so this uses the procedure SQLite documents for
-- such changes (https://sqlite.org/lang_altertable.html#otheralter): the stored CREATE TABLE text
-- is edited under writable_schema, and the migration's hook (db.rs) bumps schema_version so that
-- every connection reparses it, then checks that both edits took.
--
-- The columns are added first: ALTER TABLE … ADD COLUMN edits the CREATE text at an offset
-- remembered from the schema as parsed, which must still be the stored text.

ALTER TABLE conversations ADD COLUMN snoozed_until TEXT
    CHECK ((status = 'snoozed') = (snoozed_until IS NOT NULL));
ALTER TABLE messages ADD COLUMN event_team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL;
ALTER TABLE messages ADD COLUMN event_until TEXT
    CHECK (event_until IS NULL OR event_type = 'snoozed');

PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql,
    'CHECK (status IN (''open'', ''closed''))',
    'CHECK (status IN (''open'', ''snoozed'', ''closed''))')
WHERE type = 'table' AND name = 'conversations';
UPDATE sqlite_schema
SET sql = replace(sql,
    'CHECK (event_type IN (''assigned'', ''unassigned'', ''closed'', ''reopened'', ''tagged'', ''untagged''))',
    'CHECK (event_type IN (''assigned'', ''unassigned'', ''closed'', ''reopened'', ''tagged'', ''untagged'', ''moved'', ''snoozed'', ''unsnoozed'', ''snooze_ended'', ''woken_by_contact'', ''started''))')
WHERE type = 'table' AND name = 'messages';
PRAGMA writable_schema = OFF;

-- The snoozes that are due, soonest first (the waker's query).
CREATE INDEX conversations_snoozed_until ON conversations (snoozed_until)
    WHERE snoozed_until IS NOT NULL;
