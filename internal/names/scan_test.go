package names

import (
	"testing"
)

// TestQuoteClosers: the switches stand for the maps rune by rune.
func TestQuoteClosers(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if quoteCloser(r) != quotePairs[r] || openerCloser(r) != quoteOpeners[r] {
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
