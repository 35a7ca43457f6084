// Package store keeps checked reports in one SQLite file (modernc.org/sqlite,
// pure Go) so that later runs reach earlier years: it takes the Results of
// corpus runs (a normalize.Report and its findings) and gives back the
// cross.Report of every stored report for the cross-report rules, full-text
// search over section text, and the dataset researchers use (long, wide and
// findings tables as CSV, XLSX or Parquet).
//
//	s, err := store.Open(ctx, "corpus.db")
//	if err != nil { … }
//	defer s.Close()
//	sum, _ := store.FileSHA256(path, extract.DefaultLimits.MaxBytes)
//	if known, _ := s.Known(ctx, name, sum); !known {
//		change, err := s.Add(ctx, corpus.CheckFile(ctx, path, opts)) // added or replaced
//	}
//	reps, err := s.Reports(ctx)
//	findings := cross.Check(reps, cross.Options{})
//
// # Safety
//
// The database runs in WAL mode: readers see the last committed state and
// never block the writer. Add puts a report in with one transaction, AddAll
// a batch, so a process killed at any moment leaves every report whole or
// absent. A write waits up to 30 s for another process's write to finish.
// Paths are the key: Add of a path stored with the same SHA-256 writes
// nothing, with another one replaces the old version and everything it
// had.
//
// # Schema
//
// The schema has a version, kept in schema_version (one row, one column
// version). Open applies the migrations a database lacks, each in one
// transaction with the version it brings, and refuses a database whose
// version is newer than SchemaVersion, naming both. Version 1 made the
// first four tables below, version 2 added tables; positions are
// 1-based, columns count characters, and 0 means unknown.
//
//   - reports: one row per stored file. id; path (the key: as the run
//     names the file, relative to the folder given); sha256 (hex, of the
//     file's bytes); bytes; format (text, html, docx, pdf, ocr);
//     encoding (text and HTML, else ""); pages (PDF and scans, else 0);
//     title, agency, region_code (division code of the agency), year (0
//     unknown) and template ("2019", "2021", "" when no table was read)
//     as normalize read them; agency_key (cross.AgencyKey of region and
//     agency when the report was added, which pairs an agency's reports
//     across years, for queries; "" when the report does not say enough;
//     the cross-report rules work it out again from region and agency); ingested (UTC time of the add,
//     RFC 3339; for people, and left out of every export so that exports
//     stay byte-stable).
//   - cells: every cell of the report's tables by canonical key
//     (requests.granted.total): report_id, key, value (REAL; NULL unless
//     state is number), state (number, blank, dash, missing, unreadable),
//     raw (the text read), unit (written in the cell, else ""), line,
//     column and page of the cell in the report.
//   - sections: the text of each section found, from its heading to the
//     next: id, report_id, seq (order in the report), key (overview,
//     active, requests, review, problems, other), line of the heading,
//     text. sections_fts is an FTS5 index over text with the trigram
//     tokenizer (case-sensitive), kept by triggers; Grep uses it.
//   - findings: the findings of the report's own rules when it was added
//     (those of the cross-report rules depend on the other reports and
//     are computed when asked): report_id, seq (order), rule, severity
//     (error, warning, info), message_zh, message_en, line, column, page,
//     key (cell key, or ""), section (section key, or "").
//   - tables (version 2): each standard table of the report's templates:
//     report_id, key (active, requests, review), found (0 or 1),
//     template the table follows, and line, column and page where it
//     starts, where check places a finding on the whole table. Reports
//     stored under version 1 have no rows here.
//
// Files that could not be read are not stored; they are tried again on
// the next add.
//
// # Dataset
//
// WriteCSV, WriteXLSX and WriteParquet write three tables, sorted so that
// the same database gives the same bytes:
//
//   - long: one row per report and cell: path, agency, agency_key,
//     region_code, year, template, table, row, col, key, label (the cell
//     as its template prints it: 表三“（一）予以公开”行“总计”列),
//     row_label, col_label, value, state, raw, unit, line, column, page.
//     Reports by path, cells in template order.
//   - wide: one row per report: path, agency, agency_key, region_code,
//     year, template, title, format, sha256, then one column per cell key
//     of the stored reports (newest template's order), holding the value
//     where the cell holds a number and nothing where it is blank, a
//     dash, missing or unreadable (long says which).
//   - findings: path, agency, year, rule, severity, message_zh,
//     message_en, line, column, page, key, label, section, related (the
//     places in other reports of a cross-report finding).
//
// CSV and XLSX headers are written “中文 [name]”, one header row for
// people and programs alike (表三“（一）予以公开”行“总计”列
// [requests.granted.total]); Parquet columns are named by name alone, with
// the Chinese headers in the file's key/value metadata (nianbao.headers).
// Unknown numbers (0 positions, a year not read) are empty in CSV and XLSX
// and null in Parquet. CSV is UTF-8 with a byte order mark, text that a
// spreadsheet would run as a formula defused as export/sheets does.
package store
