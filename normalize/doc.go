// Package normalize takes an extract.Document and gives a Report: the
// canonical model of shared/spec/format.md. It finds the title, agency,
// region, year, statistics period and contact; the six sections (with
// tolerant heading matching, and headless content recognised); and every
// cell of the three standard tables by canonical key (active.*, requests.*,
// review.*), each with its state, raw text and span.
//
// The templates are data: profiles/*.json hold, for each national
// template, the years it applies to, its tables with their labels (Chinese
// and English), aliases, keys, printed blocks and spanning headers, and its
// identities with the rules that check them. TemplateFor(year) picks the
// template; AddProfile loads one more from its JSON, so a new template is
// a new file. Labels name cells as the printed table does (CellLabel:
// 表三“（一）予以公开”行“总计”列) for messages. Labels are matched after folding away spaces, punctuation width
// and numbering, by longest common subsequence, so damaged labels
// (自 然 人, 不予公 开, 其他法律法规禁止公开) still find their row and the
// deviation is kept for the validate stage.
//
//	doc, _ := input.Read(ctx, "report.txt", extract.Limits{})
//	rep, _ := normalize.Normalize(doc)
//	fmt.Println(rep.Agency.Value, rep.Year, rep.Cells["requests.new.total"].State)
package normalize
