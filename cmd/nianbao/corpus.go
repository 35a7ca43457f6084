package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/store"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/atomicfile"
	"github.com/nianbao/nianbao/internal/display"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

// The corpus commands keep reports in a store (corpus/store): add puts
// checked reports in, check runs the cross-report rules over all of them,
// export writes the dataset, grep searches the sections' text.

func newCorpusCmd(e env, l tr, lang *string) *cobra.Command {
	cmd := l.command("corpus", &cobra.Command{
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Sprintf(l.t("未知命令 %q（见 nianbao corpus --help）", "unknown command %q (see nianbao corpus --help)"), "corpus "+args[0])}
			}
			writeHelp(e.stderr, l, cmd)
			return usageError{l.t("缺少命令：add、check、export 或 grep", "no command given: add, check, export or grep")}
		},
	})
	cmd.AddCommand(newCorpusAddCmd(e, l, lang), newCorpusCheckCmd(e, l, lang), newCorpusExportCmd(e, l), newCorpusGrepCmd(e, l))
	return cmd
}

func dbFlag(cmd *cobra.Command, db *string, l tr) {
	cmd.Flags().StringVar(db, "db", "", l.t("数据库`文件`（必需）", "the database `FILE` (required)"))
}

func needDB(l tr, db string) error {
	if db == "" {
		return usageError{l.t("须用 --db 给出数据库文件", "--db FILE is required")}
	}
	return nil
}

// addBatch is how many reports corpus add commits at once.
const addBatch = 32

type corpusAddCmd struct {
	env
	l        tr
	db       string
	jobs     int
	quiet    bool
	absolute bool
	timeout  time.Duration
	lim      extract.Limits
	rules    ruleFlags
}

func newCorpusAddCmd(e env, l tr, lang *string) *cobra.Command {
	c := &corpusAddCmd{env: e, l: l}
	cmd := l.command("corpus add", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.run(cmd.Context(), cmd, args)
		},
	})
	fs := cmd.Flags()
	dbFlag(cmd, &c.db, l)
	jobsFlag(fs, &c.jobs, l.t("同时检查的文件数", "files checked at once"))
	fs.BoolVarP(&c.quiet, "quiet", "q", false, l.t("不显示进度条", "no progress bar"))
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, l.t("单个文件超过此时长即放弃（0 为不限）", "give up on a file after this long (0: never)"))
	fs.BoolVar(&c.absolute, "absolute-paths", false, l.t("以完整路径存入（默认存相对于所给文件夹的路径）", "store full paths (by default, paths relative to the folder given)"))
	limitFlags(fs, l, &c.lim)
	c.rules.declare(fs, l)
	return cmd
}

func (c *corpusAddCmd) run(ctx context.Context, cmd *cobra.Command, args []string) error {
	l := c.l
	if err := needDB(l, c.db); err != nil {
		return err
	}
	if err := atLeast(l, cmd, "jobs", int64(c.jobs), 1); err != nil {
		return err
	}
	if err := checkLimits(l, cmd, c.lim); err != nil {
		return err
	}
	if len(args) == 0 {
		return usageError{l.t("没有给出要存入的文件或文件夹（见 nianbao corpus add --help）", "no input files or folders (see nianbao corpus add --help)")}
	}
	vo, _, err := c.rules.options(l, args)
	if err != nil {
		return err
	}
	paths, walkErrs := corpus.Expand(args)
	for _, e := range walkErrs {
		fmt.Fprintf(c.stderr, "nianbao corpus add: %s\n", display.Escape(e.Error()))
	}
	if len(paths) == 0 {
		return fmt.Errorf(l.t("在 %s 中没有找到报告文件", "no report files found in %s"), strings.Join(args, " "))
	}
	names := displayNames(args, paths, c.absolute)
	st, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()

	// An unchanged file is known by its hash alone: it is neither
	// extracted nor checked again.
	var todo []string
	unchanged := 0
	for _, p := range paths {
		sum, ok := store.FileSHA256(p, c.lim.MaxBytes)
		if ok {
			known, err := st.Known(ctx, names[p], sum)
			if err != nil {
				return err
			}
			if known {
				unchanged++
				continue
			}
		}
		todo = append(todo, p) // unreadable files fail in the pipeline, with its message
	}
	failed := 0
	bar := newProgress(c.stderr, len(todo), !c.quiet && isTerminal(c.stderr) && len(todo) > 1)
	opts, closeReaders := isolated(corpus.Options{Limits: c.lim, Workers: c.jobs, Timeout: c.timeout, Validate: vo,
		Name: func(p string) string { return names[p] }}, noOrigin)
	defer closeReaders()
	w := startWriter(ctx, st)
	if len(todo) > 0 {
		err = corpus.Stream(ctx, todo, opts, func(i int, r corpus.Result) error {
			defer bar.tick()
			if r.Err != nil {
				failed++
				fmt.Fprintf(c.stderr, "%s: %s: %s\n", display.Escape(r.Path), l.t("无法处理", "cannot process"), display.Escape(r.Err.Error()))
				return nil
			}
			return w.add(r)
		})
	}
	if werr := w.close(); werr != nil {
		err = werr // the cause, where Stream saw only that writing stopped
	}
	added, replaced, unchanged := w.added, w.replaced, unchanged+w.unchanged
	bar.done()
	total, _ := st.Count(ctx)
	fmt.Fprintf(c.stdout, l.t("%s：新增 %d，替换 %d，未变 %d，无法处理 %d（共 %d 个文件）；库中共 %d 份报告\n",
		"%s: %d added, %d replaced, %d unchanged, %d failed (%d files); %d reports stored\n"),
		c.db, added, replaced, unchanged, failed, len(paths), total)
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf(l.t("%d 个文件（共 %d 个）无法处理", "%d of %d files could not be processed"), failed, len(paths))
	}
	return nil
}

