package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate/cross"
)

// Change says what Add did with a report.
type Change int

const (
	// Unchanged: the path was stored with the same content; nothing was
	// written.
	Unchanged Change = iota
	// Added: the path was new.
	Added
	// Replaced: the path was stored with other content, which is gone.
	Replaced
)

func (c Change) String() string {
	switch c {
	case Added:
		return "added"
	case Replaced:
		return "replaced"
	}
	return "unchanged"
}

// Known says whether path is stored with content sha256 (hex), so that a
// caller can skip reading an unchanged file at all.
func (s *Store) Known(ctx context.Context, path, sha256 string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM reports WHERE path = ? AND sha256 = ?`, path, sha256).Scan(&n)
	return n > 0, s.wrap(err)
}

// Add stores the report of one checked file under r.Path, in one
// transaction: after a crash the report is either whole or absent. A
// path stored with the same content is left as it is (Unchanged); with
// other content its old version is removed with everything it had
// (Replaced). Findings of the cross-report rules are not stored, since
// they depend on the other reports: Reports and cross.Check recompute
// them. A result that failed (r.Err) is not stored.
func (s *Store) Add(ctx context.Context, r export.Result) (Change, error) {
	if r.Err != nil {
		return Unchanged, fmt.Errorf("store: %s: not stored: %w", r.Path, r.Err)
	}
	rep := r.Report
	if rep == nil || rep.Doc == nil {
		return Unchanged, fmt.Errorf("store: %s: not stored: no report", r.Path)
	}
	src := export.SourceOf(rep, "zh")
	cr := cross.Of(rep, r.Path)

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Unchanged, s.wrap(err)
	}
	defer tx.Rollback()
	change := Added
	var old int64
	var oldSHA string
	switch err := tx.QueryRowContext(ctx, `SELECT id, sha256 FROM reports WHERE path = ?`, r.Path).Scan(&old, &oldSHA); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return Unchanged, s.wrap(err)
	case oldSHA == src.SHA256:
		return Unchanged, nil
	default:
		change = Replaced
		if err := deleteReport(ctx, tx, old); err != nil {
			return Unchanged, s.wrap(err)
		}
	}

	res, err := tx.ExecContext(ctx, `INSERT INTO reports (path, sha256, bytes, format, encoding, pages, title, agency, agency_key, region_code, year, template, ingested)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Path, src.SHA256, src.Bytes, src.Format, src.Encoding, src.Pages, cr.Title, cr.Agency, cr.Key(), cr.Region, cr.Year, cr.Template,
		time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return Unchanged, s.wrap(err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Unchanged, s.wrap(err)
	}
	if err := insertCells(ctx, tx, id, rep.Cells, cr.Cells); err != nil {
		return Unchanged, s.wrap(err)
	}
	if err := insertSections(ctx, tx, id, cr.Sections); err != nil {
		return Unchanged, s.wrap(err)
	}
	if err := insertFindings(ctx, tx, id, r); err != nil {
		return Unchanged, s.wrap(err)
	}
	if err := tx.Commit(); err != nil {
		return Unchanged, s.wrap(err)
	}
	return change, nil
}

func deleteReport(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range []string{
		`DELETE FROM cells WHERE report_id = ?`,
		`DELETE FROM sections WHERE report_id = ?`,
		`DELETE FROM findings WHERE report_id = ?`,
		`DELETE FROM reports WHERE id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// insertCells stores every cell of the model, with its place; units
// come from the model, the rest as the cross-report rules read it.
func insertCells(ctx context.Context, tx *sql.Tx, id int64, model map[string]*normalize.Cell, cells map[string]cross.Cell) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO cells (report_id, key, value, state, raw, unit, line, column, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, k := range slices.Sorted(maps.Keys(cells)) {
		c := cells[k]
		unit := ""
		if m := model[k]; m != nil {
			unit = m.Unit
		}
		if _, err := stmt.ExecContext(ctx, id, k, c.Value, c.State, c.Raw, unit, c.Line, c.Column, c.Page); err != nil {
			return err
		}
	}
	return nil
}

func insertSections(ctx context.Context, tx *sql.Tx, id int64, secs []cross.Section) error {
	for i, sec := range secs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sections (report_id, seq, key, line, text) VALUES (?, ?, ?, ?, ?)`, id, i, sec.Key, sec.Line, sec.Text); err != nil {
			return err
		}
	}
	return nil
}

// insertFindings stores the findings of the report's own rules; those of
// the cross-report rules (which have no Run) depend on other reports.
func insertFindings(ctx context.Context, tx *sql.Tx, id int64, r export.Result) error {
	seq := 0
	for _, f := range r.Findings {
		if f.Rule == nil || f.Rule.Run == nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO findings (report_id, seq, rule, severity, message_zh, message_en, line, column, page, key, section)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, seq, f.Rule.ID, f.Severity.String(), f.Message.Zh, f.Message.En, f.Pos.Line, f.Pos.Column, f.Pos.Page, f.Key, f.Section); err != nil {
			return err
		}
		seq++
	}
	return nil
}
