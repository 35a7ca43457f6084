// Package display measures text as it is shown: in a terminal, where the
// text writer lines findings up, and in a spreadsheet cell, whose lines
// and widths the workbook sizes. A Chinese character takes two columns.
//
//	display.Width("甲.txt:1:2:") // 11
package display
