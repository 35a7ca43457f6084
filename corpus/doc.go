// Package corpus runs the pipeline (extract → normalize → validate) over
// many files: it takes paths and gives one Result per file, in input
// order, with per-file errors collected rather than fatal. A run that
// must see every report before it writes the first (the cross-report
// rules) checks the batch once with CheckOnce: each result waits on disk,
// each report's cross.Digest in memory.
//
//	results := corpus.Run(ctx, paths, corpus.Options{})
//	for _, r := range results {
//		if r.Err != nil { log.Print(r.Err); continue }
//		fmt.Println(r.Path, len(r.Findings))
//	}
package corpus
