package store

import (
	"context"
	"database/sql"

	"github.com/nianbao/nianbao/validate/cross"
)

// Reports rebuilds the cross.Report of every stored report, sorted by
// path, so that the cross-report rules reach every stored year: what
// cross.Of gave when the report was added.
func (s *Store) Reports(ctx context.Context) ([]*cross.Report, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.wrap(err)
	}
	defer tx.Rollback()
	out, err := reports(ctx, tx)
	return out, s.wrap(err)
}

// reports reads in one transaction, so that a concurrent ingest is seen
// either before or after, never half.
func reports(ctx context.Context, tx *sql.Tx) ([]*cross.Report, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, path, sha256, title, agency, region_code, year, template FROM reports ORDER BY path`)
	if err != nil {
		return nil, err
	}
	var out []*cross.Report
	byID := map[int64]*cross.Report{}
	for rows.Next() {
		var id int64
		r := &cross.Report{Cells: map[string]cross.Cell{}}
		if err := rows.Scan(&id, &r.Path, &r.SHA256, &r.Title, &r.Agency, &r.Region, &r.Year, &r.Template); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
		byID[id] = r
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	rows, err = tx.QueryContext(ctx, `SELECT report_id, key, value, state, raw, line, column, page FROM cells`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var k string
		var v sql.NullFloat64
		var c cross.Cell
		if err := rows.Scan(&id, &k, &v, &c.State, &c.Raw, &c.Line, &c.Column, &c.Page); err != nil {
			rows.Close()
			return nil, err
		}
		if v.Valid {
			c.Value = &v.Float64
		}
		if r := byID[id]; r != nil {
			r.Cells[k] = c
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	rows, err = tx.QueryContext(ctx, `SELECT report_id, key, line, text FROM sections ORDER BY report_id, seq`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var sec cross.Section
		if err := rows.Scan(&id, &sec.Key, &sec.Line, &sec.Text); err != nil {
			rows.Close()
			return nil, err
		}
		if r := byID[id]; r != nil {
			r.Sections = append(r.Sections, sec)
		}
	}
	return out, closeRows(rows)
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// Place is where something starts in a report: 1-based line, column in
// characters, and page (0 when unpaged); 0 is unknown.
type Place struct {
	Line, Column, Page int
}

// TablePlaces gives, by path and table key, where each table found
// starts: what check places a finding on a whole table at (a copied or
// shared table), where cross.Check, which has no tables, names the
// table's first cell. Reports stored before schema version 2 have none.
func (s *Store) TablePlaces(ctx context.Context) (map[string]map[string]Place, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.path, t.key, t.line, t.column, t.page FROM tables t JOIN reports r ON r.id = t.report_id WHERE t.found`)
	if err != nil {
		return nil, s.wrap(err)
	}
	out := map[string]map[string]Place{}
	for rows.Next() {
		var path, key string
		var p Place
		if err := rows.Scan(&path, &key, &p.Line, &p.Column, &p.Page); err != nil {
			rows.Close()
			return nil, s.wrap(err)
		}
		if out[path] == nil {
			out[path] = map[string]Place{}
		}
		out[path][key] = p
	}
	return out, s.wrap(closeRows(rows))
}
