package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
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

// FileSHA256 hashes a regular file of at most max bytes as the pipeline
// does (hex SHA-256 of its bytes), for Known; ok is false for anything
// else, which reading the file will report.
func FileSHA256(path string, max int64) (sum string, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || st.Size() > max {
		return "", false
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", false
	}
	return hex.EncodeToString(h.Sum(nil)), true
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
	chs, err := s.AddAll(ctx, []export.Result{r})
	if err != nil {
		return Unchanged, err
	}
	return chs[0], nil
}

// AddAll is Add for several results in one transaction: all are stored
// or, on an error, none. Committing a batch at once is several times
// faster than a report at a time (the full-text index is flushed once),
// and every report is still whole or absent.
func (s *Store) AddAll(ctx context.Context, rs []export.Result) ([]Change, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	for _, r := range rs {
		if r.Err != nil {
			return nil, fmt.Errorf("store: %s: not stored: %w", r.Path, r.Err)
		}
		if r.Report == nil || r.Report.Doc == nil {
			return nil, fmt.Errorf("store: %s: not stored: no report", r.Path)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer tx.Rollback()
	chs := make([]Change, len(rs))
	for i, r := range rs {
		if chs[i], err = add(ctx, tx, r); err != nil {
			return nil, fmt.Errorf("store: %s: %s: %w", s.path, r.Path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, s.wrap(err)
	}
	return chs, nil
}

func add(ctx context.Context, tx *sql.Tx, r export.Result) (Change, error) {
	rep := r.Report
	src := export.SourceOf(rep, "zh")
	cr := cross.Of(rep, r.Path)
	change := Added
	var old int64
	var oldSHA string
	switch err := tx.QueryRowContext(ctx, `SELECT id, sha256 FROM reports WHERE path = ?`, r.Path).Scan(&old, &oldSHA); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return Unchanged, err
	case oldSHA == src.SHA256:
		return Unchanged, nil
	default:
		change = Replaced
		if err := deleteReport(ctx, tx, old); err != nil {
			return Unchanged, err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reports (path, sha256, bytes, format, encoding, pages, title, agency, agency_key, region_code, year, template, ingested)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Path, src.SHA256, src.Bytes, src.Format, src.Encoding, src.Pages, cr.Title, cr.Agency, cr.Key(), cr.Region, cr.Year, cr.Template,
		time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return Unchanged, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Unchanged, err
	}
	if err := insertCells(ctx, tx, id, rep.Cells, cr.Cells); err != nil {
		return Unchanged, err
	}
	if err := insertSections(ctx, tx, id, cr.Sections); err != nil {
		return Unchanged, err
	}
	if err := insertFindings(ctx, tx, id, r); err != nil {
		return Unchanged, err
	}
	if err := insertTables(ctx, tx, id, rep); err != nil {
		return Unchanged, err
	}
	return change, nil
}

func deleteReport(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range []string{
		`DELETE FROM cells WHERE report_id = ?`,
		`DELETE FROM sections WHERE report_id = ?`,
		`DELETE FROM findings WHERE report_id = ?`,
		`DELETE FROM tables WHERE report_id = ?`,
		`DELETE FROM reports WHERE id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// insertCells stores every cell of the model, with its place; units
// come from the model, the rest as the cross-report rules read it. One
// statement for all: a report has a few hundred cells, and a statement
// each costs more than the rows.
func insertCells(ctx context.Context, tx *sql.Tx, id int64, model map[string]*normalize.Cell, cells map[string]cross.Cell) error {
	const cols = 9
	keys := slices.Sorted(maps.Keys(cells))
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), maxVars/cols)]
		keys = keys[len(chunk):]
		args := make([]any, 0, cols*len(chunk))
		for _, k := range chunk {
			c := cells[k]
			unit := ""
			if m := model[k]; m != nil {
				unit = m.Unit
			}
			args = append(args, id, k, c.Value, c.State, c.Raw, unit, c.Line, c.Column, c.Page)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cells (report_id, key, value, state, raw, unit, line, column, page) VALUES `+values(len(chunk), cols), args...); err != nil {
			return err
		}
	}
	return nil
}

// maxVars is how many parameters one statement takes at most (SQLite's
// default limit is 32766).
const maxVars = 30000

// values is "(?, ?), (?, ?)" for rows rows of cols values.
func values(rows, cols int) string {
	row := "(" + strings.Repeat("?, ", cols-1) + "?)"
	return strings.Repeat(row+", ", rows-1) + row
}

// insertSections stores the sections in one statement, which the full-text
// index takes in one flush.
func insertSections(ctx context.Context, tx *sql.Tx, id int64, secs []cross.Section) error {
	if len(secs) == 0 {
		return nil
	}
	args := make([]any, 0, 5*len(secs))
	for i, sec := range secs {
		args = append(args, id, i, sec.Key, sec.Line, sec.Text)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sections (report_id, seq, key, line, text) VALUES `+values(len(secs), 5), args...)
	return err
}

// insertFindings stores the findings of the report's own rules; those of
// the cross-report rules (which have no Run) depend on other reports.
func insertFindings(ctx context.Context, tx *sql.Tx, id int64, r export.Result) error {
	const cols = 11
	var args []any
	rows := 0
	flush := func() error {
		if rows == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO findings (report_id, seq, rule, severity, message_zh, message_en, line, column, page, key, section) VALUES `+values(rows, cols), args...)
		args, rows = args[:0], 0
		return err
	}
	seq := 0
	for _, f := range r.Findings {
		if f.Rule == nil || f.Rule.Run == nil {
			continue
		}
		args = append(args, id, seq, f.Rule.ID, f.Severity.String(), f.Message.Zh, f.Message.En, f.Pos.Line, f.Pos.Column, f.Pos.Page, f.Key, f.Section)
		seq++
		if rows++; rows == maxVars/cols {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// insertTables stores each standard table: whether it was found, its
// template and where it starts.
func insertTables(ctx context.Context, tx *sql.Tx, id int64, rep *normalize.Report) error {
	if len(rep.Tables) == 0 {
		return nil
	}
	const cols = 7
	args := make([]any, 0, cols*len(rep.Tables))
	for _, k := range slices.Sorted(maps.Keys(rep.Tables)) {
		t := rep.Tables[k]
		var pos extract.Position
		if t.Found {
			pos = rep.Doc.Position(t.Span.Start)
		}
		args = append(args, id, k, t.Found, t.Template, pos.Line, pos.Column, pos.Page)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO tables (report_id, key, found, template, line, column, page) VALUES `+values(len(rep.Tables), cols), args...)
	return err
}
