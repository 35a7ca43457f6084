package ocr

import (
	"strings"
	"unicode"
)

// wspan is the place of one recognised word in a piece of text, with its
// confidence.
type wspan struct {
	start, end int // byte offsets into the piece
	conf       float64
}

// piece is text assembled from words, remembering where each word went
// so that confidences can be placed on the canonical text.
type piece struct {
	sb    strings.Builder
	spans []wspan
}

func (p *piece) String() string { return p.sb.String() }

// add appends a word after sep.
func (p *piece) add(sep, text string, conf float64) {
	if p.sb.Len() > 0 {
		p.sb.WriteString(sep)
	}
	start := p.sb.Len()
	p.sb.WriteString(text)
	p.spans = append(p.spans, wspan{start, p.sb.Len(), conf})
}

// addPiece appends another piece after sep.
func (p *piece) addPiece(sep string, q *piece) {
	if q.sb.Len() == 0 {
		return
	}
	if p.sb.Len() > 0 {
		p.sb.WriteString(sep)
	}
	off := p.sb.Len()
	p.sb.WriteString(q.String())
	for _, s := range q.spans {
		p.spans = append(p.spans, wspan{s.start + off, s.end + off, s.conf})
	}
}

// cleanWord removes white space inside a recognised word, so that the
// canonical text has no space that the layout did not put there.
func cleanWord(s string) string {
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// noise reports words that are remains of ruling lines or specks, not
// text: bars and underscores, which no report writes alone.
func noise(s string) bool {
	return strings.Trim(s, "|｜丨¦_＿‖") == ""
}
