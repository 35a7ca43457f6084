package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" driver: pure Go, so nianbao stays one static binary
)

// SchemaVersion is the version of the schema this package writes: the
// number of migrations it knows.
func SchemaVersion() int { return len(migrations) }

// busyTimeout is how long, in milliseconds, a statement waits for another
// process's write to finish before it gives up: long enough for an
// ingest's commit, short enough that a stuck writer shows as an error.
const busyTimeout = 30000

// Store is one database file. Its methods may be called from several
// goroutines; writes are serialised by SQLite.
type Store struct {
	db   *sql.DB
	path string
}

// Open opens the database at path, creating it when there is none, and
// brings its schema up to SchemaVersion(). A database written by a newer
// nianbao is refused (ErrNewer), as is a file that is not a nianbao
// store.
func Open(ctx context.Context, path string) (*Store, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("store: %s: is a folder, not a database file", path)
	}
	if _, err := os.Stat(filepath.Dir(path)); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("store: %s: no folder %s to make it in", path, filepath.Dir(path))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// OpenExisting is Open for commands that only read: a path with no file
// is an error rather than a new, empty store.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("store: %s: no such database (nianbao corpus add makes one)", path)
		}
		return nil, fmt.Errorf("store: %w", err)
	}
	return Open(ctx, path)
}

// dsn is the driver's name for the file at abs with the settings every
// connection needs: WAL so that readers never block the writer nor see
// half an ingest; NORMAL sync, which in WAL mode loses at most the last
// commits on power loss and never consistency; foreign keys on; write
// transactions that take the write lock at BEGIN, so that two writers
// queue under the busy timeout instead of failing on the upgrade from
// read to write. The path is written as a URI so that any file name,
// one holding ? or # too, is taken as it is.
func dsn(abs string) string {
	path := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(filepath.ToSlash(abs))
	return "file:" + path + fmt.Sprintf("?_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate", busyTimeout)
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the file the store was opened from, as given.
func (s *Store) Path() string { return s.path }

// ErrNewer is the error of a database whose schema is newer than this
// nianbao's; see NewerError.
var ErrNewer = errors.New("database written by a newer nianbao")

// NewerError names the schema version found and the newest known.
type NewerError struct {
	Path        string
	Found, Want int
}

func (e *NewerError) Error() string {
	return fmt.Sprintf("store: %s: schema version %d is newer than this nianbao's %d; use a newer nianbao", e.Path, e.Found, e.Want)
}

func (e *NewerError) Unwrap() error { return ErrNewer }

// migrate applies the migrations the database lacks, each in one
// transaction with the version it brings, so that an interrupted upgrade
// leaves the database at the last version it reached.
func (s *Store) migrate(ctx context.Context) error {
	// A database at this version needs no write lock: a reader opening it
	// while an ingest runs does not wait for the ingest.
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err == nil {
		switch {
		case v == SchemaVersion():
			return nil
		case v > SchemaVersion():
			return &NewerError{Path: s.path, Found: v, Want: SchemaVersion()}
		}
	}
	for {
		done, err := s.migrateOne(ctx)
		if err != nil {
			return s.wrap(err)
		}
		if done {
			return nil
		}
	}
}

func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	v, err := version(ctx, tx)
	if err != nil {
		return false, err
	}
	switch {
	case v > SchemaVersion():
		return false, &NewerError{Path: s.path, Found: v, Want: SchemaVersion()}
	case v == SchemaVersion():
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, v+1); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	return false, tx.Commit()
}

// version reads the schema version: 0 for an empty database, an error
// for a database that holds tables of something else.
func version(ctx context.Context, tx *sql.Tx) (int, error) {
	var tables int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).Scan(&tables); err != nil {
		return 0, err
	}
	if tables == 0 {
		var others int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&others); err != nil {
			return 0, err
		}
		if others > 0 {
			return 0, errors.New("not a nianbao store (it holds other tables and no schema_version)")
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0)`); err != nil {
			return 0, err
		}
		return 0, nil
	}
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("schema_version: %w", err)
	}
	return v, nil
}

// wrap names the file in an error, and says plainly what SQLite's
// "file is not a database" means.
func (s *Store) wrap(err error) error {
	var ne *NewerError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ne):
		return err
	case strings.Contains(err.Error(), "file is not a database"):
		return fmt.Errorf("store: %s: not a SQLite database", s.path)
	}
	return fmt.Errorf("store: %s: %w", s.path, err)
}

// Count is the number of reports stored.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM reports`).Scan(&n)
	return n, s.wrap(err)
}
