-- Service items (政务服务事项), the departments that own them and the units
-- that handle them per region, applicants with their material library
-- (材料库), "one thing" bundles, and applications (办件): the event log (the
-- truth), the projection (for lists, inboxes and measures), warnings.
CREATE TABLE departments (
    key         TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    level       TEXT NOT NULL,
    region_code TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0
);

-- Which unit handles a department's items for a region: the league code for
-- the league department, a banner's code for its bureau.
CREATE TABLE department_units (
    department  TEXT NOT NULL REFERENCES departments(key),
    region_code TEXT NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (department, region_code)
);
CREATE INDEX department_units_unit ON department_units(unit_id);

CREATE TABLE items (
    code          TEXT PRIMARY KEY,
    department    TEXT NOT NULL REFERENCES departments(key),
    name_zh       TEXT NOT NULL,
    name_mn       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    online_depth  TEXT NOT NULL,
    league_wide   BOOLEAN NOT NULL,
    notify_commit BOOLEAN NOT NULL,
    legal_days    INTEGER NOT NULL,
    promised_days INTEGER NOT NULL,
    active        BOOLEAN NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    doc           TEXT NOT NULL
);
CREATE INDEX items_department ON items(department, code);

CREATE TABLE bundles (
    code     TEXT PRIMARY KEY,
    name_zh  TEXT NOT NULL,
    position INTEGER NOT NULL,
    doc      TEXT NOT NULL
);

CREATE TABLE applicants (
    id_number  TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('person','enterprise')),
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE applicant_materials (
    id         INTEGER PRIMARY KEY,
    applicant  TEXT NOT NULL REFERENCES applicants(id_number),
    type       TEXT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES blobs(sha256),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    doc        TEXT NOT NULL
);
CREATE INDEX applicant_materials_applicant ON applicant_materials(applicant, type);

CREATE TABLE application_numbers (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE applications (
    id             INTEGER PRIMARY KEY,
    no             TEXT NOT NULL UNIQUE,
    version        INTEGER NOT NULL,
    state          TEXT NOT NULL,
    item_code      TEXT NOT NULL,
    item_name      TEXT NOT NULL,
    department     TEXT NOT NULL,
    channel        TEXT NOT NULL,
    applicant_id   TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    accept_unit_id INTEGER NOT NULL,
    accept_region  TEXT NOT NULL,
    owner_unit_id  INTEGER NOT NULL,
    owner_region   TEXT NOT NULL,
    cross_region   BOOLEAN NOT NULL,
    bundle_code    TEXT NOT NULL DEFAULT '',
    bundle_no      TEXT NOT NULL DEFAULT '',
    warning        TEXT NOT NULL DEFAULT '',
    next_due       TIMESTAMP,
    submitted_at   TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    doc            TEXT NOT NULL
);
CREATE INDEX applications_state ON applications(state, id);
CREATE INDEX applications_accept ON applications(accept_unit_id, id);
CREATE INDEX applications_owner ON applications(owner_unit_id, id);
CREATE INDEX applications_owner_region ON applications(owner_region, id);
CREATE INDEX applications_accept_region ON applications(accept_region, id);
CREATE INDEX applications_applicant ON applications(applicant_id, id);
CREATE INDEX applications_bundle ON applications(bundle_no) WHERE bundle_no <> '';
CREATE INDEX applications_submitted ON applications(submitted_at);
CREATE INDEX applications_due ON applications(next_due) WHERE next_due IS NOT NULL;

CREATE TABLE application_events (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    seq            INTEGER NOT NULL,
    type           TEXT NOT NULL,
    at             TIMESTAMP NOT NULL,
    actor_id       INTEGER NOT NULL,
    unit_id        INTEGER NOT NULL,
    payload        TEXT NOT NULL,
    prev           TEXT NOT NULL,
    hash           TEXT NOT NULL,
    PRIMARY KEY (application_id, seq)
);

-- Deadline warnings, each recorded once per application, clock and level.
CREATE TABLE application_warnings (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    clock          TEXT NOT NULL,
    level          TEXT NOT NULL,
    due            TIMESTAMP NOT NULL,
    at             TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, clock, level)
);
