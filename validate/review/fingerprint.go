package review

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// Limits of the text a fingerprint is made of, in characters after
// Fold.
const (
	headChars    = 40 // kept from the start of a long text
	tailChars    = 10 // and from its end
	contextChars = 8  // of context on either side of prose, within its line
)

// Fingerprints returns the fingerprint of each finding of rep, in the
// order of findings (see the package doc). Findings must be the whole
// list of the report, as validate.Check and a batch's cross-report rules
// give it, since the number of a repeated finding counts the ones before
// it. rep may be nil for a file that could not be read.
func Fingerprints(rep *normalize.Report, findings []validate.Finding) []string {
	out := make([]string, len(findings))
	seen := map[string]int{}
	for i, f := range findings {
		parts := Parts(rep, f)
		base := strings.Join(parts, "\x1f")
		seen[base]++
		if n := seen[base]; n > 1 {
			parts = append(parts, "#"+strconv.Itoa(n))
		}
		out[i] = fingerprint(f.Rule.ID, parts)
	}
	return out
}

// fingerprintRe is the form of every fingerprint.
var fingerprintRe = lazyre.New(`^[A-Z]{2}\d{3}:[0-9a-f]{16}$`)

// IsFingerprint says whether s has the form of a fingerprint: a rule ID,
// a colon and 16 lower-case hex digits.
func IsFingerprint(s string) bool { return fingerprintRe.MatchString(s) }

func fingerprint(rule string, parts []string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return rule + ":" + hex.EncodeToString(sum[:8])
}

// Parts returns what a finding's fingerprint is made of, before its
// number: the rule ID, the cell key or "§" and the section, the folded
// text and, for prose, the folded context before and after it, or, on
// no text, the Chinese message.
func Parts(rep *normalize.Report, f validate.Finding) []string {
	where := f.Key
	if where == "" {
		where = "§" + f.Section
	}
	parts := []string{f.Rule.ID, where}
	text := ""
	if rep != nil && rep.Doc != nil {
		text = Fold(rep.Doc.Slice(f.Span))
	}
	if text == "" {
		return append(parts, "", Fold(f.Message.Zh))
	}
	parts = append(parts, cut(text))
	if f.Key == "" {
		before, after := context(rep.Doc.Text, f.Span.Start, f.Span.End)
		parts = append(parts, before, after)
	}
	return parts
}

// Text returns the folded text a finding points at, cut as in its
// fingerprint: what the hint of a review entry shows.
func Text(rep *normalize.Report, f validate.Finding) string {
	if rep == nil || rep.Doc == nil {
		return ""
	}
	return cut(Fold(rep.Doc.Slice(f.Span)))
}

// Fold normalises text for a fingerprint: compatibility forms unified
// (NFKC: full-width digits and letters become ASCII) and every space,
// tab and line break dropped, so that a PDF extracted with other spacing
// or a line wrapped elsewhere folds to the same text.
func Fold(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

// cut keeps the first headChars and the last tailChars characters of a
// folded text longer than both: a long span (a whole table, a paragraph)
// is known by its ends.
func cut(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= headChars+tailChars {
		return s
	}
	r := []rune(s)
	return string(r[:headChars]) + "…" + string(r[n-tailChars:])
}

// context returns up to contextChars folded characters before start and
// after end, without crossing a line break.
func context(text string, start, end int) (before, after string) {
	start, end = clamp(start, len(text)), clamp(end, len(text))
	var b []rune
	for i := start; i > 0 && len(b) < contextChars; {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if r == '\n' {
			break
		}
		i -= size
		if f := Fold(string(r)); f != "" {
			b = append([]rune(f), b...)
		}
	}
	if len(b) > contextChars {
		b = b[len(b)-contextChars:]
	}
	var a []rune
	for i := end; i < len(text) && len(a) < contextChars; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '\n' {
			break
		}
		i += size
		a = append(a, []rune(Fold(string(r)))...)
	}
	if len(a) > contextChars {
		a = a[:contextChars]
	}
	return string(b), string(a)
}

func clamp(v, n int) int {
	return max(0, min(v, n))
}
