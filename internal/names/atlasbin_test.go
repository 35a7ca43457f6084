package names

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite data/atlas.bin from the division TSV files")

// TestAtlasBin: the committed data/atlas.bin is the atlas parsed from
// the TSV files, and loading it gives that atlas back.
func TestAtlasBin(t *testing.T) {
	want := encodeAtlas(parseAtlas())
	if *update {
		if err := os.WriteFile("data/atlas.bin", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal([]byte(atlasBin), want) {
		t.Fatal("data/atlas.bin does not match the division TSV files: run go generate ./internal/names")
	}
	if !bytes.Equal(encodeAtlas(decodeAtlas(atlasBin)), want) {
		t.Fatal("loading data/atlas.bin does not give the atlas it holds")
	}
}

// BenchmarkLoadAtlas is what the place names cost to load at run time.
func BenchmarkLoadAtlas(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		decodeAtlas(atlasBin)
	}
}