// writer stores checked reports on a goroutine of its own, a batch a
// transaction, so that checking goes on while a batch is written. The
// full-text index is flushed once a batch (a transaction a report costs
// the store about a third more), and a batch is as safe: a run killed
// half-way loses at most the batch, never half a report.
type writer struct {
	st   *store.Store
	in   chan corpus.Result
	stop chan struct{} // closed when a write failed
	done chan struct{}
	err  error
	// What the writes did; read after close.
	added, replaced, unchanged int
}

func startWriter(ctx context.Context, st *store.Store) *writer {
	w := &writer{st: st, in: make(chan corpus.Result, addBatch), stop: make(chan struct{}), done: make(chan struct{})}
	// An interrupt stops the checking, not the writing of what was
	// checked: a batch takes a fraction of a second.
	go w.run(context.WithoutCancel(ctx))
	return w
}

var errWriteStopped = errors.New("writing to the store stopped")

// add hands a checked report to the writer; it fails once a write did.
func (w *writer) add(r corpus.Result) error {
	select {
	case w.in <- r:
		return nil
	case <-w.stop:
		return errWriteStopped
	}
}

// close waits for the last batch and returns the error that stopped the
// writes, if one did.
func (w *writer) close() error {
	close(w.in)
	<-w.done
	return w.err
}

func (w *writer) run(ctx context.Context) {
	defer close(w.done)
	batch := make([]corpus.Result, 0, addBatch)
	flush := func() {
		if w.err == nil && len(batch) > 0 {
			chs, err := w.st.AddAll(ctx, batch)
			for _, ch := range chs {
				switch ch {
				case store.Added:
					w.added++
				case store.Replaced:
					w.replaced++
				default:
					w.unchanged++ // the same content reached the store meanwhile
				}
			}
			if err != nil {
				w.err = err
				close(w.stop)
			}
		}
		batch = batch[:0]
	}
	for r := range w.in {
		if batch = append(batch, r); len(batch) == addBatch {
			flush()
		}
	}
	flush()
}

type corpusCheckCmd struct {
	env
	l              tr
	lang           *string
	db             string
	format, failOn string
	rules          ruleFlags
}

func newCorpusCheckCmd(e env, l tr, lang *string) *cobra.Command {
	c := &corpusCheckCmd{env: e, l: l, lang: lang}
	cmd := l.command("corpus check", &cobra.Command{
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.run(cmd.Context())
		},
	})
	fs := cmd.Flags()
	dbFlag(cmd, &c.db, l)
	fs.Var(newEnum(&c.format, "text", "text", "json"), "format", l.t("输出格式", "output format"))
	fs.Var(newEnum(&c.failOn, "error", "error", "warning", "info"), "fail-on", l.t("有达到此级别的问题时退出码为 1", "exit 1 when a finding has at least this severity"))
	c.rules.declare(fs, l)
	return cmd
}

