package xlsx

import (
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/validate"
)

// Fill colours: Excel's own "bad", "neutral" and "note" tints, so flagged
// cells look the way users already read them.
const (
	colorError   = "FFC7CE"
	colorWarning = "FFEB9C"
	colorInfo    = "DDEBF7"
	colorOK      = "C6EFCE"
	colorMissing = "E7E6E6"
	colorHeader  = "F2F2F2"
)

// styles holds the style IDs of one workbook.
type styles struct {
	header  int // column headers of the list sheets and the report tables
	link    int
	title   int
	heading int
	text    int // wrapped text without border
	// label and value are the bordered cells of the report tables, indexed
	// by mark: 0 plain, then error, warning, info, missing.
	label [5]int
	value [5]int
	// status fills for the conditional format of 汇总, by sheets.Status.
	status [4]int
}

// Marks of report table cells, indexes into styles.label and styles.value.
const (
	markNone = iota
	markError
	markWarning
	markInfo
	markMissing
)

func markOf(s validate.Severity) int {
	switch s {
	case validate.Error:
		return markError
	case validate.Warning:
		return markWarning
	}
	return markInfo
}

func newStyles(f *excelize.File) (*styles, error) {
	var st styles
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
	}
	fill := func(c string) excelize.Fill {
		if c == "" {
			return excelize.Fill{}
		}
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
	}
	st.header = add(&excelize.Style{
		Border: border, Fill: fill(colorHeader), Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	st.link = add(&excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}})
	st.title = add(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	st.heading = add(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}})
	st.text = add(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	for i, c := range []string{"", colorError, colorWarning, colorInfo, colorMissing} {
		st.label[i] = add(&excelize.Style{
			Border: border, Fill: fill(c),
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true},
		})
		st.value[i] = add(&excelize.Style{
			Border: border, Fill: fill(c),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		})
	}
	for i, c := range []string{colorOK, colorWarning, colorError, colorMissing} {
		if err != nil {
			break
		}
		st.status[i], err = f.NewConditionalStyle(&excelize.Style{Fill: fill(c)})
	}
	return &st, err
}
