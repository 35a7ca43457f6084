package store

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/export/xlsx"
	"github.com/nianbao/nianbao/internal/atomicfile"
	"github.com/nianbao/nianbao/validate/cross"
)

// WriteCSV writes the dataset as long.csv, wide.csv and findings.csv in
// dir (made if needed), UTF-8 with a byte order mark as Excel wants it,
// each file replaced atomically. extra are findings of the cross-report
// rules to list with the stored ones.
func (s *Store) WriteCSV(ctx context.Context, dir string, extra []cross.Finding) error {
	return s.writeTables(ctx, dir, extra, "csv", writeCSV)
}

// writeTables writes each table of the dataset to dir/NAME.ext with
// write, every file replaced atomically. The files are committed together
// at the end, so that a failure leaves the files of the previous export,
// not a mix.
func (s *Store) writeTables(ctx context.Context, dir string, extra []cross.Finding, ext string, write func(*atomicfile.File, *table) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%s: %w", ext, err)
	}
	d, err := s.dataset(ctx, extra)
	if err != nil {
		return err
	}
	defer d.close()
	var files []*atomicfile.File
	abort := func() {
		for _, f := range files {
			f.Abort()
		}
	}
	for _, t := range d.tables {
		f, err := atomicfile.Create(filepath.Join(dir, t.Name+"."+ext))
		if err != nil {
			abort()
			return fmt.Errorf("%s: %w", ext, err)
		}
		files = append(files, f)
		if err := write(f, t); err != nil {
			abort()
			return fmt.Errorf("%s: %s: %w", ext, f.Path, err)
		}
	}
	var errs []error
	for _, f := range files {
		errs = append(errs, f.Commit())
	}
	return errors.Join(errs...)
}

func writeCSV(f *atomicfile.File, t *table) error {
	b := bufio.NewWriterSize(f, 64<<10)
	b.WriteString("\uFEFF")
	w := csv.NewWriter(b)
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.header()
	}
	if err := w.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	err := t.rows(func(vals []any) error {
		for i, v := range vals {
			rec[i] = csvText(v)
		}
		return w.Write(rec)
	})
	if err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return b.Flush()
}

// csvText writes a value: numbers in the shortest form that reads back
// exactly, nothing for unknown, and text defused as export/sheets does,
// so that a report's text never runs as a formula in a spreadsheet.
func csvText(v any) string {
	switch v := v.(type) {
	case string:
		if v != "" {
			switch v[0] {
			case '=', '+', '-', '@', '\t', '\r':
				return "'" + v
			}
		}
		return v
	case int64:
		if v == 0 {
			return ""
		}
		return strconv.FormatInt(v, 10)
	case *float64:
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// xlsxRows is the most rows a sheet holds, header included; a longer
// table goes on in sheets named long 2, long 3, ….
const xlsxRows = 1 << 20

// WriteXLSX writes the dataset as a workbook at path with the sheets
// long, wide and findings, replaced atomically and the same bytes for
// the same store.
func (s *Store) WriteXLSX(ctx context.Context, path string, extra []cross.Finding) error {
	out, err := atomicfile.Create(path)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	defer out.Abort()
	d, err := s.dataset(ctx, extra)
	if err != nil {
		return err
	}
	defer d.close()
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	first := true
	for _, t := range d.tables {
		if err := writeSheets(f, t, bold, first); err != nil {
			return fmt.Errorf("xlsx: %s: %s: %w", path, t.Name, err)
		}
		first = false
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "nianbao", LastModifiedBy: "nianbao",
		Title: "政府信息公开工作年度报告数据集", Created: fixedTime, Modified: fixedTime, Language: "zh-CN"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "nianbao"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := xlsx.WriteZip(f, out); err != nil {
		return fmt.Errorf("xlsx: %s: %w", path, err)
	}
	if err := out.Commit(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// fixedTime stands in for the workbook's creation and modification
// times, so that the same store gives the same bytes.
const fixedTime = "2000-01-01T00:00:00Z"

// writeSheets streams a table into one sheet, or several when it has
// more rows than a sheet holds. The first table takes the new file's
// Sheet1, renamed.
func writeSheets(f *excelize.File, t *table, bold int, first bool) error {
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = excelize.Cell{StyleID: bold, Value: c.header()}
	}
	var sw *excelize.StreamWriter
	n, part := 0, 0
	start := func() error {
		part++
		name := t.Name
		if part > 1 {
			name = fmt.Sprintf("%s %d", t.Name, part)
		}
		if first && part == 1 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		var err error
		if sw, err = f.NewStreamWriter(name); err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		n = 1
		return sw.SetRow("A1", head)
	}
	if err := start(); err != nil {
		return err
	}
	row := make([]any, len(t.Columns))
	err := t.rows(func(vals []any) error {
		if n == xlsxRows {
			if err := sw.Flush(); err != nil {
				return err
			}
			if err := start(); err != nil {
				return err
			}
		}
		for i, v := range vals {
			row[i] = xlsxValue(v)
		}
		n++
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	return sw.Flush()
}

// xlsxValue is a value as a cell holds it: numbers as numbers, nothing
// for unknown. Text is stored as text, which a spreadsheet never runs.
func xlsxValue(v any) any {
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil
		}
		return v
	case int64:
		if v == 0 {
			return nil
		}
		return v
	case *float64:
		if v == nil {
			return nil
		}
		return *v
	}
	return v
}

// WriteParquet writes the dataset as long.parquet, wide.parquet and
// findings.parquet in dir (made if needed): one table a file, as Parquet
// holds one. Columns are named by the bracketed names of the CSV headers
// (the cell keys for the wide table's cells); the Chinese headers are in
// each file's key/value metadata under nianbao.headers. Unknown numbers
// are null. Each file is replaced atomically.
func (s *Store) WriteParquet(ctx context.Context, dir string, extra []cross.Finding) error {
	return s.writeTables(ctx, dir, extra, "parquet", writeParquet)
}

// writeParquet writes a table through a struct type made for its
// columns, which keeps them in the table's order (a parquet.Group would
// sort them by name).
func writeParquet(f *atomicfile.File, t *table) error {
	fields := make([]reflect.StructField, len(t.Columns))
	headers := make(map[string]string, len(t.Columns))
	for i, c := range t.Columns {
		var typ reflect.Type
		tag := c.Name
		switch c.Kind {
		case kString:
			typ = reflect.TypeFor[string]()
		case kInt:
			typ, tag = reflect.TypeFor[int64](), tag+",optional"
		case kFloat:
			typ = reflect.TypeFor[*float64]()
		}
		fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: typ, Tag: reflect.StructTag(`parquet:"` + tag + `"`)}
		headers[c.Name] = c.Zh
	}
	typ := reflect.StructOf(fields)
	meta, err := json.Marshal(headers)
	if err != nil {
		return err
	}
	schema := parquet.SchemaOf(reflect.New(typ).Interface())
	b := bufio.NewWriterSize(f, 1<<20)
	w := parquet.NewWriter(b, schema, parquet.CreatedBy("nianbao", "", ""), parquet.Compression(&zstd.Codec{}),
		parquet.KeyValueMetadata("nianbao.headers", string(meta)))
	row := reflect.New(typ)
	err = t.rows(func(vals []any) error {
		e := row.Elem()
		for i, v := range vals {
			e.Field(i).Set(reflect.ValueOf(v))
		}
		return w.Write(row.Interface())
	})
	if err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return b.Flush()
}
