// Package jsonl writes check results as JSON Lines: one line per file,
// written as the file is done, so that a batch of any size streams and a
// consumer can read line by line. A line is
//
//	{"version":1,"path":"a.txt","model":{…},"findings":[…]}
//
// with "model" the public model (export.ModelOf; null when the file could
// not be read), "findings" as in the JSON output (export.JSONFindings), and
// "error" when the file could not be processed. Map keys are sorted, so the
// same results give the same bytes.
//
//	w, err := jsonl.Create("out.jsonl", jsonl.Options{})
//	if err != nil { … }
//	defer w.Abort()
//	for _, r := range results {
//		if err := w.Add(r); err != nil { … }
//	}
//	return w.Close()
package jsonl
