package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/jsonl"
	"github.com/nianbao/nianbao/export/sarif"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/export/xlsx"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

func newFlags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

func checkLang(lang string) error {
	if lang != "zh" && lang != "en" {
		return usageError{fmt.Sprintf("--lang %q: want zh or en", lang)}
	}
	return nil
}

type checkCmd struct {
	env
	format, lang, failOn, list string
	xlsxPath, csvDir           string
	jsonlPath, sarifPath       string
	sheetLimit                 int
	maxBytes, maxUnzipped      int64
	maxPages, maxDepth         int
	maxEntries                 int
	jobs                       int
	quiet                      bool
	timeout                    time.Duration
}

// limitFlags declares the per-file limits; hostile files stop at them
// with a clear error naming the limit.
func limitFlags(fs *flag.FlagSet, maxBytes, maxUnzipped *int64, maxPages, maxDepth, maxEntries *int) {
	d := extract.DefaultLimits
	fs.Int64Var(maxBytes, "max-bytes", d.MaxBytes, "largest input file accepted, in bytes")
	fs.IntVar(maxPages, "max-pages", d.MaxPages, "PDF pages read at most")
	fs.IntVar(maxDepth, "max-depth", d.MaxDepth, "markup nesting depth at most (HTML, DOCX)")
	fs.Int64Var(maxUnzipped, "max-unzipped", d.MaxUnzipped, "total uncompressed size of a DOCX at most, in bytes")
	fs.IntVar(maxEntries, "max-entries", d.MaxEntries, "entries of a DOCX archive at most")
}

