-- Regions, organisation units, staff, the working-day calendar, settings.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_mn     TEXT NOT NULL DEFAULT '',
    level       INTEGER NOT NULL,
    parent_code TEXT REFERENCES regions(code)
);
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_zh     TEXT NOT NULL,
    name_mn     TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('centre','subcentre','department','town_office','committee')),
    region_code TEXT NOT NULL REFERENCES regions(code),
    parent_id   INTEGER REFERENCES units(id),
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX units_region ON units(region_code);

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    lang          TEXT NOT NULL DEFAULT 'zh',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX staff_unit ON staff(unit_id);

CREATE TABLE calendar_years (
    year      INTEGER PRIMARY KEY,
    papers    TEXT NOT NULL DEFAULT '',
    loaded_at TIMESTAMP NOT NULL
);

CREATE TABLE calendar_days (
    day     TEXT PRIMARY KEY,
    year    INTEGER NOT NULL REFERENCES calendar_years(year) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    off_day BOOLEAN NOT NULL
);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
