// Package xlsx writes check results as an Excel workbook for people who
// review reports by the hundred. It takes results one at a time, so a
// batch of any size fits in bounded memory, and gives these sheets:
//
//   - 汇总: one row per file (export/sheets.Summary) with a link to its
//     sheet, coloured by status, frozen header and filter; below the rows
//     the findings by rule family, charted beside the table;
//   - 问题清单: one row per finding with its location, message and fix, a
//     link to the flagged cell on the report's sheet, and last the review
//     columns an office fills in: 状态 (a dropdown of 待处理, 已确认, 非错误,
//     已修正), 审核说明, and the finding's fingerprint, hidden (指纹), which
//     ReadReview uses to read the decisions back however the rows were
//     sorted or filtered;
//   - 数据: one row per table cell, long format, for pivot tables;
//   - 错误文件: the files that could not be processed, with the reason;
//   - one sheet per report, up to Options.SheetLimit: the standard tables
//     in the layout the profile gives for the official template (merged
//     headers and group labels as printed), flagged cells filled red
//     (error) or yellow (warning) with the messages as comments, and the
//     report's findings.
//
// A list sheet that would pass Excel's 1,048,576 rows continues on
// "数据 (2)" and so on. The file is replaced atomically, and the same
// results in the same order give the same bytes: document times are fixed
// and the zip entries are written in a fixed order without timestamps.
//
//	w, err := xlsx.Create("结果.xlsx", xlsx.Options{Lang: "zh"})
//	if err != nil { … }
//	defer w.Abort()
//	for _, r := range results {
//		if err := w.Add(r); err != nil { … }
//	}
//	return w.Close()
package xlsx
