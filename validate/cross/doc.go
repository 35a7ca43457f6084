// Package cross runs the cross-report rules (CR100–CR106) over many
// reports at once: what no single report shows.
//
// It takes a Report per file, the little of a normalize.Report the rules
// need (Of: who and when, every cell with its place, the sections' text),
// the form the store keeps; or, for a batch of thousands, a Digest per
// file (DigestOf), which packs the cells the rules count and can leave
// them and the texts in a Store on disk until a rule reads them. It
// pairs an agency's reports across years by Key (the division's code and
// the name with the divisions' names taken off and its variants folded;
// two reports of one agency for one year are reported, CR100, never
// guessed between) and checks each pair of consecutive years: the
// profile's chains (上年结转, CR101; 现行有效, CR102), text and tables
// repeated from last year (CR103, CR104). Across agencies of one year it
// looks for the same table (CR105) and sums the units of a government's
// 全区 summary (CR106). It gives Findings, each on the later (or the
// summary) report with related places in the others; corpus.Attach turns
// them into validate.Findings on their cells. CheckDigests is Check over
// digests.
//
//	reps, _ := corpus.CrossReports(ctx, paths, corpus.Options{}, nil)
//	for _, f := range cross.Check(reps, cross.Options{}) {
//		fmt.Println(f.Path, f.Rule.ID, f.Message.Zh)
//		// 2023.html CR102 表二“行政规范性文件”行“现行有效件数”列为 546，而 2022 年度的 470 …
//	}
package cross
