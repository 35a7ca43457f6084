package xlsx_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export/xlsx"
)

// BenchmarkWriter_10000 writes a workbook of 10,000 results (the real
// results of the test batch, repeated under distinct paths): about 1.4
// million data rows, so 数据 continues on a second sheet. Peak memory is
// best read from outside:
//
//	go test -c -o /tmp/xlsx.test ./export/xlsx
//	/usr/bin/time -v /tmp/xlsx.test -test.run '^$' -test.bench Writer_10000 -test.benchtime 1x
func BenchmarkWriter_10000(b *testing.B) {
	base := mustBatch(b)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		path := filepath.Join(dir, "batch.xlsx")
		w, err := xlsx.Create(path, xlsx.Options{})
		require.NoError(b, err)
		for i := range 10000 {
			r := base[i%len(base)]
			r.Path = fmt.Sprintf("batch/%05d_%s", i, filepath.Base(r.Path))
			require.NoError(b, w.Add(r))
		}
		require.NoError(b, w.Close())
		st, err := os.Stat(path)
		require.NoError(b, err)
		b.ReportMetric(float64(st.Size())/(1<<20), "MiB")
	}
}
