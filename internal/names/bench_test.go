package names

import (
	"sync"
	"testing"
)

// BenchmarkLoad is the cost of parsing what the package loads on first
// use (divisions, character data and the word lists) from the source
// files; at run time the divisions and characters come ready-made
// (atlas.bin, chars.bin) and BenchmarkColdSeed shows what is left.
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
		loadAtlas = sync.OnceValue(func() *atlas { return decodeAtlas(atlasBin) })
		loadChars = sync.OnceValue(func() *charTables { return &charTables{frozen: decodeChars(charsBin)} })
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
