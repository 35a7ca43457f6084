package normalize

import (
	"github.com/nianbao/nianbao/extract"
)

// Report is the canonical model of one annual report
// (shared/spec/format.md): metadata, the six sections, and every cell of
// the three standard tables by canonical key. Every value keeps the span
// of the source text it came from.
type Report struct {
	Doc *extract.Document `json:"-"`

	// Template is the template the tables follow ("2019", "2021"), detected
	// from the tables themselves; "" when no table could be read.
	Template string `json:"template"`
	// TemplateBasis says what decided Template.
	TemplateBasis TemplateBasis `json:"-"`
	Title         Text          `json:"title"`
	Agency        Text          `json:"agency"`
	Region        Region        `json:"region"`
	Year          int           `json:"year"` // reporting year from the title (or preamble); 0 unknown
	YearSpan      extract.Span
	Period        Period    `json:"period"`
	Contact       Contact   `json:"contact"`
	Sections      []Section `json:"sections"`
	// MisYear is where the preamble names the report under another year
	// than its statistics period, the year taken (邹城市田黄镇 2021:
	// 编制了《田黄镇2020年…年度报告》, 统计期限自2021年1月1日起); empty
	// when it does not.
	MisYear extract.Span `json:"-"`
	// Tables says, per table key, what was found; Cells holds every
	// expected cell of every table of the detected templates.
	Tables map[string]*Table `json:"tables"`
	Cells  map[string]*Cell  `json:"cells"`
	// Labels are the template labels as the report writes them, for the
	// rule that flags deviations.
	Labels []LabelUse `json:"labels,omitempty"`
	// Truncated says the text stops in mid-sentence or mid-table: what
	// follows TruncatedAt is lost, not missing from the report.
	Truncated   bool         `json:"truncated,omitempty"`
	TruncatedAt extract.Span `json:"-"`
	// StartsLate says the text begins in the middle of the report (a page
	// of a flip-book, say): what precedes it is lost, not missing.
	StartsLate bool `json:"starts_late,omitempty"`
	// Quoted are the proper names the report writes in quotes (“投资淄川”)
	// or as document titles, each occurrence with its span.
	Quoted []Text `json:"quoted,omitempty"`
}

// Text is a piece of the report with its location.
type Text struct {
	Value string       `json:"value"`
	Span  extract.Span `json:"-"`
}

// Region is the administrative region of the agency.
type Region struct {
	Code       string   `json:"code,omitempty"` // MCA code of the lowest level found (GB/T 2260), or NBS 9-digit for townships
	Province   string   `json:"province,omitempty"`
	Prefecture string   `json:"prefecture,omitempty"`
	County     string   `json:"county,omitempty"`
	Township   string   `json:"township,omitempty"`
	Names      []string `json:"-"` // every name of the region and its parents, full and short, to spell right
}

// Period is the statistics period the report states.
type Period struct {
	Start string       `json:"start,omitempty"` // YYYY-MM-DD; the year may be inferred from the end
	End   string       `json:"end,omitempty"`
	Span  extract.Span `json:"-"`
}

// Contact is the contact information of the preamble.
type Contact struct {
	Address  Text `json:"address"`
	Postcode Text `json:"postcode"`
	Phone    Text `json:"phone"`
	Email    Text `json:"email"`
}

// Section is one of the six sections.
type Section struct {
	Key     string `json:"key"`
	Number  string `json:"number"`  // as the template numbers it: 一 … 六
	Heading string `json:"heading"` // as the report writes it; "" when missing
	// Missing: neither heading nor content was found. HeadingMissing: the
	// content is there but its heading is not.
	Missing        bool         `json:"missing,omitempty"`
	HeadingMissing bool         `json:"heading_missing,omitempty"`
	Span           extract.Span `json:"-"` // the heading (or the first block of headless content)
	Body           extract.Span `json:"-"` // from the heading to the next section
	Order          int          `json:"-"` // position among found sections, in reading order
}

