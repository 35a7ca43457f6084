// Package exporttest holds what the tests of the export writers share:
// the real inputs they run, and helpers that check them through the
// whole pipeline and write the results. It is imported by tests only;
// that is why it may import corpus, which comes after export.
//
//	results := exporttest.Check(t, exporttest.TBBalance, exporttest.Empty)
//	path := exporttest.MustWrite(t, "out.jsonl", func(p string) (*jsonl.Writer, error) {
//		return jsonl.Create(p, jsonl.Options{})
//	}, results)
package exporttest
