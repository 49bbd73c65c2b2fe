-- The dashboard list of product.md §4 at 100,000 conversations in a space.

-- "All" views without a status filter, newest or oldest first, without sorting the space.
CREATE INDEX conversations_space_activity ON conversations (space_id, last_activity_at);
-- View counts under the channel filter, answered from the index alone (conversations_space_counts
-- covers the others).
CREATE INDEX conversations_space_filters
    ON conversations (space_id, stream, status, team_id, assignee_id, unread_count);

-- Search: substring matches on contact name, phone and Telegram handle, and on message text.
-- Trigram full-text indexes answer `"text"` phrase queries as case-insensitive substring
-- matches (3 characters or more; shorter searches look at contacts only, with LIKE). External content: the
-- text is stored once, in the real tables; the triggers keep the indexes in step.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body, content = 'messages', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
    INSERT INTO messages_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;

CREATE VIRTUAL TABLE contacts_fts USING fts5 (
    name, phone, telegram_handle, content = 'contacts', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, name, phone, telegram_handle)
    VALUES (NEW.id, NEW.name, NEW.phone, NEW.telegram_handle);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, phone, telegram_handle)
    VALUES ('delete', OLD.id, OLD.name, OLD.phone, OLD.telegram_handle);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, phone, telegram_handle ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, phone, telegram_handle)
    VALUES ('delete', OLD.id, OLD.name, OLD.phone, OLD.telegram_handle);
    INSERT INTO contacts_fts (rowid, name, phone, telegram_handle)
    VALUES (NEW.id, NEW.name, NEW.phone, NEW.telegram_handle);
END;
