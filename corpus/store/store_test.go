package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/validate/cross"
)

var ctx = context.Background()

// rawDB opens the file with the driver alone, to look at or damage what
// the store wrote.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(tb, err)
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestOpen_Schema(t *testing.T) {
	s, path := mustOpen(t)
	require.NoError(t, s.Close())
	db := rawDB(t, path)
	var v int
	require.NoError(t, db.QueryRow(`SELECT version FROM schema_version`).Scan(&v))
	assert.Equal(t, SchemaVersion(), v)
	var mode string
	require.NoError(t, db.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode)
	for _, table := range []string{"reports", "cells", "sections", "sections_fts", "findings"} {
		var n int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = ?`, table).Scan(&n))
		assert.Equal(t, 1, n, table)
	}
	// Opening again changes nothing.
	s, err := Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, db.QueryRow(`SELECT version FROM schema_version`).Scan(&v))
	assert.Equal(t, SchemaVersion(), v)
}

func TestOpen_Migrations(t *testing.T) {
	t.Run("from an empty version 0", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "v0.db")
		db := rawDB(t, path)
		_, err := db.Exec(`CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0)`)
		require.NoError(t, err)
		s, err := Open(ctx, path)
		require.NoError(t, err)
		defer s.Close()
		n, err := s.Count(ctx)
		require.NoError(t, err)
		assert.Zero(t, n)
	})
	t.Run("a failing migration leaves the last version reached", func(t *testing.T) {
		s, path := mustOpen(t)
		mustAdd(t, s, realReports(t)[0])
		require.NoError(t, s.Close())
		saved := migrations
		defer func() { migrations = saved }()
		migrations = append(append([]string{}, saved...),
			`ALTER TABLE reports ADD COLUMN note TEXT; CREATE TABLE reports (oops)`) // fails half-way
		_, err := Open(ctx, path)
		require.Error(t, err)
		assert.Contains(t, err.Error(), path)
		assert.Contains(t, err.Error(), fmt.Sprintf("migration %d", len(saved)+1))
		migrations = saved
		s, err = Open(ctx, path)
		require.NoError(t, err, "still at the last version and whole")
		defer s.Close()
		n, err := s.Count(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		var cols int
		require.NoError(t, rawDB(t, path).QueryRow(`SELECT count(*) FROM pragma_table_info('reports') WHERE name = 'note'`).Scan(&cols))
		assert.Zero(t, cols, "the half of the failed migration that ran was rolled back")
	})
	t.Run("a version 1 database with reports", func(t *testing.T) {
		saved := migrations
		defer func() { migrations = saved }()
		migrations = saved[:1]
		s, path := mustOpen(t)
		require.NoError(t, s.Close())
		migrations = saved
		// A report as version 1 stored it.
		_, err := rawDB(t, path).Exec(`
			INSERT INTO reports VALUES (1, 'a.txt', 'ab', 10, 'text', 'utf-8', 0, '标题', '某局', '370302|某局', '370302', 2023, '2021', '2024-01-01T00:00:00Z');
			INSERT INTO cells VALUES (1, 'requests.new.total', 3, 'number', '3', '', 40, 5, 0);
			INSERT INTO sections (report_id, seq, key, line, text) VALUES (1, 0, 'overview', 7, '一、总体情况 本机关……');`)
		require.NoError(t, err)

		s, err = Open(ctx, path)
		require.NoError(t, err)
		defer s.Close()
		var v int
		require.NoError(t, rawDB(t, path).QueryRow(`SELECT version FROM schema_version`).Scan(&v))
		assert.Equal(t, SchemaVersion(), v)
		reps, err := s.Reports(ctx)
		require.NoError(t, err)
		require.Len(t, reps, 1, "the report stored under version 1 is kept")
		three := 3.0
		assert.Equal(t, &cross.Report{Path: "a.txt", SHA256: "ab", Title: "标题", Agency: "某局", Region: "370302", Year: 2023, Template: "2021",
			Cells:    map[string]cross.Cell{"requests.new.total": {Value: &three, State: "number", Raw: "3", Line: 40, Column: 5}},
			Sections: []cross.Section{{Key: "overview", Line: 7, Text: "一、总体情况 本机关……"}}}, reps[0])
		hits, err := s.Grep(ctx, "总体情况", 0)
		require.NoError(t, err)
		assert.Len(t, hits, 1)
		places, err := s.TablePlaces(ctx)
		require.NoError(t, err)
		assert.Empty(t, places, "version 1 kept no table places")
		second := realReports(t)[1]
		mustAdd(t, s, second)
		places, err = s.TablePlaces(ctx)
		require.NoError(t, err)
		assert.NotEmpty(t, places[filepath.Base(second)])
	})
	t.Run("a later migration applies in order", func(t *testing.T) {
		s, path := mustOpen(t)
		require.NoError(t, s.Close())
		saved := migrations
		defer func() { migrations = saved }()
		migrations = append(append([]string{}, saved...), `ALTER TABLE reports ADD COLUMN note TEXT`)
		s, err := Open(ctx, path)
		require.NoError(t, err)
		s.Close()
		var v int
		require.NoError(t, rawDB(t, path).QueryRow(`SELECT version FROM schema_version`).Scan(&v))
		assert.Equal(t, len(saved)+1, v)
	})
}

func TestOpen_Refused(t *testing.T) {
	t.Run("newer schema", func(t *testing.T) {
		s, path := mustOpen(t)
		require.NoError(t, s.Close())
		_, err := rawDB(t, path).Exec(`UPDATE schema_version SET version = ?`, SchemaVersion()+5)
		require.NoError(t, err)
		_, err = Open(ctx, path)
		require.ErrorIs(t, err, ErrNewer)
		msg := err.Error()
		assert.Contains(t, msg, path)
		assert.Contains(t, msg, fmt.Sprintf("schema version %d is newer than this nianbao's %d", SchemaVersion()+5, SchemaVersion()))
	})
	t.Run("not a database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.db")
		require.NoError(t, os.WriteFile(path, []byte(strings.Repeat("这不是数据库。\n", 200)), 0o644))
		_, err := Open(ctx, path)
		require.Error(t, err)
		assert.Equal(t, "store: "+path+": not a SQLite database", err.Error())
	})
	t.Run("another program's database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		_, err := rawDB(t, path).Exec(`CREATE TABLE customers (name TEXT)`)
		require.NoError(t, err)
		_, err = Open(ctx, path)
		require.Error(t, err)
		assert.Contains(t, err.Error(), path)
		assert.Contains(t, err.Error(), "not a nianbao store")
	})
	t.Run("a folder", func(t *testing.T) {
		dir := t.TempDir()
		_, err := Open(ctx, dir)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "is a folder")
	})
	t.Run("no folder", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "none", "c.db")
		_, err := Open(ctx, path)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "no folder")
	})
	t.Run("missing, read only", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "none.db")
		_, err := OpenExisting(ctx, path)
		require.Error(t, err)
		assert.Contains(t, err.Error(), path)
		assert.NoFileExists(t, path)
	})
}

// TestStore_Reports: what Reports gives back is what cross.Of gave when
// the report was added, for every real text report.
func TestStore_Reports(t *testing.T) {
	s, _ := mustOpen(t)
	paths := realReports(t)
	want := map[string]*cross.Report{}
	for _, p := range paths {
		r := mustCheck(t, p)
		ch, err := s.Add(ctx, r)
		require.NoError(t, err)
		assert.Equal(t, Added, ch)
		want[r.Path] = cross.Of(r.Report, r.Path)
	}
	got, err := s.Reports(ctx)
	require.NoError(t, err)
	require.Len(t, got, len(paths))
	for i, r := range got {
		if i > 0 {
			assert.Less(t, got[i-1].Path, r.Path, "sorted by path")
		}
		assert.Equal(t, want[r.Path], r, r.Path)
	}
}

func TestStore_AddTwice(t *testing.T) {
	s, _ := mustOpen(t)
	paths := realReports(t)
	for _, ch := range mustAdd(t, s, paths...) {
		assert.Equal(t, Added, ch)
	}
	for _, p := range paths {
		r := mustCheck(t, p)
		known, err := s.Known(ctx, r.Path, r.Report.Doc.SHA256)
		require.NoError(t, err)
		assert.True(t, known, p)
		ch, err := s.Add(ctx, r)
		require.NoError(t, err)
		assert.Equal(t, Unchanged, ch)
	}
	known, err := s.Known(ctx, filepath.Base(paths[0]), strings.Repeat("0", 64))
	require.NoError(t, err)
	assert.False(t, known, "another content under a stored path")
	n, err := s.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(paths), n)
}

// TestStore_Replace: a file whose content changed replaces its old
// version, cells, sections (and their index) and findings alike.
func TestStore_Replace(t *testing.T) {
	s, path := mustOpen(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.txt")
	first, second := gen.Generate(1, gen.Options{}), gen.Generate(2, gen.Options{})
	require.NotEqual(t, first.Agency, second.Agency)
	require.NoError(t, os.WriteFile(file, gen.Text(first, gen.Damage{}), 0o644))
	assert.Equal(t, []Change{Added}, mustAdd(t, s, file))
	hits, err := s.Grep(ctx, first.Agency, 0)
	require.NoError(t, err)
	require.NotEmpty(t, hits)

	require.NoError(t, os.WriteFile(file, gen.Text(second, gen.Damage{}), 0o644))
	r := mustCheck(t, file)
	assert.Equal(t, []Change{Replaced}, mustAdd(t, s, file))
	got, err := s.Reports(ctx)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, cross.Of(r.Report, r.Path), got[0])
	hits, err = s.Grep(ctx, first.Agency, 0)
	require.NoError(t, err)
	assert.Empty(t, hits, "the old text is gone from the index")
	hits, err = s.Grep(ctx, second.Agency, 0)
	require.NoError(t, err)
	assert.NotEmpty(t, hits)

	db := rawDB(t, path)
	for _, table := range []string{"cells", "sections", "findings"} {
		var orphans int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM `+table+` WHERE report_id NOT IN (SELECT id FROM reports)`).Scan(&orphans))
		assert.Zero(t, orphans, table)
	}
	var cells int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM cells`).Scan(&cells))
	assert.Equal(t, len(r.Report.Cells), cells)
}

func TestStore_AddFailed(t *testing.T) {
	s, _ := mustOpen(t)
	missing := filepath.Join(t.TempDir(), "missing.txt")
	r := mustCheckErr(t, missing)
	_, err := s.Add(ctx, r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing.txt")
	n, err := s.Count(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestStore_Grep(t *testing.T) {
	s, _ := mustOpen(t)
	mustAdd(t, s, realReports(t)...)
	hits, err := s.Grep(ctx, "溜川", 0)
	require.NoError(t, err)
	require.NotEmpty(t, hits)
	for _, h := range hits {
		assert.Equal(t, "000_zibo_zichuan_touzi_2023.txt", h.Path)
		assert.Equal(t, 2023, h.Year)
		assert.Contains(t, h.Snippet, "【溜川】")
		assert.Positive(t, h.Line)
	}
	// The line is the line of the occurrence in the report's text.
	src, err := os.ReadFile(filepath.Join(realDir, hits[0].Path))
	require.NoError(t, err)
	lines := strings.Split(string(src), "\n")
	require.Greater(t, len(lines), hits[0].Line-1)
	assert.Contains(t, lines[hits[0].Line-1], "溜川")

	// A phrase of the trigram index.
	hits, err = s.Grep(ctx, "政府信息公开", 3)
	require.NoError(t, err)
	assert.Len(t, hits, 3, "limit")
	none, err := s.Grep(ctx, "这句话不在任何报告里", 0)
	require.NoError(t, err)
	assert.Empty(t, none)
	_, err = s.Grep(ctx, "", 0)
	assert.Error(t, err)
}

// TestStore_ConcurrentReader: a reader sees whole reports while another
// connection ingests.
func TestStore_ConcurrentReader(t *testing.T) {
	s, path := mustOpen(t)
	paths := writeGenerated(t, t.TempDir(), 100, 30)
	results := make([]corpusResult, len(paths))
	for i, p := range paths {
		results[i] = mustCheck(t, p)
	}
	reader, err := Open(ctx, path)
	require.NoError(t, err)
	defer reader.Close()
	done := make(chan error, 1)
	go func() {
		for _, r := range results {
			if _, err := s.Add(ctx, r); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for {
		reps, err := reader.Reports(ctx)
		require.NoError(t, err)
		for _, r := range reps {
			assert.Len(t, r.Cells, cellCount(results, r.Path), r.Path)
		}
		select {
		case err := <-done:
			require.NoError(t, err)
			n, err := reader.Count(ctx)
			require.NoError(t, err)
			assert.Equal(t, len(paths), n)
			return
		default:
		}
	}
}

// TestStore_TwoWriters: two handles (as two corpus add processes would
// have) adding at once queue on the write lock instead of failing.
func TestStore_TwoWriters(t *testing.T) {
	s, path := mustOpen(t)
	other, err := Open(ctx, path)
	require.NoError(t, err)
	defer other.Close()
	paths := writeGenerated(t, t.TempDir(), 200, 40)
	results := make([]corpusResult, len(paths))
	for i, p := range paths {
		results[i] = mustCheck(t, p)
	}
	errs := make(chan error, 2)
	for w, st := range []*Store{s, other} {
		go func() {
			for i := w; i < len(results); i += 2 {
				if _, err := st.Add(ctx, results[i]); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	require.NoError(t, <-errs)
	require.NoError(t, <-errs)
	n, err := s.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(paths), n)
}
