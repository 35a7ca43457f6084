package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate/cross"
)

// kind is the type of a dataset column.
type kind int

const (
	kString kind = iota // string; "" is empty
	kInt                // int64; 0 is unknown and written empty (null)
	kFloat              // *float64; nil is empty (null)
)

// column is one column of a dataset table: Name is what programs use
// (the Parquet column, the part in brackets of a CSV header), Zh what
// people read.
type column struct {
	Name string
	Zh   string
	Kind kind
}

// header is the column's heading in CSV and XLSX: the Chinese name,
// then the name in brackets, so that one header row serves people and
// programs alike: 表三“（一）予以公开”行“总计”列 [requests.granted.total].
func (c column) header() string { return c.Zh + " [" + c.Name + "]" }

// table is one table of the dataset: its columns and a function that
// hands its rows to fn, in order.
type table struct {
	Name    string
	Columns []column
	rows    func(fn func([]any) error) error
}

// Names of the dataset's tables, which name the CSV and Parquet files
// and the sheets.
const (
	LongName     = "long"
	WideName     = "wide"
	FindingsName = "findings"
)

var longColumns = []column{
	{"path", "文件", kString}, {"agency", "机关", kString}, {"agency_key", "机关配对键", kString},
	{"region_code", "地区代码", kString}, {"year", "年度", kInt}, {"template", "模板", kString},
	{"table", "表", kString}, {"row", "行键", kString}, {"col", "列键", kString}, {"key", "单元格键", kString},
	{"label", "单元格", kString}, {"row_label", "行标签", kString}, {"col_label", "列标签", kString},
	{"value", "值", kFloat}, {"state", "状态", kString}, {"raw", "原文", kString}, {"unit", "单位", kString},
	{"line", "行号", kInt}, {"column", "列号", kInt}, {"page", "页", kInt},
}

// wideFixed are the columns of the wide table before the cells.
var wideFixed = []column{
	{"path", "文件", kString}, {"agency", "机关", kString}, {"agency_key", "机关配对键", kString},
	{"region_code", "地区代码", kString}, {"year", "年度", kInt}, {"template", "模板", kString},
	{"title", "标题", kString}, {"format", "格式", kString}, {"sha256", "SHA-256", kString},
}

var findingColumns = []column{
	{"path", "文件", kString}, {"agency", "机关", kString}, {"year", "年度", kInt},
	{"rule", "规则", kString}, {"severity", "严重程度", kString},
	{"message_zh", "说明", kString}, {"message_en", "说明（英文）", kString},
	{"line", "行号", kInt}, {"column", "列号", kInt}, {"page", "页", kInt},
	{"key", "单元格键", kString}, {"label", "单元格", kString}, {"section", "章节", kString},
	{"related", "相关位置", kString},
}

// dataset reads the three tables in one read transaction, so that an
// ingest running meanwhile is seen entirely or not at all.
type dataset struct {
	tx     *sql.Tx
	extra  []cross.Finding
	tables []*table
}

func (s *Store) dataset(ctx context.Context, extra []cross.Finding) (*dataset, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.wrap(err)
	}
	d := &dataset{tx: tx, extra: extra}
	keys, err := wideKeys(ctx, tx)
	if err != nil {
		tx.Rollback()
		return nil, s.wrap(err)
	}
	wide := append([]column{}, wideFixed...)
	for _, k := range keys {
		wide = append(wide, column{Name: k, Zh: keyLabel(k), Kind: kFloat})
	}
	d.tables = []*table{
		{Name: LongName, Columns: longColumns, rows: func(fn func([]any) error) error { return d.long(ctx, fn) }},
		{Name: WideName, Columns: wide, rows: func(fn func([]any) error) error { return d.wide(ctx, keys, fn) }},
		{Name: FindingsName, Columns: findingColumns, rows: func(fn func([]any) error) error { return d.findings(ctx, fn) }},
	}
	return d, nil
}

func (d *dataset) close() { d.tx.Rollback() }

// cellRank orders the cell keys of a template as its tables print them:
// tables in report order, then rows, then columns.
func cellRank(template string) map[string]int {
	rank := map[string]int{}
	p := normalize.ProfileFor(template)
	if p == nil {
		return rank
	}
	for _, tk := range normalize.TableKeys() {
		if t := p.Table(tk); t != nil {
			for _, k := range t.CellKeys() {
				rank[k] = len(rank)
			}
		}
	}
	return rank
}

// templates are the known templates, newest first.
func templates() []string {
	ps := normalize.Profiles()
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].FirstYear > ps[j].FirstYear })
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Template
	}
	return out
}

