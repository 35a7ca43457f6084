// Package gen makes synthetic annual reports with known truth, plants
// known errors in them and measures the pipeline against both.
//
// Generate draws a consistent report from a seed: an agency from the
// divisions data (a township, a county or prefecture government or
// department, a province or its department), a year and the template it
// calls for, the contact block, six sections of prose whose numbers are
// the tables' and whose “共N条，其中A条…” sums add up, quoted proper names
// built on the place name (“投资淄川”), and every cell of the three tables,
// satisfying every identity of the profile, from a township's zeros to a
// province's tens of thousands. Report.Cells is the truth by canonical
// key.
//
// Text, HTML and DOCX print a report as people meet it: pasted text (tabs,
// pipes, one cell a line), a government web page (merged cells, site
// chrome, GBK), a Word file (w:gridSpan, w:vMerge). Damage degrades the
// copy (spaced-out and wrapped labels, ASCII punctuation, split cells,
// chrome, a truncated table); everything but truncation keeps every
// number readable.
//
// Unless Options.Plain, a report is also written the ways real ones are,
// with seeded odds: zero cells left blank (an empty cell, which each
// format prints its own way) or dashed (—, /, 无, -), outcome rows left
// unfilled, and the prose in real phrasings (予以公开（含部分公开）N件, 占x%,
// 共计 on the last item, 复议/诉讼 after the outcome list, two enumerations
// in a sentence, 表二 cell by cell). Report.States holds the state each
// blank or dashed cell is printed in, and Report.Variants names the
// variants a rendering exercises.
//
// Inject plants one error of an ErrorKind and returns the Expected
// finding; Bench runs many reports of every format and kind through
// corpus.CheckFile and reports recall, false findings, cell accuracy and
// speed.
//
// GenerateSeries makes one agency's reports over 3 to 5 consecutive years,
// consistent across them (上年结转 is last year's 结转下年度 in every column,
// 现行有效 last year's plus 制发 less 废止), each year with its own numbers
// and its own account in 一 and 五, the name written the ways real series
// write it (人民政府 or 政府, 办公室 or 办) and the years in the usual
// formats. GenerateGroup makes a 区 or 县 government's 全区 summary with its
// departments' and every township's and street's reports, whose 表三 and
// 表四 it adds up. Both plant errors across reports (CrossKind) and say
// what the cross-report rules must give (CrossExpected); Bench checks
// them with cross.Check beside a batch of consistent series and groups.
//
//	r := gen.Generate(42, gen.Options{})
//	e := gen.Inject(r, gen.PlaceTypo, rand.New(rand.NewSource(42)))
//	os.WriteFile("42.html", gen.HTML(r, gen.Damage{Chrome: true}), 0o644)
//	res := corpus.CheckFile(ctx, "42.html", corpus.Options{})
//	fmt.Println(e.Found(res.Findings, res.Report.Doc)) // true: NM101 on 溜川区
//
//	s := gen.GenerateSeries(7, gen.SeriesOptions{Errors: []gen.CrossKind{gen.ChainBroken}})
//	for _, f := range s.Files {
//		src, _ := f.Render()
//		os.WriteFile(f.Name(), src, 0o644) // 2021_370302_….txt, 2022_….html, …
//	}
//	fmt.Println(s.Expected[0].Detail) // 2023: active.normative_docs.in_force 31→33
//
//	b, _ := gen.Bench(ctx, gen.BenchOptions{Seed: 1, N: 100})
//	b.WriteTable(os.Stdout)
package gen
