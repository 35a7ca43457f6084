package store

// migrations are the schema's history: migrations[i] takes a database
// from version i to i+1. They are only ever appended to; a released one
// never changes, since databases out there were made by it. The package
// doc describes the tables they make.
var migrations = []string{
	// 1: reports, their cells, sections (with a trigram index) and findings.
	`
CREATE TABLE reports (
	id          INTEGER PRIMARY KEY,
	path        TEXT NOT NULL UNIQUE,
	sha256      TEXT NOT NULL,
	bytes       INTEGER NOT NULL,
	format      TEXT NOT NULL,
	encoding    TEXT NOT NULL,
	pages       INTEGER NOT NULL,
	title       TEXT NOT NULL,
	agency      TEXT NOT NULL,
	agency_key  TEXT NOT NULL,
	region_code TEXT NOT NULL,
	year        INTEGER NOT NULL,
	template    TEXT NOT NULL,
	ingested    TEXT NOT NULL
);
CREATE INDEX reports_agency ON reports (agency_key, year);

CREATE TABLE cells (
	report_id INTEGER NOT NULL REFERENCES reports (id),
	key       TEXT NOT NULL,
	value     REAL,
	state     TEXT NOT NULL,
	raw       TEXT NOT NULL,
	unit      TEXT NOT NULL,
	line      INTEGER NOT NULL,
	column    INTEGER NOT NULL,
	page      INTEGER NOT NULL,
	PRIMARY KEY (report_id, key)
) WITHOUT ROWID;

CREATE TABLE sections (
	id        INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	seq       INTEGER NOT NULL,
	key       TEXT NOT NULL,
	line      INTEGER NOT NULL,
	text      TEXT NOT NULL
);
CREATE INDEX sections_report ON sections (report_id, seq);

CREATE VIRTUAL TABLE sections_fts USING fts5 (
	text, content = 'sections', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
CREATE TRIGGER sections_fts_insert AFTER INSERT ON sections BEGIN
	INSERT INTO sections_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sections_fts_delete AFTER DELETE ON sections BEGIN
	INSERT INTO sections_fts (sections_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE findings (
	report_id  INTEGER NOT NULL REFERENCES reports (id),
	seq        INTEGER NOT NULL,
	rule       TEXT NOT NULL,
	severity   TEXT NOT NULL,
	message_zh TEXT NOT NULL,
	message_en TEXT NOT NULL,
	line       INTEGER NOT NULL,
	column     INTEGER NOT NULL,
	page       INTEGER NOT NULL,
	key        TEXT NOT NULL,
	section    TEXT NOT NULL,
	PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;
`,
	// 2: where each table starts, so that a finding on a whole table is
	// placed as check places it. Reports added before have no rows here.
	`
CREATE TABLE tables (
	report_id INTEGER NOT NULL REFERENCES reports (id),
	key       TEXT NOT NULL,
	found     INTEGER NOT NULL,
	template  TEXT NOT NULL,
	line      INTEGER NOT NULL,
	column    INTEGER NOT NULL,
	page      INTEGER NOT NULL,
	PRIMARY KEY (report_id, key)
) WITHOUT ROWID;
`,
}
