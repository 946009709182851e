-- Ratings (好差评): one per subject (a work order or an application) and
-- channel. A bad rating (1–2) is picked up by the evaluation work later.
CREATE TABLE ratings (
    id           INTEGER PRIMARY KEY,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('order','application')),
    subject_no   TEXT NOT NULL,
    channel      TEXT NOT NULL,
    score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment      TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (subject_kind, subject_no, channel)
);
CREATE INDEX ratings_bad ON ratings(created_at) WHERE score <= 2;
