package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// WriteMix writes n clean reports into dir, the formats taken in turn
// (nil: Formats, the ones that need no outside tool), report i generated
// from seed+i, and returns their paths in order. The same arguments give
// the same files, byte for byte: a batch to measure speed and memory on.
func WriteMix(dir string, n int, seed int64, formats []string) ([]string, error) {
	if formats == nil {
		formats = Formats
	}
	for _, f := range formats {
		if !slices.Contains(Formats, f) {
			return nil, fmt.Errorf("--formats: invalid value %q: one of %s", f, strings.Join(Formats, ", "))
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	paths := make([]string, 0, n)
	for i := range n {
		f := formats[i%len(formats)]
		src, ext := Render(f, Generate(seed+int64(i), Options{}), Damage{})
		p := filepath.Join(dir, fmt.Sprintf("%05d%s", i, ext))
		if err := os.WriteFile(p, src, 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
