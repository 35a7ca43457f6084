package cross

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/normalize"
)

// TestPackCells: unpacking gives back every cell packed, bit for bit,
// whatever its value or place.
func TestPackCells(t *testing.T) {
	in := []cell{
		{v: 12, line: 40, col: 7, key: keyID("requests.new.total")},
		{v: 0, line: 3, col: 1, key: keyID("active.rules.issued")},
		{v: math.Copysign(0, -1), line: 3, col: 9, key: keyID("active.rules.repealed")},
		{v: -7, line: 1 << 30, col: 1 << 20, page: 900, key: keyID("active.rules.in_force")},
		{v: 2.5, line: 2, col: 2, page: 1, key: keyID("active.fees.amount")},
		{v: 1 << 53, key: keyID("requests.new.natural_person")},
		{v: -(1 << 60), key: keyID("requests.new.commercial")},
		{v: 1e300, key: keyID("requests.new.other")},
	}
	want := append(cells(nil), in...)
	got, err := unpackCells(packCells(in), nil)
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for _, w := range want {
		g, ok := got.find(w.key)
		require.True(t, ok, keyName(w.key))
		assert.Equal(t, math.Float64bits(w.v), math.Float64bits(g.v), keyName(w.key))
		assert.Equal(t, [3]int32{w.line, w.col, w.page}, [3]int32{g.line, g.col, g.page}, keyName(w.key))
	}
	b := packCells(in)
	for n := 1; n < len(b); n++ {
		_, err := unpackCells(b[:n], nil)
		assert.Error(t, err, "cut at %d", n)
	}
	empty, err := unpackCells(packCells(nil), nil)
	require.NoError(t, err)
	assert.Empty(t, empty)
}

// memStore is a Store in memory.
type memStore struct{ bytes.Buffer }

func (m *memStore) Put(b []byte) (int64, error) {
	off := int64(m.Len())
	m.Write(b)
	return off, nil
}

func (m *memStore) ReadAt(p []byte, off int64) (int, error) {
	return bytes.NewReader(m.Bytes()).ReadAt(p, off)
}

// TestDigestOf: the digest made straight from a normalized report is the
// one made from its Report (Of), held or stored.
func TestDigestOf(t *testing.T) {
	paths, _ := filepath.Glob("../../corpus/testdata/corpus/*.txt")
	paths = append(paths, fixtures.Path("report.html"), fixtures.Path("report.docx"))
	require.Greater(t, len(paths), 3)
	store := &memStore{}
	sections, ncells := 0, 0
	for _, p := range paths {
		doc, err := input.ReadAs(context.Background(), p, p, extract.DefaultLimits)
		require.NoError(t, err)
		rep, err := normalize.Normalize(doc)
		require.NoError(t, err)
		want := Of(rep, p).Digest()
		got, err := DigestOf(rep, p, nil)
		require.NoError(t, err)
		assert.True(t, reflect.DeepEqual(want, got), p)

		stored, err := DigestOf(rep, p, store)
		require.NoError(t, err)
		assert.Nil(t, stored.packed, "the cells are in the store")
		wc, err := want.cells()
		require.NoError(t, err)
		ncells += len(wc)
		gc, err := stored.cells()
		require.NoError(t, err)
		assert.Equal(t, wc, gc, p)
		require.Equal(t, len(want.sections), len(stored.sections))
		sections += len(want.sections)
		for i, s := range stored.sections {
			assert.Empty(t, s.text, "the text is in the store")
			text, err := stored.text(s)
			require.NoError(t, err)
			assert.Equal(t, want.sections[i].text, text)
		}
	}
	assert.Greater(t, sections, 5)
	assert.Greater(t, ncells, 500)
}

// TestEqualTables: reports whose tables hashed alike are split into those
// whose tables are truly the same, should two hashes ever collide.
func TestEqualTables(t *testing.T) {
	a, b := keyID("requests.new.total"), keyID("requests.granted.total")
	x := cells{{v: 3, key: a}, {v: 5, key: b}}
	y := cells{{v: 3, key: a}, {v: 6, key: b}}
	other := cells{{v: 9, key: keyID("active.rules.issued")}}
	assert.Equal(t, [][]int{{0, 2}}, equalTables("requests", []cells{x, y, append(x, other...)}))
	assert.Equal(t, [][]int{{0, 2}, {1, 3}}, equalTables("requests", []cells{x, y, x, y}))
	assert.Empty(t, equalTables("requests", []cells{x, y}))
}
