package names

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/stretchr/testify/assert"
)

// TestQuoteClosers: the switches stand for the maps rune by rune.
func TestQuoteClosers(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if quoteCloser(r) != quotePairs[r] || openerCloser(r) != quoteOpeners[r] || opensQuote(r) != (quotePairs[r] != 0) {
			t.Fatalf("%q: %q %q, want %q %q", r, quoteCloser(r), openerCloser(r), quotePairs[r], quoteOpeners[r])
		}
	}
}

// TestText: one Text searched several times gives what the functions give
// on the text, whatever came before.
func TestText(t *testing.T) {
	text := mustRead(t, realCorpus+"/000_zibo_zichuan_touzi_2023.txt")
	d, _ := Region(seedAgency, text)
	own := OwnNames(d)
	quoted := QuotedNames(text, own)
	tx := NewText(text)
	for range 2 {
		if got, want := tx.QuotedNames(own), quoted; !equal(got, want) {
			t.Fatalf("QuotedNames: %v, want %v", got, want)
		}
		if got, want := tx.FindVariants(quoted, d), FindVariants(text, quoted, d); !equal(got, want) {
			t.Fatalf("FindVariants(quoted): %v, want %v", got, want)
		}
		if got, want := tx.FindVariants(own, nil), FindVariants(text, own, nil); !equal(got, want) {
			t.Fatalf("FindVariants(own, nil): %v, want %v", got, want)
		}
		if got, want := tx.FindVariants(own, d), FindVariants(text, own, d); len(got) != 5 || !equal(got, want) {
			t.Fatalf("FindVariants(own): %v, want %v", got, want)
		}
		if got, want := tx.QuotedVariants(quoted), QuotedVariants(text, quoted); !equal(got, want) {
			t.Fatalf("QuotedVariants: %v, want %v", got, want)
		}
	}
}

// TestText_Release: a Text made from the buffers another released gives
// what a fresh one gives, on a shorter text and then a longer one.
func TestText_Release(t *testing.T) {
	long := mustRead(t, realCorpus+"/000_zibo_zichuan_touzi_2023.txt")
	short := long[:len(long)/3]
	d, _ := Region(seedAgency, long)
	own := OwnNames(d)
	for _, text := range []string{long, short, long} {
		tx := NewText(text)
		quoted := tx.QuotedNames(own)
		if want := QuotedNames(text, own); !equal(quoted, want) {
			t.Fatalf("QuotedNames: %v, want %v", quoted, want)
		}
		if got, want := tx.FindVariants(own, d), FindVariants(text, own, d); !equal(got, want) {
			t.Fatalf("FindVariants(own): %v, want %v", got, want)
		}
		if got, want := tx.QuotedVariants(quoted), QuotedVariants(text, quoted); !equal(got, want) {
			t.Fatalf("QuotedVariants: %v, want %v", got, want)
		}
		tx.Release()
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// indexFirst is scan.index as first written: at looked up and stored at
// every position.
func (s *scan) indexFirst(names []string) {
	var todo map[rune]bool
	var bloom [64]uint64
	for _, name := range names {
		k := 0
		for _, r := range name {
			if k++; k > 2 {
				break
			}
			if _, done := s.at[r]; done || todo[r] || !cjk.IsHan(r) {
				continue
			}
			if todo == nil {
				todo = map[rune]bool{}
			}
			todo[r] = true
			bloom[(r>>6)&63] |= 1 << (r & 63)
		}
	}
	if todo == nil {
		return
	}
	for r := range todo {
		s.at[r] = nil
	}
	for i, r := range s.runes {
		if bloom[(r>>6)&63]&(1<<(r&63)) != 0 && todo[r] {
			s.at[r] = append(s.at[r], int32(i))
		}
	}
}

// TestScan_IndexSameAsFirstWritten: over the real reports, indexing the
// report's own names and then the names it quotes (some already indexed)
// leaves at as the first index did.
func TestScan_IndexSameAsFirstWritten(t *testing.T) {
	files, err := filepath.Glob(realCorpus + "/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatal("no real reports", err)
	}
	for _, f := range files {
		text := mustRead(t, f)
		var own []string
		if d, ok := Region(seedAgency, text); ok {
			own = OwnNames(d)
		}
		own = append(own, "淄川区", "区政府", "a", "")
		quoted := QuotedNames(text, own)
		got, want := newScan(text), newScan(text)
		for _, names := range [][]string{own, quoted, append(quoted, "市县乡镇", "年度报告")} {
			got.index(names)
			want.indexFirst(names)
			if !reflect.DeepEqual(got.at, want.at) {
				t.Fatalf("%s: index(%v) differs from the first", f, names)
			}
		}
		if len(got.at) == 0 {
			t.Fatalf("%s: nothing indexed", f)
		}
	}
}

// TestConfusable_WithoutReason: the score-only paths the searches take
// (confusable, IsConfusable) agree with Confusable on every pair of the
// Han characters of a real report, reasons included where they are given,
// the first time and from memory (scoreOf).
func TestConfusable_WithoutReason(t *testing.T) {
	text := mustRead(t, realCorpus+"/000_zibo_zichuan_touzi_2023.txt")
	var han []rune
	seen := map[rune]bool{}
	for _, r := range text {
		if cjk.IsHan(r) && !seen[r] {
			seen[r] = true
			han = append(han, r)
		}
	}
	if len(han) > 600 {
		han = han[:600]
	}
	oks := 0
	// Every pair once, then the pairs of the first 40 characters, which
	// the fixed memory of scoreOf holds, twice more.
	for pass, n := range []int{len(han), 40, 40} {
		for _, a := range han[:n] {
			for _, b := range han[:n] {
				want, ok := Confusable(a, b)
				got, gotOK := confusable(a, b)
				if gotOK != ok || IsConfusable(a, b) != ok || ok && got != want {
					t.Fatalf("pass %d, %c %c: confusable %+v %v, IsConfusable %v; Confusable %+v %v", pass, a, b, got, gotOK, IsConfusable(a, b), want, ok)
				}
				if ok {
					oks++
				}
			}
		}
	}
	assert.Greater(t, oks, 100)
}
