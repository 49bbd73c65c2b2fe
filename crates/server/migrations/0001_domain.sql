-- The whole domain of product.md §2.
--
-- Conventions:
-- * Timestamps are RFC 3339 UTC text with milliseconds ("2025-01-31T09:15:00.000Z"), fixed
--   width so that text order is time order.
-- * Booleans are INTEGER 0/1 with a CHECK.
-- * Rules the product states ("a sender belongs to at most one profile", "a tenant has exactly
--   one owner", "a status only moves forward") are constraints here, so that no code path,
--   present or future, can break them.
-- * Composite foreign keys such as (space_id, tenant_id) keep rows of one tenant from pointing
--   at another tenant's rows, structurally rather than by remembering a WHERE clause.
-- * Parent references that must not silently disappear use the default NO ACTION (checked at
--   the end of the statement, so deleting a whole space with its teams and conversations in one
--   statement still works); ON DELETE CASCADE is used only from owners to what they own.

CREATE TABLE tenants (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    beta_access TEXT NOT NULL DEFAULT 'none'
        CHECK (beta_access IN ('none', 'requested', 'approved', 'declined')),
    access_requested_at TEXT,
    access_reviewed_at TEXT,
    onboarding_finished_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (beta_access <> 'requested' OR access_requested_at IS NOT NULL)
) STRICT;

-- Beta access history; tenants.beta_access is the current state.
CREATE TABLE access_requests (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    requested_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'requested'
        CHECK (status IN ('requested', 'approved', 'declined')),
    reviewed_at TEXT,
    CHECK ((status = 'requested') = (reviewed_at IS NULL))
) STRICT;
-- At most one pending request per tenant: a double click (or two admins at once) inserts one
-- row and the second insert fails, whatever the timing.
CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (tenant_id)
    WHERE status = 'requested';

-- The three built-in roles have no tenant; custom roles belong to one tenant and are Manager- or
-- Agent-based. `disabled` lists permissions::RoleFlag names, comma-separated.
CREATE TABLE roles (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    base TEXT NOT NULL CHECK (base IN ('admin', 'manager', 'agent')),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    disabled TEXT NOT NULL DEFAULT '',
    CHECK (
        (builtin = 1 AND tenant_id IS NULL AND disabled = '')
        OR (builtin = 0 AND tenant_id IS NOT NULL AND base IN ('manager', 'agent'))
    )
) STRICT;
-- NULLs are distinct in a UNIQUE index, so the built-ins are folded onto tenant 0.
CREATE UNIQUE INDEX roles_name_per_tenant ON roles (coalesce(tenant_id, 0), name);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (email LIKE '_%@_%'),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    password_hash TEXT NOT NULL,
    is_owner INTEGER NOT NULL DEFAULT 0 CHECK (is_owner IN (0, 1)),
    inbox_permission INTEGER NOT NULL DEFAULT 0 CHECK (inbox_permission IN (0, 1)),
    role_id INTEGER REFERENCES roles (id),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (id, tenant_id)
) STRICT;
-- A tenant has at most one owner.
CREATE UNIQUE INDEX users_one_owner_per_tenant ON users (tenant_id) WHERE is_owner = 1;
CREATE INDEX users_tenant ON users (tenant_id, name);

-- A user's role is a built-in one or a custom role of the user's own tenant.
CREATE TRIGGER users_role_of_own_tenant_insert BEFORE INSERT ON users
WHEN NEW.role_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM roles r WHERE r.id = NEW.role_id AND coalesce(r.tenant_id, NEW.tenant_id) = NEW.tenant_id
)
BEGIN
    SELECT RAISE(ABORT, 'role belongs to another tenant');
END;
CREATE TRIGGER users_role_of_own_tenant_update BEFORE UPDATE OF role_id, tenant_id ON users
WHEN NEW.role_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM roles r WHERE r.id = NEW.role_id AND coalesce(r.tenant_id, NEW.tenant_id) = NEW.tenant_id
)
BEGIN
    SELECT RAISE(ABORT, 'role belongs to another tenant');
END;

-- Keyed by SHA-256 of the token: a leaked database does not leak usable sessions.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE spaces (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (tenant_id, name),
    UNIQUE (id, tenant_id)
) STRICT;