func (c *checkCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("check", c.env)
	fs.StringVar(&c.format, "format", "text", "output format: text or json")
	fs.StringVar(&c.lang, "lang", "zh", "message language: zh or en")
	fs.StringVar(&c.failOn, "fail-on", "error", "exit 1 when a finding has at least this severity: error, warning or info")
	limitFlags(fs, &c.maxBytes, &c.maxUnzipped, &c.maxPages, &c.maxDepth, &c.maxEntries)
	fs.StringVar(&c.list, "list", "", "read more input paths, one per line, from this file (- for standard input)")
	fs.IntVar(&c.jobs, "j", runtime.GOMAXPROCS(0), "files checked at once")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress bar")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, "give up on a file after this long (0: never)")
	fs.StringVar(&c.xlsxPath, "xlsx", "", "also write an Excel workbook (汇总, 问题清单, 数据, 错误文件, one sheet per report)")
	fs.IntVar(&c.sheetLimit, "sheets", xlsx.DefaultSheetLimit, "report sheets in the workbook at most (beyond it only reports with findings)")
	fs.StringVar(&c.csvDir, "csv", "", "also write the workbook's tables as CSV files (UTF-8 with BOM) into this folder")
	fs.StringVar(&c.jsonlPath, "jsonl", "", "also write one JSON line per report (model and findings) to this file")
	fs.StringVar(&c.sarifPath, "sarif", "", "also write SARIF 2.1.0 to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkLang(c.lang); err != nil {
		return err
	}
	threshold, err := validate.ParseSeverity(c.failOn)
	if err != nil {
		return usageError{"--fail-on: " + err.Error()}
	}
	if c.format != "text" && c.format != "json" {
		return usageError{fmt.Sprintf("--format %q: want text or json", c.format)}
	}
	if c.jobs < 1 {
		return usageError{"-j: want at least 1"}
	}
	inputs := fs.Args()
	if c.list != "" {
		more, err := c.readList()
		if err != nil {
			return err
		}
		inputs = append(inputs, more...)
	}
	if len(inputs) == 0 {
		return usageError{"no input files"}
	}
	paths, walkErrs := corpus.Expand(inputs)
	for _, e := range walkErrs {
		fmt.Fprintf(c.stderr, "nianbao check: %v\n", e)
	}
	if len(paths) == 0 {
		return fmt.Errorf("no report files found in %s", strings.Join(inputs, " "))
	}

	// Standard output is buffered so a failed write is one error, and
	// streamed as the batch goes; it closes last, after the files.
	out := bufio.NewWriterSize(c.stdout, 64<<10)
	var std export.Writer
	if c.format == "json" {
		std = export.Stream(export.NewJSONWriter(out, c.lang))
	} else {
		_, noColor := os.LookupEnv("NO_COLOR")
		std = export.Stream(export.NewTextWriter(out, export.TextOptions{Lang: c.lang, Color: !noColor && isTerminal(c.stdout)}))
	}
	files, err := c.openFiles()
	if err != nil {
		return err
	}
	w := export.Multi(append(files, std)...)
	bar := newProgress(c.stderr, len(paths), !c.quiet && isTerminal(c.stderr) && len(paths) > 1)
	failed, hit := 0, false
	lim := extract.Limits{MaxBytes: c.maxBytes, MaxPages: c.maxPages, MaxDepth: c.maxDepth, MaxUnzipped: c.maxUnzipped, MaxEntries: c.maxEntries}
	opts := corpus.Options{Limits: lim, Workers: c.jobs, Timeout: c.timeout}
	err = corpus.Stream(ctx, paths, opts, func(i int, r corpus.Result) error {
		if r.Err != nil {
			failed++
		}
		for _, f := range r.Findings {
			if f.Severity >= threshold {
				hit = true
			}
		}
		bar.tick()
		return w.Add(r)
	})
	bar.done()
	if err != nil {
		w.Abort()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	switch {
	case failed > 0:
		return fmt.Errorf("%d of %d files could not be processed", failed, len(paths))
	case hit:
		return errFindings
	}
	return nil
}

// openFiles creates the file outputs asked for; a folder that cannot be
// written fails here, before any report is read.
func (c *checkCmd) openFiles() ([]export.Writer, error) {
	var ws []export.Writer
	open := func(w export.Writer, err error) error {
		if err != nil {
			export.Multi(ws...).Abort()
			return err
		}
		ws = append(ws, w)
		return nil
	}
	if c.xlsxPath != "" {
		if err := open(xlsx.Create(c.xlsxPath, xlsx.Options{Lang: c.lang, SheetLimit: c.sheetLimit})); err != nil {
			return nil, err
		}
	}
	if c.csvDir != "" {
		if err := open(sheets.CreateCSV(c.csvDir, sheets.CSVOptions{Lang: c.lang})); err != nil {
			return nil, err
		}
	}
	if c.jsonlPath != "" {
		if err := open(jsonl.Create(c.jsonlPath, jsonl.Options{Lang: c.lang})); err != nil {
			return nil, err
		}
	}
	if c.sarifPath != "" {
		if err := open(sarif.Create(c.sarifPath, sarif.Options{Lang: c.lang})); err != nil {
			return nil, err
		}
	}
	return ws, nil
}

func (c *checkCmd) readList() ([]string, error) {
	if c.list == "-" {
		return corpus.ReadList(os.Stdin)
	}
	f, err := os.Open(c.list)
	if err != nil {
		return nil, usageError{"--list: " + err.Error()}
	}
	defer f.Close()
	return corpus.ReadList(f)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

type extractCmd struct {
	env
	format string
}

func (c *extractCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("extract", c.env)
	fs.StringVar(&c.format, "format", "json", "output format: json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if c.format != "json" {
		return usageError{fmt.Sprintf("--format %q: want json", c.format)}
	}
	if fs.NArg() != 1 {
		return usageError{"want exactly one input file"}
	}
	doc, err := input.Read(ctx, fs.Arg(0), extract.Limits{})
	if err != nil {
		return err
	}
	rep, err := normalize.Normalize(doc)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.WriteModel(&buf, rep); err != nil {
		return err
	}
	_, err = io.Copy(c.stdout, &buf)
	return err
}

type rulesCmd struct {
	env
	lang, format string
}

func (c *rulesCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("rules", c.env)
	fs.StringVar(&c.lang, "lang", "zh", "message language: zh or en")
	fs.StringVar(&c.format, "format", "text", "output format: text (one rule a line, tab-separated) or markdown (the README's table)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkLang(c.lang); err != nil {
		return err
	}
	switch c.format {
	case "text":
		for _, r := range validate.All {
			fmt.Fprintf(c.stdout, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title.In(c.lang))
		}
	case "markdown":
		_, err := io.WriteString(c.stdout, rulesMarkdown(c.lang))
		return err
	default:
		return usageError{fmt.Sprintf("--format %q: want text or markdown", c.format)}
	}
	return nil
}

// rulesMarkdown is the table of all rules that README.md shows: ID,
// severity and title, in the order of validate.All.
func rulesMarkdown(lang string) string {
	head := validate.Msg{Zh: "| 规则 | 级别 | 说明 |", En: "| Rule | Severity | Title |"}
	var b strings.Builder
	b.WriteString(head.In(lang) + "\n|---|---|---|\n")
	cell := strings.NewReplacer("|", `\|`, "\n", " ")
	for _, r := range validate.All {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.ID, r.Severity.Name().In(lang), cell.Replace(r.Title.In(lang)))
	}
	return b.String()
}

type explainCmd struct {
	env
	lang string
}

func (c *explainCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("explain", c.env)
	fs.StringVar(&c.lang, "lang", "zh", "message language: zh or en")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkLang(c.lang); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"want one rule ID, e.g. TB101"}
	}
	r := validate.Lookup(strings.ToUpper(fs.Arg(0)))
	if r == nil {
		return usageError{fmt.Sprintf("unknown rule %q (see nianbao rules)", fs.Arg(0))}
	}
	fmt.Fprintf(c.stdout, "%s %s (%s)\n\n%s\n", r.ID, r.Title.In(c.lang), r.Severity, r.Doc.In(c.lang))
	return nil
}