// wideKeys are the cell keys of the stored reports in the order of the
// newest template that has them, then keys no template has, sorted.
func wideKeys(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT key FROM cells`)
	if err != nil {
		return nil, err
	}
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, k)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	order := map[string]int{}
	for _, t := range templates() {
		for _, k := range sortedByRank(cellRank(t)) {
			if _, ok := order[k]; !ok {
				order[k] = len(order)
			}
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return byRank(order, a, b) })
	return keys, nil
}

func sortedByRank(rank map[string]int) []string {
	keys := make([]string, 0, len(rank))
	for k := range rank {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(rank[a], rank[b]) })
	return keys
}

// keyLabel names a key as the newest template that has it prints it.
func keyLabel(key string) string {
	for _, t := range templates() {
		if _, ok := cellRank(t)[key]; ok {
			return normalize.KeyLabel(t, key).Zh
		}
	}
	return key
}

// splitKey splits a canonical key into table, row and column: the table
// is before the first dot, the column after the last (row keys may hold
// dots: withheld.state_secret).
func splitKey(key string) (table, row, col string) {
	i, j := strings.IndexByte(key, '.'), strings.LastIndexByte(key, '.')
	if i < 0 || i == j {
		return key, "", ""
	}
	return key[:i], key[i+1 : j], key[j+1:]
}

// storedReport is what every table row of a report repeats.
type storedReport struct {
	id                                    int64
	path, agency, agencyKey, region, tmpl string
	title, format, sha                    string
	year                                  int
}

type storedCell struct {
	key, state, raw, unit string
	value                 *float64
	line, column, page    int
}

// eachReport hands fn every report with its cells, by path; cells in
// key order.
func (d *dataset) eachReport(ctx context.Context, fn func(storedReport, []storedCell) error) error {
	rows, err := d.tx.QueryContext(ctx, `SELECT r.id, r.path, r.agency, r.agency_key, r.region_code, r.year, r.template, r.title, r.format, r.sha256,
			c.key, c.value, c.state, c.raw, c.unit, c.line, c.column, c.page
		FROM reports r LEFT JOIN cells c ON c.report_id = r.id ORDER BY r.path, c.key`)
	if err != nil {
		return err
	}
	var cur storedReport
	var cells []storedCell
	started := false
	for rows.Next() {
		var r storedReport
		var key, state, raw, unit sql.NullString
		var value sql.NullFloat64
		var line, col, page sql.NullInt64
		if err := rows.Scan(&r.id, &r.path, &r.agency, &r.agencyKey, &r.region, &r.year, &r.tmpl, &r.title, &r.format, &r.sha,
			&key, &value, &state, &raw, &unit, &line, &col, &page); err != nil {
			rows.Close()
			return err
		}
		if !started || r.id != cur.id {
			if started {
				if err := fn(cur, cells); err != nil {
					rows.Close()
					return err
				}
			}
			cur, cells, started = r, cells[:0], true
		}
		if !key.Valid {
			continue // a report without cells
		}
		c := storedCell{key: key.String, state: state.String, raw: raw.String, unit: unit.String,
			line: int(line.Int64), column: int(col.Int64), page: int(page.Int64)}
		if value.Valid {
			v := value.Float64
			c.value = &v
		}
		cells = append(cells, c)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	if started {
		return fn(cur, cells)
	}
	return nil
}

// long gives one row per cell: reports by path, each report's cells as
// its template prints them, then any other cell by key.
func (d *dataset) long(ctx context.Context, fn func([]any) error) error {
	ranks := map[string]map[string]int{}
	return d.eachReport(ctx, func(r storedReport, cells []storedCell) error {
		rank, ok := ranks[r.tmpl]
		if !ok {
			rank = cellRank(r.tmpl)
			ranks[r.tmpl] = rank
		}
		slices.SortStableFunc(cells, func(a, b storedCell) int { return byRank(rank, a.key, b.key) })
		p := normalize.ProfileFor(r.tmpl)
		for _, c := range cells {
			tk, row, col := splitKey(c.key)
			rowLabel, colLabel := row, col
			if p != nil {
				if spec := p.Table(tk); spec != nil {
					rowLabel, colLabel = sheets.RowLabel(spec, row), sheets.ColumnLabel(spec, col)
				}
			}
			if err := fn([]any{r.path, r.agency, r.agencyKey, r.region, int64(r.year), r.tmpl,
				tk, row, col, c.key, normalize.KeyLabel(r.tmpl, c.key).Zh, rowLabel, colLabel,
				c.value, c.state, c.raw, c.unit, int64(c.line), int64(c.column), int64(c.page)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// wide gives one row per report: a cell's value where it holds a number,
// empty where it is blank, a dash, missing or unreadable (the long table
// says which).
func (d *dataset) wide(ctx context.Context, keys []string, fn func([]any) error) error {
	at := make(map[string]int, len(keys))
	for i, k := range keys {
		at[k] = len(wideFixed) + i
	}
	return d.eachReport(ctx, func(r storedReport, cells []storedCell) error {
		row := make([]any, len(wideFixed)+len(keys))
		copy(row, []any{r.path, r.agency, r.agencyKey, r.region, int64(r.year), r.tmpl, r.title, r.format, r.sha})
		for i := len(wideFixed); i < len(row); i++ {
			row[i] = (*float64)(nil)
		}
		for _, c := range cells {
			if c.state == string(normalize.StateNumber) {
				row[at[c.key]] = c.value
			}
		}
		return fn(row)
	})
}

// findingRow is one row of the findings table before it is written.
type findingRow struct {
	path, agency                 string
	year                         int
	rule, severity, zh, en       string
	line, column, page           int
	key, label, section, related string
}

// findings gives the stored findings of every report and the cross
// findings given, sorted by path, position, rule, key and message.
func (d *dataset) findings(ctx context.Context, fn func([]any) error) error {
	rows, err := d.tx.QueryContext(ctx, `SELECT r.path, r.agency, r.year, r.template, f.rule, f.severity, f.message_zh, f.message_en, f.line, f.column, f.page, f.key, f.section
		FROM findings f JOIN reports r ON r.id = f.report_id ORDER BY r.path, f.seq`)
	if err != nil {
		return err
	}
	var out []findingRow
	tmpl := map[string]string{}
	who := map[string]findingRow{}
	for rows.Next() {
		var f findingRow
		var t string
		if err := rows.Scan(&f.path, &f.agency, &f.year, &t, &f.rule, &f.severity, &f.zh, &f.en, &f.line, &f.column, &f.page, &f.key, &f.section); err != nil {
			rows.Close()
			return err
		}
		if f.key != "" {
			f.label = normalize.KeyLabel(t, f.key).Zh
		}
		out = append(out, f)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	if len(d.extra) > 0 {
		// The cross findings name their report by path; agency, year and
		// template come from the store.
		rows, err := d.tx.QueryContext(ctx, `SELECT path, agency, year, template FROM reports`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var f findingRow
			var t string
			if err := rows.Scan(&f.path, &f.agency, &f.year, &t); err != nil {
				rows.Close()
				return err
			}
			who[f.path], tmpl[f.path] = f, t
		}
		if err := closeRows(rows); err != nil {
			return err
		}
	}
	for _, cf := range d.extra {
		w := who[cf.Path]
		f := findingRow{path: cf.Path, agency: w.agency, year: w.year, rule: cf.Rule.ID, severity: cf.Severity.String(),
			zh: cf.Message.Zh, en: cf.Message.En, line: cf.Line, column: cf.Column, page: cf.Page, key: cf.Key, section: cf.Section}
		if cf.Key != "" {
			f.label = normalize.KeyLabel(tmpl[cf.Path], cf.Key).Zh
		}
		var rel []string
		for _, r := range cf.Related {
			s := r.Path
			if r.Line > 0 {
				s += fmt.Sprintf(":%d", r.Line)
			}
			if r.Key != "" {
				s += " " + r.Key
			}
			rel = append(rel, s)
		}
		f.related = strings.Join(rel, "; ")
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b findingRow) int {
		return cmp.Or(strings.Compare(a.path, b.path), cmp.Compare(a.line, b.line), cmp.Compare(a.column, b.column),
			strings.Compare(a.rule, b.rule), strings.Compare(a.key, b.key), strings.Compare(a.zh, b.zh), strings.Compare(a.related, b.related))
	})
	for _, f := range out {
		if err := fn([]any{f.path, f.agency, int64(f.year), f.rule, f.severity, f.zh, f.en,
			int64(f.line), int64(f.column), int64(f.page), f.key, f.label, f.section, f.related}); err != nil {
			return err
		}
	}
	return nil
}

// byRank orders keys by their rank in the template; keys the template
// does not know come after, in byte order.
func byRank(rank map[string]int, a, b string) int {
	ra, oka := rank[a]
	rb, okb := rank[b]
	switch {
	case oka && okb:
		return cmp.Compare(ra, rb)
	case oka != okb:
		if oka {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}
