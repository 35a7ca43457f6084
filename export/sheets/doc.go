// Package sheets turns check results into the rows of four tabular views
// that the Excel workbook (export/xlsx) and the CSV output share:
//
//   - 汇总: one row per file: agency, region, year, template, status,
//     finding counts and the key numbers the profiles list (本年新收总计 …);
//   - 问题清单: one row per finding, with its location and suggested fix,
//     then the review columns (ReviewHeader: 状态, 审核说明, 指纹);
//   - 数据: one row per table cell (long format), with the Chinese labels
//     of the template, the value, the cell state and the raw text;
//   - 错误文件: the files that could not be processed, with the reason.
//
// Headers are Chinese whatever the message language. Values are strings,
// ints and float64s, nil for an empty cell, so that a spreadsheet gets
// numbers where the report has numbers.
//
// CSVWriter writes the views as four UTF-8 CSV files, a result at a time:
//
//	w, err := sheets.CreateCSV("out", sheets.CSVOptions{Lang: "zh"})
//	if err != nil { … }
//	defer w.Abort()
//	for _, r := range results {
//		if err := w.Add(r); err != nil { … }
//	}
//	return w.Close()
package sheets