type benchCmd struct {
	env
	n, jobs  int
	seed     int64
	formats  string
	examples bool
	plain    bool
}

func (c *benchCmd) Run(ctx context.Context, args []string) error {
	fs := newFlags("bench", c.env)
	fs.IntVar(&c.n, "n", 100, "generated reports per format and per error kind")
	fs.Int64Var(&c.seed, "seed", 1, "random seed: the same seed gives the same reports and the same table (but reports/s)")
	fs.StringVar(&c.formats, "formats", strings.Join(gen.Formats, ","), "formats to render, comma-separated: text, html, docx, pdf (pdf needs LibreOffice Writer)")
	fs.IntVar(&c.jobs, "j", runtime.GOMAXPROCS(0), "reports checked at once")
	fs.BoolVar(&c.examples, "examples", false, "list examples of misses and false findings after the table")
	fs.BoolVar(&c.plain, "plain", false, "generate without the real-report variants (blank and dash cells, unfilled rows, real phrasings)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if c.n < 1 {
		return usageError{"-n: want at least 1"}
	}
	formats := strings.Split(c.formats, ",")
	for _, f := range formats {
		if !slices.Contains(gen.AllFormats, f) {
			return usageError{fmt.Sprintf("-formats: unknown format %q (have %s)", f, strings.Join(gen.AllFormats, ", "))}
		}
	}
	res, err := gen.Bench(ctx, gen.BenchOptions{Seed: c.seed, N: c.n, Formats: formats, Workers: c.jobs, Plain: c.plain})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := res.WriteTable(&buf); err != nil {
		return err
	}
	if c.examples {
		fmt.Fprintln(&buf, "\nMisses:")
		for _, m := range res.Misses {
			fmt.Fprintf(&buf, "- %+v\n", m)
		}
		fmt.Fprintln(&buf, "\nFalse findings on clean reports:")
		for _, m := range res.False {
			fmt.Fprintf(&buf, "- %+v\n", m)
		}
	}
	_, err = io.Copy(c.stdout, &buf)
	return err
}
