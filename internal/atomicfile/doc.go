// Package atomicfile writes a file so that readers only ever see the old
// content or the complete new one: the data goes to a temporary file in the
// destination's directory (a rename across file systems is not atomic),
// which is synced and then renamed over the destination. A run killed
// half-way leaves the old file and, at worst, a stray temporary file named
// after it.
//
//	f, err := atomicfile.Create("out.xlsx")
//	if err != nil { … }
//	defer f.Abort()
//	… write to f …
//	return f.Commit()
//
// Buffered puts a buffer in front, for writers that either stream to a
// caller's io.Writer or make a file: Finish flushes and, for a file,
// commits or aborts it.
package atomicfile