// Table says what was found of one standard table.
type Table struct {
	Key      string       `json:"key"`
	Found    bool         `json:"found"`
	Template string       `json:"template,omitempty"` // template this table follows
	Span     extract.Span `json:"-"`
	// MissingRows lists row keys of the template that the table lacks, in
	// template order; Truncated says they form the tail (the table was cut).
	MissingRows []string `json:"missing_rows,omitempty"`
	Truncated   bool     `json:"truncated,omitempty"`
	// Unfilled says the table is there but no cell of it was filled in:
	// every cell read is blank (the national blank template, or a report
	// published with its table empty).
	Unfilled bool `json:"unfilled,omitempty"`
	// Disordered says the table's cells came out of their rows' order
	// (a PDF's text in the order its cells were drawn): values stood
	// where no row could take them. Its cells are all missing, and it
	// lacks no row or column; only its labels are read.
	Disordered bool `json:"disordered,omitempty"`
	// MissingCols lists, per row key, column keys the row lacks.
	MissingCols map[string][]string `json:"missing_cols,omitempty"`
	// RowLabels holds the span of each row's label as found; Rows each
	// row's extent, from its label to its last cell read.
	RowLabels map[string]extract.Span `json:"-"`
	Rows      map[string]extract.Span `json:"-"`
}

// State is what a cell holds.
type State string

const (
	StateNumber     State = "number"
	StateBlank      State = "blank"
	StateDash       State = "dash"
	StateMissing    State = "missing"
	StateUnreadable State = "unreadable"
)

// Cell is one table cell by canonical key (table.row.col).
type Cell struct {
	Key   string       `json:"-"`
	Table string       `json:"-"`
	Row   string       `json:"-"`
	Col   string       `json:"-"`
	State State        `json:"state"`
	Value *float64     `json:"value"` // nil unless State is number
	Raw   string       `json:"raw"`
	Unit  string       `json:"unit,omitempty"` // unit written in the cell (件, 万元, 元)
	Span  extract.Span `json:"-"`
	// Spec is what the template says of the cell: its table, row and
	// column with their labels, unit and whether decimals or negative
	// values are allowed.
	Spec CellSpec `json:"-"`
}

// CellSpec ties a cell to its template's table, row and column.
type CellSpec struct {
	Table *TableSpec
	Row   *RowSpec
	Col   *ColSpec
}

// Num returns the value for arithmetic: blank and dash count as 0, as the
// template intends; ok is false for missing and unreadable cells.
func (c *Cell) Num() (v float64, ok bool) {
	if c == nil {
		return 0, false
	}
	switch c.State {
	case StateNumber:
		return *c.Value, true
	case StateBlank, StateDash:
		return 0, true
	}
	return 0, false
}

// LabelUse is a template label as written in the report.
type LabelUse struct {
	Table     string       `json:"table"`
	Key       string       `json:"key"`  // row, group or column key
	Kind      string       `json:"kind"` // "row", "group", "column"
	Raw       string       `json:"raw"`
	Canonical string       `json:"canonical"`
	Score     float64      `json:"score"`
	Alias     bool         `json:"alias,omitempty"` // matched an accepted variant
	Span      extract.Span `json:"-"`
	// Deviates says the label differs from the template by more than
	// spaces, punctuation width or a cut (characters missing or wrong);
	// Text is the label without its numbering, Numbering that numbering.
	Deviates  bool   `json:"deviates,omitempty"`
	Text      string `json:"-"`
	Numbering string `json:"-"`
}

// Section returns the section of key, or nil.
func (r *Report) Section(key string) *Section {
	for i := range r.Sections {
		if r.Sections[i].Key == key {
			return &r.Sections[i]
		}
	}
	return nil
}

// Cell returns the cell of key, or nil if the key is not in the report's
// templates.
func (r *Report) Cell(key string) *Cell { return r.Cells[key] }

// Profile returns the profile of the template a table follows, or of the
// report when table is "".
func (r *Report) Profile(table string) *Profile {
	if t, ok := r.Tables[table]; ok && t.Template != "" {
		return ProfileFor(t.Template)
	}
	return ProfileFor(r.Template)
}

// TemplateBasis is the evidence for a report's template: the rows (or
// column labels) of one table that only that template has, or else the
// reporting year (TemplateFor).
type TemplateBasis struct {
	Table string   // the table whose rows decided; "" when the year did
	Keys  []string // canonical row or column keys found there that other templates lack
	Year  int      // the reporting year, when it decided (0: unknown, the newest template)
}
