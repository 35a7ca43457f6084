package names

import (
	"sync"
	"testing"
)

// BenchmarkLoad is the cost of everything the package parses on first use:
// divisions, character data and the word lists. The CLI pays it once per
// run; the budget is 30 ms of a 200 ms cold start.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		parseAtlas()
		parseChars()
		newWordList(wordsTxt)
		newWordList(commonShortTxt)
	}
}

// BenchmarkColdSeed loads everything afresh and checks the seed report, as
// one CLI run does.
func BenchmarkColdSeed(b *testing.B) {
	text := mustRead(b, realCorpus+"/000_zibo_zichuan_touzi_2023.txt")
	b.ReportAllocs()
	for b.Loop() {
		loadAtlas, loadChars = sync.OnceValue(parseAtlas), sync.OnceValue(parseChars)
		words, commonShort = newWordList(wordsTxt), newWordList(commonShortTxt)
		d, ok := Region(seedAgency, text)
		if !ok {
			b.Fatal("no region")
		}
		own := OwnNames(d)
		if len(FindVariants(text, append(own, QuotedNames(text, own)...), d)) != 5 {
			b.Fatal("want 5 variants")
		}
	}
}

// BenchmarkFindVariants is the per-report cost once the data is loaded.
func BenchmarkFindVariants(b *testing.B) {
	text := mustRead(b, realCorpus+"/000_zibo_zichuan_touzi_2023.txt")
	d, _ := Region(seedAgency, text)
	own := OwnNames(d)
	own = append(own, QuotedNames(text, own)...)
	b.ReportAllocs()
	for b.Loop() {
		FindVariants(text, own, d)
	}
}
