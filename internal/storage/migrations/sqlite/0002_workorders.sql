-- 12345 work orders: the event log (the truth), the projection (for lists),
-- categories, deadline overrides, order numbers, sessions, tokens, outbox.
CREATE TABLE categories (
    code        TEXT PRIMARY KEY,
    parent_code TEXT REFERENCES categories(code),
    name_zh     TEXT NOT NULL,
    name_mn     TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX categories_parent ON categories(parent_code);

CREATE TABLE deadline_overrides (
    category           TEXT NOT NULL,
    urgency            TEXT NOT NULL,
    dispatch_hours     INTEGER NOT NULL,
    sign_days          INTEGER NOT NULL,
    urgent_sign_hours  INTEGER NOT NULL,
    reply_days         INTEGER NOT NULL,
    urgent_reply_hours INTEGER NOT NULL,
    callback_days      INTEGER NOT NULL,
    rehandle_days      INTEGER NOT NULL,
    PRIMARY KEY (category, urgency)
);

CREATE TABLE order_numbers (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE orders (
    id            INTEGER PRIMARY KEY,
    no            TEXT NOT NULL UNIQUE,
    version       INTEGER NOT NULL,
    state         TEXT NOT NULL,
    type          TEXT NOT NULL,
    category      TEXT NOT NULL,
    urgency       TEXT NOT NULL,
    channel       TEXT NOT NULL,
    lang          TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    caller_phone  TEXT NOT NULL,
    confidential  BOOLEAN NOT NULL,
    problem       BOOLEAN NOT NULL,
    title         TEXT NOT NULL,
    lead_unit_id  INTEGER,
    warning       TEXT NOT NULL DEFAULT '',
    next_due      TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    doc           TEXT NOT NULL
);
CREATE INDEX orders_state ON orders(state, id);
CREATE INDEX orders_region ON orders(region_code, id);
CREATE INDEX orders_phone ON orders(caller_phone, id);
CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_due ON orders(next_due) WHERE next_due IS NOT NULL;

-- Which units an order was sent to, for inboxes; active while the unit
-- still has something to do on it.
CREATE TABLE order_units (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    state    TEXT NOT NULL,
    PRIMARY KEY (order_id, unit_id)
);
CREATE INDEX order_units_unit ON order_units(unit_id, order_id);

CREATE TABLE order_events (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    seq      INTEGER NOT NULL,
    type     TEXT NOT NULL,
    at       TIMESTAMP NOT NULL,
    actor_id INTEGER NOT NULL,
    unit_id  INTEGER NOT NULL,
    payload  TEXT NOT NULL,
    prev     TEXT NOT NULL,
    hash     TEXT NOT NULL,
    PRIMARY KEY (order_id, seq)
);

CREATE TABLE blobs (
    sha256       TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    csrf       TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP
);

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    subject      TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE INDEX outbox_pending ON outbox(id) WHERE published_at IS NULL;
