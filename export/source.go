package export

import (
	"fmt"
	"math"

	"github.com/nianbao/nianbao/normalize"
)

// Source says how a file was read: what a researcher needs to trust a
// number and an office needs to show which file it checked.
type Source struct {
	Format   string         `json:"format"`             // text, html, docx, pdf or ocr
	Encoding string         `json:"encoding,omitempty"` // the encoding decoded (text and HTML)
	Pages    int            `json:"pages,omitempty"`    // pages read (PDF and scans)
	OCR      SourceOCR      `json:"ocr"`
	Template SourceTemplate `json:"template"`
	Bytes    int64          `json:"bytes"`
	SHA256   string         `json:"sha256"`
}

// SourceOCR says whether and how much of the text came from recognition.
type SourceOCR struct {
	Used           bool    `json:"used"`
	MeanConfidence float64 `json:"mean_confidence,omitempty"` // 0–1, weighted by text length
	Pages          int     `json:"pages,omitempty"`           // pages recognised
}

// SourceTemplate is the template chosen and the evidence for it: the rows
// only that template has (By "rows"), or the reporting year (By "year").
type SourceTemplate struct {
	Chosen string   `json:"chosen"`
	By     string   `json:"by"`
	Year   int      `json:"year,omitempty"`
	Table  string   `json:"table,omitempty"`
	Rows   []string `json:"rows,omitempty"`   // canonical keys of the deciding rows or columns
	Labels []string `json:"labels,omitempty"` // the same as the printed tables name them
}

// SourceOf describes how rep's file was read; nil without a report.
func SourceOf(rep *normalize.Report, lang string) *Source {
	if rep == nil || rep.Doc == nil {
		return nil
	}
	d := rep.Doc
	s := &Source{Format: d.Format, Encoding: d.Encoding, Pages: d.Pages, Bytes: d.Bytes, SHA256: d.SHA256,
		OCR: SourceOCR{Used: d.OCR, Pages: d.OCRPages}}
	if d.OCR {
		s.OCR.MeanConfidence = math.Round(d.MeanConfidence()*1000) / 1000
	}
	if d.Format == "docx" || d.Format == "pdf" || d.Format == "ocr" {
		s.Encoding = "" // binary formats carry their own; "utf-8" here would mislead
	}
	b := rep.TemplateBasis
	s.Template = SourceTemplate{Chosen: rep.Template, By: "year", Year: b.Year}
	if b.Table != "" {
		s.Template = SourceTemplate{Chosen: rep.Template, By: "rows", Table: b.Table, Rows: b.Keys}
		for _, l := range rep.BasisLabels() {
			s.Template.Labels = append(s.Template.Labels, l.In(lang))
		}
	}
	return s
}

// Basis says in a phrase why the template was chosen, for the workbook.
func (t SourceTemplate) Basis(lang string) string {
	zh := lang != "en"
	switch {
	case t.Chosen == "":
		return ""
	case t.By == "rows" && len(t.Labels) > 0:
		more := ""
		if len(t.Labels) > 1 {
			more = fmt.Sprintf(pick(zh, "等 %d 处", " and %d more"), len(t.Labels)-1)
		}
		return fmt.Sprintf(pick(zh, "表格：%s%s仅见于 %s 格式", "tables: %s%s only in the %s format"), t.Labels[0], more, t.Chosen)
	case t.Year > 0:
		return fmt.Sprintf(pick(zh, "年度：%d 年度报告用 %s 格式", "year: %d reports use the %s format"), t.Year, t.Chosen)
	}
	return pick(zh, "年度不详，取最新格式", "year unknown: the newest format")
}

func pick(zh bool, a, b string) string {
	if zh {
		return a
	}
	return b
}
