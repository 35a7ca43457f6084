// Package worker reads input files in child processes, so that a file
// that kills its reader — a fatal runtime error such as stack exhaustion,
// which recover cannot catch, or memory use past its cap — costs one
// error row instead of the whole batch.
//
// A Pool starts long-lived children running the same binary (Command,
// usually os.Args[0] with the hidden argument Arg); each reads one file
// at a time with extract/input and sends back the extracted
// extract.Document, which the parent normalizes and validates as if it
// had read it itself, so output is byte-identical with or without
// isolation. A child that dies, passes its memory cap or outlives the
// caller's context becomes an *extract.Error wrapping an
// *extract.CrashError for the file it held, and a fresh child takes its
// place.
//
// The binary must call Main when its first argument is Arg:
//
//	if len(os.Args) > 1 && os.Args[1] == worker.Arg {
//		os.Exit(worker.Main())
//	}
//	pool := worker.New(worker.Options{Workers: 2, MaxMemory: 512 << 20})
//	defer pool.Close()
//	doc, err := pool.Read(ctx, "a.pdf", "a.pdf", extract.Limits{})
//
// Requests are a gob stream and answers frames of a compact encoding
// (wire.go says why) over two pipes that the child finds at descriptors
// 3 and 4, so nothing the reader or a library prints
// on standard output can corrupt them; the child's standard error is kept
// (its tail names the reason of a crash) and never reaches the terminal.
package worker