-- Users assigned to a space (Managers and Agents; owner and Admins see every space anyway).
CREATE TABLE space_members (
    space_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    tenant_id INTEGER NOT NULL,
    PRIMARY KEY (space_id, user_id),
    FOREIGN KEY (space_id, tenant_id) REFERENCES spaces (id, tenant_id) ON DELETE CASCADE,
    FOREIGN KEY (user_id, tenant_id) REFERENCES users (id, tenant_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX space_members_user ON space_members (user_id);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    space_id INTEGER NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (space_id, name),
    UNIQUE (id, space_id)
) STRICT;

CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    is_manager INTEGER NOT NULL DEFAULT 0 CHECK (is_manager IN (0, 1)),
    PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TRIGGER team_members_same_tenant BEFORE INSERT ON team_members
WHEN NOT EXISTS (
    SELECT 1 FROM teams t JOIN spaces s ON s.id = t.space_id JOIN users u ON u.tenant_id = s.tenant_id
    WHERE t.id = NEW.team_id AND u.id = NEW.user_id
)
BEGIN
    SELECT RAISE(ABORT, 'team and user belong to different tenants');
END;

CREATE TABLE streams (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO streams (code, label) VALUES ('sms', 'SMS'), ('whatsapp', 'WhatsApp'), ('telegram', 'Telegram');

CREATE TABLE sender_profiles (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL,
    space_id INTEGER NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    stream TEXT NOT NULL REFERENCES streams (code),
    -- 0: every team and agent of the space may use it; 1: only those listed below.
    restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (tenant_id, name),
    UNIQUE (id, space_id),
    UNIQUE (id, tenant_id, stream),
    FOREIGN KEY (space_id, tenant_id) REFERENCES spaces (id, tenant_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX sender_profiles_space ON sender_profiles (space_id);

CREATE TABLE sender_profile_teams (
    sender_profile_id INTEGER NOT NULL REFERENCES sender_profiles (id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    PRIMARY KEY (sender_profile_id, team_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sender_profile_teams_team ON sender_profile_teams (team_id);

CREATE TABLE sender_profile_users (
    sender_profile_id INTEGER NOT NULL REFERENCES sender_profiles (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (sender_profile_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sender_profile_users_user ON sender_profile_users (user_id);

CREATE TABLE routing_rules (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    stream TEXT NOT NULL REFERENCES streams (code),
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (tenant_id, name)
) STRICT;
CREATE INDEX routing_rules_team ON routing_rules (team_id);

-- A phone number (E.164) or a Telegram bot id. One nullable column per grouping is what makes
-- "a sender belongs to at most one profile / one routing rule" structural.
CREATE TABLE senders (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    stream TEXT NOT NULL REFERENCES streams (code),
    address TEXT NOT NULL,
    sender_profile_id INTEGER REFERENCES sender_profiles (id) ON DELETE SET NULL,
    routing_rule_id INTEGER REFERENCES routing_rules (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (tenant_id, stream, address),
    CHECK (CASE stream
        WHEN 'telegram' THEN length(address) BETWEEN 1 AND 20 AND address NOT GLOB '*[^0-9]*'
        ELSE length(address) BETWEEN 8 AND 16 AND address GLOB '+[1-9]*' AND substr(address, 2) NOT GLOB '*[^0-9]*'
    END)
) STRICT;
CREATE INDEX senders_profile ON senders (sender_profile_id);
CREATE INDEX senders_rule ON senders (routing_rule_id);

-- A plain FK with SET NULL cannot also carry tenant and stream (SET NULL would null them too),
-- so the "same tenant, same stream" half of the rule is a trigger.
CREATE TRIGGER senders_grouping_matches_insert BEFORE INSERT ON senders
WHEN (NEW.sender_profile_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM sender_profiles p
        WHERE p.id = NEW.sender_profile_id AND p.tenant_id = NEW.tenant_id AND p.stream = NEW.stream))
    OR (NEW.routing_rule_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM routing_rules r
        WHERE r.id = NEW.routing_rule_id AND r.tenant_id = NEW.tenant_id AND r.stream = NEW.stream))
BEGIN
    SELECT RAISE(ABORT, 'sender profile or routing rule of another tenant or stream');
END;
CREATE TRIGGER senders_grouping_matches_update
BEFORE UPDATE OF sender_profile_id, routing_rule_id, tenant_id, stream ON senders
WHEN (NEW.sender_profile_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM sender_profiles p
        WHERE p.id = NEW.sender_profile_id AND p.tenant_id = NEW.tenant_id AND p.stream = NEW.stream))
    OR (NEW.routing_rule_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM routing_rules r
        WHERE r.id = NEW.routing_rule_id AND r.tenant_id = NEW.tenant_id AND r.stream = NEW.stream))
BEGIN
    SELECT RAISE(ABORT, 'sender profile or routing rule of another tenant or stream');
END;

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT,
    phone TEXT CHECK (phone IS NULL OR (
        length(phone) BETWEEN 8 AND 16 AND phone GLOB '+[1-9]*' AND substr(phone, 2) NOT GLOB '*[^0-9]*'
    )),
    telegram_handle TEXT COLLATE NOCASE CHECK (telegram_handle IS NULL OR length(telegram_handle) BETWEEN 1 AND 64),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (phone IS NOT NULL OR telegram_handle IS NOT NULL),
    UNIQUE (tenant_id, phone),
    UNIQUE (tenant_id, telegram_handle),
    UNIQUE (id, tenant_id)
) STRICT;

CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL,
    space_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    sender_profile_id INTEGER NOT NULL,
    -- The profile's stream, copied so that the channel filter of a 100k list needs no join; the
    -- foreign key below keeps the copy true.
    stream TEXT NOT NULL REFERENCES streams (code),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    assignee_id INTEGER,
    unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
    last_message_preview TEXT NOT NULL DEFAULT '',
    last_activity_at TEXT NOT NULL,
    -- Start of the WhatsApp 24-hour window.
    last_inbound_at TEXT,
    -- Since when the contact has been waiting for an answer; NULL when it is our turn no more.
    waiting_since TEXT,
    created_at TEXT NOT NULL,
    FOREIGN KEY (space_id, tenant_id) REFERENCES spaces (id, tenant_id) ON DELETE CASCADE,
    FOREIGN KEY (team_id, space_id) REFERENCES teams (id, space_id),
    FOREIGN KEY (contact_id, tenant_id) REFERENCES contacts (id, tenant_id),
    FOREIGN KEY (sender_profile_id, space_id) REFERENCES sender_profiles (id, space_id),
    FOREIGN KEY (sender_profile_id, tenant_id, stream) REFERENCES sender_profiles (id, tenant_id, stream),
    FOREIGN KEY (assignee_id, tenant_id) REFERENCES users (id, tenant_id)
) STRICT;
-- The list: All / Mine / Unassigned / per team, by status, newest or oldest first.
CREATE INDEX conversations_space_status_activity
    ON conversations (space_id, status, last_activity_at);
CREATE INDEX conversations_space_team_status_activity
    ON conversations (space_id, team_id, status, last_activity_at);
CREATE INDEX conversations_space_assignee_status_activity
    ON conversations (space_id, assignee_id, status, last_activity_at);
-- "Waiting longest".
CREATE INDEX conversations_space_status_waiting
    ON conversations (space_id, status, waiting_since) WHERE waiting_since IS NOT NULL;
-- Counts of the space summary, answered from the index alone.
CREATE INDEX conversations_space_counts
    ON conversations (space_id, team_id, status, assignee_id, unread_count);
-- product.md §2: a conversation is contact × sender profile × team. A contact writing again on
-- the same profile reopens their conversation instead of starting a second one.
CREATE UNIQUE INDEX conversations_one_per_contact_profile_team
    ON conversations (contact_id, sender_profile_id, team_id);
CREATE INDEX conversations_sender_profile ON conversations (sender_profile_id);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('reply', 'note', 'event')),
    direction TEXT CHECK (direction IN ('inbound', 'outbound')),
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL DEFAULT '',
    event_type TEXT CHECK (event_type IN ('assigned', 'unassigned', 'closed', 'reopened', 'tagged', 'untagged')),
    -- Whom an assigned/unassigned event is about, and which tag a tagged/untagged one.
    event_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    event_tag_id INTEGER REFERENCES tags (id) ON DELETE SET NULL,
    status TEXT CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
    failure_reason TEXT,
    created_at TEXT NOT NULL,
    -- Only replies have a direction; only events have a type; only outbound replies have a
    -- delivery status; only failed ones a reason. (CASE, because a CHECK passes on NULL.)
    CHECK (CASE kind WHEN 'reply' THEN direction IS NOT NULL ELSE direction IS NULL END),
    CHECK (CASE kind WHEN 'event' THEN event_type IS NOT NULL ELSE event_type IS NULL END),
    CHECK (CASE WHEN kind = 'reply' AND direction = 'outbound' THEN status IS NOT NULL ELSE status IS NULL END),
    CHECK (CASE WHEN status = 'failed' THEN failure_reason IS NOT NULL ELSE failure_reason IS NULL END),
    CHECK (direction IS NOT 'inbound' OR author_id IS NULL)
) STRICT;
CREATE INDEX messages_conversation ON messages (conversation_id, created_at);

-- docs/channels.md: a status only moves forward (queued → sent → delivered → read, or failed
-- from queued or sent). Providers' callbacks arrive out of order; a late "delivered" must never
-- overwrite "read", whichever code path tries.
CREATE TRIGGER messages_status_only_moves_forward BEFORE UPDATE OF status ON messages
WHEN OLD.status IS NOT NEW.status AND NOT (
    (OLD.status = 'queued' AND NEW.status IN ('sent', 'delivered', 'read', 'failed'))
    OR (OLD.status = 'sent' AND NEW.status IN ('delivered', 'read', 'failed'))
    OR (OLD.status = 'delivered' AND NEW.status = 'read')
)
BEGIN
    SELECT RAISE(ABORT, 'delivery status only moves forward');
END;

-- Receipts a channel does not have: SMS has no "read"; Telegram bots get neither "delivered"
-- nor "read".
CREATE TRIGGER messages_status_exists_on_channel_insert BEFORE INSERT ON messages
WHEN NEW.status IN ('delivered', 'read') AND EXISTS (
    SELECT 1 FROM conversations c WHERE c.id = NEW.conversation_id AND (
        c.stream = 'telegram' OR (c.stream = 'sms' AND NEW.status = 'read')
    )
)
BEGIN
    SELECT RAISE(ABORT, 'the channel has no such delivery status');
END;
CREATE TRIGGER messages_status_exists_on_channel_update BEFORE UPDATE OF status ON messages
WHEN NEW.status IN ('delivered', 'read') AND EXISTS (
    SELECT 1 FROM conversations c WHERE c.id = NEW.conversation_id AND (
        c.stream = 'telegram' OR (c.stream = 'sms' AND NEW.status = 'read')
    )
)
BEGIN
    SELECT RAISE(ABORT, 'the channel has no such delivery status');
END;

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    color TEXT NOT NULL CHECK (length(color) = 7 AND color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (tenant_id, name)
) STRICT;

CREATE TABLE conversation_tags (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_tags_tag ON conversation_tags (tag_id, conversation_id);

CREATE TABLE canned_templates (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),
    body TEXT NOT NULL CHECK (length(body) > 0),
    -- NULL: usable on every stream.
    stream TEXT REFERENCES streams (code),
    whatsapp_approved INTEGER NOT NULL DEFAULT 0 CHECK (whatsapp_approved IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (tenant_id, name),
    CHECK (whatsapp_approved = 0 OR stream IS NULL OR stream = 'whatsapp')
) STRICT;

-- Only the optional onboarding steps (tags, templates) can be skipped.
CREATE TABLE onboarding_skips (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    step TEXT NOT NULL CHECK (step IN ('tags', 'templates')),
    skipped_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (tenant_id, step)
) STRICT, WITHOUT ROWID;

INSERT INTO roles (tenant_id, name, base, builtin) VALUES
    (NULL, 'Inbox Admin', 'admin', 1),
    (NULL, 'Inbox Manager', 'manager', 1),
    (NULL, 'Inbox Agent', 'agent', 1);
