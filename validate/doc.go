// Package validate takes a normalize.Report and gives Findings: each with
// a rule ID, a severity, a span that resolves to line, column and table
// cell, the section and canonical cell key it concerns, a message in
// Chinese (English on request), related spans (the other cells of an
// identity) and suggested fixes as text edits.
//
// Rules are values (Rule{ID, Severity, Run}) listed in All, in families:
// ST structure, TB table arithmetic, NU numbers and dates, NM names. Their
// titles and docs, in Chinese and English, are data (rules.toml) read into
// them at load. A rule reports through its Pass (At, AtText or AtCell,
// then Report); an error it returns means the rule itself broke.
//
//	findings, err := validate.Check(rep, validate.Options{})
//	for _, f := range findings {
//		fmt.Println(f.Pos, f.Severity, f.Rule.ID, f.Message.In("zh"))
//	}
package validate
