package export

import (
	"encoding/json"
	"io"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
)

// ModelText is a located text value of the model.
type ModelText struct {
	Value  string `json:"value"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// ModelSection is a section in the public model.
type ModelSection struct {
	Key            string `json:"key"`
	Number         string `json:"number"`
	Heading        string `json:"heading"`
	Line           int    `json:"line"`
	Missing        bool   `json:"missing,omitempty"`
	HeadingMissing bool   `json:"heading_missing,omitempty"`
}

// ModelCell is a table cell in the public model.
type ModelCell struct {
	Value  *float64 `json:"value"`
	State  string   `json:"state"`
	Raw    string   `json:"raw"`
	Unit   string   `json:"unit,omitempty"`
	Line   int      `json:"line"`
	Column int      `json:"column"`
	Page   int      `json:"page,omitempty"`
}

// ModelTable summarises one table in the public model.
type ModelTable struct {
	Found       bool                `json:"found"`
	Template    string              `json:"template,omitempty"`
	Line        int                 `json:"line,omitempty"`
	MissingRows []string            `json:"missing_rows,omitempty"`
	Truncated   bool                `json:"truncated,omitempty"`
	MissingCols map[string][]string `json:"missing_cols,omitempty"`
	// Disordered: the table's numbers came out of their rows' order, so
	// none is taken as read (normalize.Table.Disordered).
	Disordered bool `json:"disordered,omitempty"`
}

// Model is the public JSON form of a normalize.Report (version 1).
type Model struct {
	Path       string                `json:"path"`
	Format     string                `json:"format"`
	Encoding   string                `json:"encoding"`
	Template   string                `json:"template"`
	Title      ModelText             `json:"title"`
	Agency     ModelText             `json:"agency"`
	Year       int                   `json:"year"`
	RegionCode string                `json:"region_code"`
	Region     normalize.Region      `json:"region"`
	Period     normalize.Period      `json:"period"`
	Contact    map[string]ModelText  `json:"contact"`
	Sections   []ModelSection        `json:"sections"`
	Tables     map[string]ModelTable `json:"tables"`
	Cells      map[string]ModelCell  `json:"cells"`
}

// ModelOf converts a report to its public form, resolving spans to lines
// and columns.
func ModelOf(r *normalize.Report) Model {
	doc := r.Doc
	text := func(t normalize.Text) ModelText {
		if t.Value == "" {
			return ModelText{}
		}
		l, c := doc.LineCol(t.Span.Start)
		return ModelText{Value: t.Value, Line: l, Column: c}
	}
	m := Model{
		Path: doc.Path, Format: doc.Format, Encoding: doc.Encoding,
		Template: r.Template, Title: text(r.Title), Agency: text(r.Agency), Year: r.Year,
		RegionCode: r.Region.Code, Region: r.Region, Period: r.Period,
		Contact: map[string]ModelText{
			"address": text(r.Contact.Address), "postcode": text(r.Contact.Postcode),
			"phone": text(r.Contact.Phone), "email": text(r.Contact.Email),
		},
		Tables: make(map[string]ModelTable, len(r.Tables)),
		Cells:  make(map[string]ModelCell, len(r.Cells)),
	}
	for _, s := range r.Sections {
		ms := ModelSection{Key: s.Key, Number: s.Number, Heading: s.Heading, Missing: s.Missing, HeadingMissing: s.HeadingMissing}
		if !s.Missing {
			ms.Line, _ = doc.LineCol(s.Span.Start)
		}
		m.Sections = append(m.Sections, ms)
	}
	for k, t := range r.Tables {
		mt := ModelTable{Found: t.Found, Template: t.Template, MissingRows: t.MissingRows, Truncated: t.Truncated, MissingCols: t.MissingCols, Disordered: t.Disordered}
		if t.Found {
			mt.Line, _ = doc.LineCol(t.Span.Start)
		}
		m.Tables[k] = mt
	}
	for k, c := range r.Cells {
		mc := ModelCell{Value: c.Value, State: string(c.State), Raw: c.Raw, Unit: c.Unit}
		if c.State != normalize.StateMissing {
			pos := doc.Position(c.Span.Start)
			mc.Line, mc.Column, mc.Page = pos.Line, pos.Column, pos.Page
		}
		m.Cells[k] = mc
	}
	return m
}

// WriteModel writes {"version":1,"model":{…}}.
func WriteModel(w io.Writer, r *normalize.Report) error {
	out := struct {
		Version int   `json:"version"`
		Model   Model `json:"model"`
	}{Version, ModelOf(r)}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

var _ = extract.Span{}