func (c *corpusCheckCmd) run(ctx context.Context) error {
	l := c.l
	if err := needDB(l, c.db); err != nil {
		return err
	}
	threshold, err := validate.ParseSeverity(c.failOn)
	if err != nil {
		return usageError{"--fail-on: " + err.Error()}
	}
	_, co, err := c.rules.options(l, []string{c.db})
	if err != nil {
		return err
	}
	st, reps, err := openReports(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	var fs []cross.Finding
	if len(co.Rules) > 0 {
		if fs, err = crossCheck(ctx, st, reps, co); err != nil {
			return err
		}
	}
	byPath := corpus.ByPath(fs)
	lang := *c.lang
	out := atomicfile.NewBuffered(c.stdout, "output")
	hit := false
	if c.format == "json" {
		doc := struct {
			Version int                 `json:"version"`
			Reports []export.JSONReport `json:"reports"`
		}{Version: export.Version, Reports: []export.JSONReport{}}
		for _, r := range reps {
			jr := export.JSONReport{Path: r.Path, Findings: []export.JSONFinding{}}
			for _, f := range byPath[r.Path] {
				hit = hit || f.Severity >= threshold
				jr.Findings = append(jr.Findings, jsonFinding(r, f, lang))
			}
			doc.Reports = append(doc.Reports, jr)
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(doc)
	} else {
		_, noColor := os.LookupEnv("NO_COLOR")
		tw := export.NewTextWriter(out, export.TextOptions{Lang: lang, Color: !noColor && isTerminal(c.stdout)})
		for _, r := range reps {
			res := export.Result{Path: r.Path}
			for _, f := range byPath[r.Path] {
				hit = hit || f.Severity >= threshold
				res.Findings = append(res.Findings, finding(r, f))
			}
			tw.Add(res)
		}
		err = tw.Close()
	}
	if err := out.Finish(err); err != nil {
		return err
	}
	if hit {
		return errFindings
	}
	return nil
}

// crossCheck runs the cross-report rules over the stored reports and
// puts a finding on a whole table where check puts it, at the table's
// start (cross.Check, which has no tables, names its first cell).
func crossCheck(ctx context.Context, st *store.Store, reps []*cross.Report, co cross.Options) ([]cross.Finding, error) {
	places, err := st.TablePlaces(ctx)
	if err != nil {
		return nil, err
	}
	fs := cross.Check(reps, co)
	for i, f := range fs {
		if p, ok := places[f.Path][f.Key]; ok {
			fs[i].Line, fs[i].Column, fs[i].Page = p.Line, p.Column, p.Page
		}
	}
	return fs, nil
}

// finding is a cross finding as the text writer takes it: placed by
// line and column, since a stored report has no text to hold spans.
func finding(r *cross.Report, f cross.Finding) validate.Finding {
	vf := validate.Finding{Rule: f.Rule, Severity: f.Severity, Key: f.Key, Section: f.Section, Message: f.Message,
		Pos: extract.Position{Path: f.Path, Line: f.Line, Column: f.Column, Page: f.Page}}
	if f.Key != "" {
		lb := normalize.KeyLabel(r.Template, f.Key)
		vf.Label = validate.Msg{Zh: lb.Zh, En: lb.En}
	}
	for _, rel := range f.Related {
		vf.Related = append(vf.Related, validate.Related{Path: rel.Path, Key: rel.Key, Line: rel.Line, Column: rel.Column, Page: rel.Page, Message: rel.Message})
	}
	return vf
}

// jsonFinding is a cross finding in the public JSON form of check's.
func jsonFinding(r *cross.Report, f cross.Finding, lang string) export.JSONFinding {
	vf := finding(r, f)
	jf := export.JSONFinding{Rule: f.Rule.ID, Severity: f.Severity.String(), Message: f.Message.In(lang),
		Line: f.Line, Column: f.Column, EndLine: f.Line, EndColumn: f.Column, Page: f.Page,
		Section: f.Section, Key: f.Key, Label: vf.Label.In(lang), Fixes: []export.JSONFix{}}
	for _, rel := range f.Related {
		jf.Related = append(jf.Related, export.JSONRelated{Message: rel.Message.In(lang), Line: rel.Line, Column: rel.Column, Key: rel.Key, Path: rel.Path, Page: rel.Page})
	}
	return jf
}

func newCorpusExportCmd(e env, l tr) *cobra.Command {
	var db, csvDir, xlsxPath, parquetDir string
	cmd := l.command("corpus export", &cobra.Command{
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := needDB(l, db); err != nil {
				return err
			}
			if csvDir == "" && xlsxPath == "" && parquetDir == "" {
				return usageError{l.t("须给出 --csv、--xlsx 或 --parquet", "want --csv, --xlsx or --parquet")}
			}
			st, reps, err := openReports(ctx, db)
			if err != nil {
				return err
			}
			defer st.Close()
			fs, err := crossCheck(ctx, st, reps, cross.Options{})
			if err != nil {
				return err
			}
			if csvDir != "" {
				if err := st.WriteCSV(ctx, csvDir, fs); err != nil {
					return err
				}
			}
			if xlsxPath != "" {
				if err := st.WriteXLSX(ctx, xlsxPath, fs); err != nil {
					return err
				}
			}
			if parquetDir != "" {
				if err := st.WriteParquet(ctx, parquetDir, fs); err != nil {
					return err
				}
			}
			return nil
		},
	})
	dbFlag(cmd, &db, l)
	fs := cmd.Flags()
	fs.StringVar(&csvDir, "csv", "", l.t("把 long.csv、wide.csv、findings.csv（UTF-8 带 BOM）写入`文件夹`", "write long.csv, wide.csv and findings.csv (UTF-8 with BOM) into this `DIR`"))
	fs.StringVar(&xlsxPath, "xlsx", "", l.t("写 Excel 工作簿`文件`（工作表 long、wide、findings）", "write an Excel workbook `FILE` (sheets long, wide, findings)"))
	fs.StringVar(&parquetDir, "parquet", "", l.t("把 long.parquet、wide.parquet、findings.parquet 写入`文件夹`", "write long.parquet, wide.parquet and findings.parquet into this `DIR`"))
	return cmd
}

func newCorpusGrepCmd(e env, l tr) *cobra.Command {
	var db, format string
	var limit int
	cmd := l.command("corpus grep", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := needDB(l, db); err != nil {
				return err
			}
			if len(args) != 1 || args[0] == "" {
				return usageError{l.t("须给出一段要查找的文本", "want one text to search for")}
			}
			if err := atLeast(l, cmd, "limit", int64(limit), 0); err != nil {
				return err
			}
			st, err := store.OpenExisting(ctx, db)
			if err != nil {
				return err
			}
			defer st.Close()
			hits, err := st.Grep(ctx, args[0], limit)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if format == "json" {
				if hits == nil {
					hits = []store.Hit{}
				}
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(struct {
					Version int         `json:"version"`
					Hits    []store.Hit `json:"hits"`
				}{export.Version, hits}); err != nil {
					return err
				}
			} else {
				for _, h := range hits {
					year := ""
					if h.Year > 0 {
						year = fmt.Sprintf(l.t("%d 年度 ", "%d "), h.Year)
					}
					fmt.Fprintf(&buf, "%s:%d: %s%s %s%s%s\n", h.Path, h.Line, year, h.Agency, sectionName(l, h.Section), l.t("：", ": "), h.Snippet)
				}
			}
			if _, err := io.Copy(e.stdout, &buf); err != nil {
				return err
			}
			if len(hits) == 0 {
				return errFindings
			}
			return nil
		},
	})
	dbFlag(cmd, &db, l)
	cmd.Flags().Var(newEnum(&format, "text", "text", "json"), "format", l.t("输出格式", "output format"))
	cmd.Flags().IntVar(&limit, "limit", 0, l.t("最多列出这么多处（0 为不限）", "list at most this many occurrences (0: all)"))
	return cmd
}

// sectionName names a section by its number and title in the template.
func sectionName(l tr, key string) string {
	for _, s := range normalize.Sections() {
		if s.Key == key {
			return l.t(s.Number+"、"+s.Heading, s.Key)
		}
	}
	return key
}

// storedReports are the reports of the store at db (none when db is "")
// that the batch does not hold: a file checked now wins over its stored
// version, which may be out of date.
func storedReports(ctx context.Context, db string, batch []string, names map[string]string) ([]*cross.Report, error) {
	if db == "" {
		return nil, nil
	}
	st, reps, err := openReports(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	checked := map[string]bool{}
	for _, p := range batch {
		checked[names[p]] = true
	}
	out := reps[:0]
	for _, r := range reps {
		if !checked[r.Path] {
			out = append(out, r)
		}
	}
	return out, nil
}

// openReports opens the store at db and reads its reports; the caller
// closes the store.
func openReports(ctx context.Context, db string) (*store.Store, []*cross.Report, error) {
	st, err := store.OpenExisting(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	reps, err := st.Reports(ctx)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, reps, nil
}
