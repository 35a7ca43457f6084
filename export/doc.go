// Package export writes what the pipeline produced for people and
// programs: it takes Results (a file's normalize.Report and
// validate.Findings, or the error that stopped it) and gives text
// ("path:line:col: severity RULE message", aligned by display width, with
// a summary), versioned JSON ({"version":1,"reports":[…]}) and the public
// model ({"version":1,"model":{…}}). A result may carry review decisions
// (ApplyReview, from validate/review): findings dismissed by a review are
// moved to Result.Ignored, where no writer counts them, text and JSON list
// them only on request and SARIF keeps them as suppressed; every finding
// is named by its review fingerprint in JSON, SARIF and the workbook. The
// writers take one result at a
// time so batches of any size stream. The subpackages write the Excel
// workbook (xlsx), CSV tables (sheets), JSON lines (jsonl) and SARIF
// (sarif), each atomically; fix makes the safe fixes in the file a report
// was read from, and annotate writes the findings into a DOCX as comments
// and tracked changes.
//
//	tw := export.NewTextWriter(os.Stdout, export.TextOptions{Lang: "zh"})
//	for _, r := range results { tw.Add(r) }
//	err := tw.Close()
package export
