-- The composer (issue 12): replies and notes written in the Inbox, and their delivery.
--
-- * sender_profile_id: the profile an outbound reply went out from (the conversation's, or
--   another of its stream the author may use). Seeded history has none: the conversation's
--   profile stands in for it.
-- * client_id: the id the client generated for the message, also its Idempotency-Key; one per
--   author, so that a retried send finds the message it already created instead of adding a
--   second one.
-- * status_changed_at: when the delivery status last moved (Telegram's pacing is measured on it).

ALTER TABLE messages ADD COLUMN sender_profile_id INTEGER
    REFERENCES sender_profiles (id) ON DELETE SET NULL;
ALTER TABLE messages ADD COLUMN client_id TEXT
    CHECK (client_id IS NULL OR length(client_id) BETWEEN 1 AND 64);
ALTER TABLE messages ADD COLUMN status_changed_at TEXT;

CREATE UNIQUE INDEX messages_client_id_per_author ON messages (author_id, client_id)
    WHERE client_id IS NOT NULL;

-- What the delivery simulator still has to move: messages sent from the Inbox whose status is
-- not final yet.
CREATE INDEX messages_undelivered ON messages (id)
    WHERE client_id IS NOT NULL AND status IN ('queued', 'sent', 'delivered');
