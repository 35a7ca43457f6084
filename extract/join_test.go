package extract

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/cjk"
)

// joinLinesBefore is joinLines as it was before the trim-only path and
// the preallocated buffers, kept to hold the new one to it.
func joinLinesBefore(text string, trace bool) (string, []int) {
	if !strings.ContainsAny(text, "\r\n\t\u00a0\u3000 ") {
		out := strings.TrimSpace(text)
		if !trace {
			return out, nil
		}
		start := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace))
		idx := make([]int, len(out))
		for i := range idx {
			idx[i] = start + i
		}
		return out, idx
	}
	var sb strings.Builder
	var idx []int
	pendingSpace, pendingBreak := false, false
	spaceAt, spaces := -1, 0
	var last rune
	for i, r := range text {
		switch {
		case r == '\n' || r == '\r':
			pendingBreak = true
			if spaces == 0 {
				spaceAt = i
			}
			spaces++
			continue
		case r == '\u00a0' || r == '\t' || unicode.IsSpace(r):
			pendingSpace = true
			if spaces == 0 {
				spaceAt = i
			}
			spaces++
			continue
		}
		if sb.Len() > 0 && (pendingSpace || pendingBreak) {
			if pendingSpace || !(cjk.Is(last) || cjk.Is(r)) {
				sb.WriteByte(' ')
				if trace {
					if spaces == 1 && text[spaceAt] == ' ' {
						idx = append(idx, spaceAt)
					} else {
						idx = append(idx, -1)
					}
				}
			}
		}
		pendingSpace, pendingBreak, spaces = false, false, 0
		n, _ := sb.WriteRune(r)
		if trace {
			if r == utf8.RuneError {
				for range n {
					idx = append(idx, -1)
				}
			} else {
				for k := range n {
					idx = append(idx, i+k)
				}
			}
		}
		last = r
	}
	return sb.String(), idx
}

// joinLinesTracedBefore is JoinLinesTraced as it was.
func joinLinesTracedBefore(t Traced) Traced {
	if len(t.pieces) == 0 {
		out, _ := joinLinesBefore(string(t.buf), false)
		return TracedText(out)
	}
	out, idx := joinLinesBefore(string(t.buf), true)
	return t.remap([]byte(out), idx)
}

// TestJoinLines_AsBefore: JoinLines and JoinLinesTraced give the text and
// the sources they gave before, on texts made of the characters the join
// treats apart, written in pieces that map byte for byte, as a whole
// (an entity) or not at all.
func TestJoinLines_AsBefore(t *testing.T) {
	parts := []string{"淄", "川区", "a", "12", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u3000", "\u2002", "\v", "\xff", "（一）", "&", "。"}
	rng := rand.New(rand.NewPCG(1, 14))
	var pieces Pieces
	for n := range 20000 {
		var tr Traced
		at := 0
		for range rng.IntN(8) {
			p := parts[rng.IntN(len(parts))]
			switch rng.IntN(5) {
			case 0:
				tr.WriteString(p)
			case 4: // another text's, shared when tr is empty
				u := TracedView([]byte(p), Span{at, at + len(p)}, rng.IntN(2), &pieces)
				tr.WriteTraced(u)
				at += len(p)
			case 1: // an entity: the text maps only as a whole
				tr.WriteFrom(p, Span{at, at + len(p) + 4}, rng.IntN(2))
				at += len(p) + 4
			default:
				tr.WriteFrom(p, Span{at, at + len(p)}, rng.IntN(2))
				at += len(p)
			}
			if rng.IntN(3) == 0 {
				at++ // a tag between
			}
		}
		s := tr.String()
		want, _ := joinLinesBefore(s, false)
		if got := JoinLines(s); got != want {
			t.Fatalf("case %d: JoinLines(%q) = %q, want %q", n, s, got, want)
		}
		w, g := joinLinesTracedBefore(tr), JoinLinesTraced(tr)
		if g.String() != w.String() || !slices.Equal(g.pieces, w.pieces) {
			t.Fatalf("case %d: JoinLinesTraced(%q) = %q %v, want %q %v", n, s, g.String(), g.pieces, w.String(), w.pieces)
		}
		if cap(g.pieces) != len(g.pieces) {
			t.Fatalf("case %d: the pieces are not clipped", n)
		}
	}
}

// TestTraced_WriteTracedShares: text written into empty text is shared,
// yet what either side appends afterwards never shows in the other.
func TestTraced_WriteTracedShares(t *testing.T) {
	var pieces Pieces
	page := []byte("淄川区12")
	u := Traced{buf: make([]byte, 0, 64), pieces: make([]Piece, 0, 4)} // room to grow in place
	u.WriteFrom("淄川", Span{0, 6}, 0)
	v := TracedView(page[9:], Span{9, 11}, 1, &pieces)
	var w Traced
	w.WriteTraced(u)
	w.WriteTraced(v) // appends to w, not into u's storage
	w.WriteString("!")
	if got := u.String(); got != "淄川" || len(u.pieces) != 1 {
		t.Fatalf("u changed: %q %v", got, u.pieces)
	}
	if got := string(page); got != "淄川区12" {
		t.Fatalf("the page changed: %q", got)
	}
	want := []Piece{{Text: Span{0, 6}, Src: Span{0, 6}}, {Text: Span{6, 8}, Src: Span{9, 11}, Node: 1}}
	if w.String() != "淄川12!" || !slices.Equal(w.pieces, want) {
		t.Fatalf("w = %q %v, want %q %v", w.String(), w.pieces, "淄川12!", want)
	}
	u.WriteString("?") // and u's own appends stay out of w
	if w.String() != "淄川12!" || v.String() != "12" {
		t.Fatalf("w = %q, v = %q after u grew", w.String(), v.String())
	}
}

// TestHasJoinSpace: the byte scan finds what strings.ContainsAny finds,
// in valid UTF-8 and not.
func TestHasJoinSpace(t *testing.T) {
	pieces := []string{"", "a", "表", " ", "\t", "\n", "\r", "\u00a0", "\u3000", "\xC2", "\xA0", "\xE3\x80", "\x80", "\xE3", "\xFF", "\u2003", "\u3001", "\u00a1", "\xE3\x80\x81"}
	for _, a := range pieces {
		for _, b := range pieces {
			for _, c := range pieces {
				s := a + b + c
				want := strings.ContainsAny(s, joinSpaces)
				if hasJoinSpace(s) != want || hasJoinSpace([]byte(s)) != want {
					t.Errorf("hasJoinSpace(%q) != %v", s, want)
				}
			}
		}
	}
}
