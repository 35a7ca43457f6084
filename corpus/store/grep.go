package store

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"
)

// Hit is one place a text occurs in a stored report's sections.
type Hit struct {
	Path    string `json:"path"`
	Year    int    `json:"year,omitempty"`
	Agency  string `json:"agency,omitempty"`
	Section string `json:"section"` // section key
	Line    int    `json:"line"`    // 1-based line in the report's text; 0 unknown
	// Snippet is the text around the occurrence, on one line, with the
	// occurrence between【and】.
	Snippet string `json:"snippet"`
}

// snippetRunes is how many characters a snippet shows on each side.
const snippetRunes = 24

// Grep finds text in the sections of every stored report: each
// occurrence, by path, then position. The match is exact (case and
// width as written). Texts of three characters or more are looked up in
// the trigram index; shorter ones, which a trigram cannot hold, are
// searched for section by section. limit > 0 stops after that many hits.
func (s *Store) Grep(ctx context.Context, text string, limit int) ([]Hit, error) {
	if text == "" {
		return nil, errors.New("store: grep: empty text")
	}
	q := `SELECT r.path, r.year, r.agency, s.key, s.line, s.text
		FROM sections_fts f JOIN sections s ON s.id = f.rowid JOIN reports r ON r.id = s.report_id
		WHERE sections_fts MATCH ? ORDER BY r.path, s.seq`
	arg := `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
	if utf8.RuneCountInString(text) < 3 {
		q = `SELECT r.path, r.year, r.agency, s.key, s.line, s.text
			FROM sections s JOIN reports r ON r.id = s.report_id
			WHERE instr(s.text, ?) > 0 ORDER BY r.path, s.seq`
		arg = text
	}
	rows, err := s.db.QueryContext(ctx, q, arg)
	if err != nil {
		return nil, s.wrap(err)
	}
	var hits []Hit
	for rows.Next() {
		var h Hit
		var body string
		if err := rows.Scan(&h.Path, &h.Year, &h.Agency, &h.Section, &h.Line, &body); err != nil {
			rows.Close()
			return nil, s.wrap(err)
		}
		hits = appendHits(hits, h, body, text)
		if limit > 0 && len(hits) >= limit {
			hits = hits[:limit]
			break
		}
	}
	return hits, s.wrap(closeRows(rows))
}

// appendHits adds a hit for each occurrence of text in body, a section
// whose first line is h.Line.
func appendHits(hits []Hit, h Hit, body, text string) []Hit {
	for off := 0; ; {
		i := strings.Index(body[off:], text)
		if i < 0 {
			return hits
		}
		at := off + i
		end := at + len(text)
		hit := h
		if h.Line > 0 {
			hit.Line = h.Line + strings.Count(body[:at], "\n")
		}
		hit.Snippet = oneLine(lastRunes(body[:at], snippetRunes)) + "【" + text + "】" + oneLine(firstRunes(body[end:], snippetRunes))
		hits = append(hits, hit)
		off = end
	}
}

func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// oneLine puts a snippet on one line, as a terminal line or a CSV cell
// wants it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
