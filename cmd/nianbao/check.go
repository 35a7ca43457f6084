package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/jsonl"
	"github.com/nianbao/nianbao/export/sarif"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/export/xlsx"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/atomicfile"
	"github.com/nianbao/nianbao/internal/display"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

type checkCmd struct {
	env
	l                    tr
	lang                 *string
	format, failOn, list string
	xlsxPath, csvDir     string
	output, db           string
	jsonlPath, sarifPath string
	sheetLimit           int
	lim                  extract.Limits
	jobs                 int
	quiet, absolute      bool
	timeout              time.Duration
	rules                ruleFlags
	review               reviewFlags
}

func newCheckCmd(e env, l tr, lang *string) *cobra.Command {
	c := &checkCmd{env: e, l: l, lang: lang}
	cmd := l.command("check", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.run(cmd.Context(), cmd, args)
		},
	})
	fs := cmd.Flags()
	fs.Var(newEnum(&c.format, "text", "text", "json"), "format", l.t("输出格式", "output format"))
	fs.Var(newEnum(&c.failOn, "error", "error", "warning", "info"), "fail-on", l.t("有达到此级别的问题时退出码为 1", "exit 1 when a finding has at least this severity"))
	jobsFlag(fs, &c.jobs, l.t("同时检查的文件数", "files checked at once"))
	fs.BoolVarP(&c.quiet, "quiet", "q", false, l.t("不显示进度条", "no progress bar"))
	fs.StringVarP(&c.output, "output", "o", "", l.t("把结果（text 或 json）写入`文件`而不是标准输出，写完才出现", "write the report (text or JSON) to `FILE` instead of standard output; it appears only when complete"))
	fs.StringVar(&c.list, "list", "", l.t("从`文件`读入更多路径，每行一个（- 为标准输入）", "read more input paths, one per line, from this `FILE` (- for standard input)"))
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, l.t("单个文件超过此时长即放弃（0 为不限）", "give up on a file after this long (0: never)"))
	fs.StringVar(&c.xlsxPath, "xlsx", "", l.t("另写 Excel 工作簿`文件`（汇总、问题清单、数据、错误文件，每份报告一张表）", "also write an Excel workbook (汇总, 问题清单, 数据, 错误文件, one sheet per report) to `FILE`"))
	fs.IntVar(&c.sheetLimit, "sheets", xlsx.DefaultSheetLimit, l.t("工作簿中报告工作表的上限（超过后只列有问题的报告）", "report sheets in the workbook at most (beyond it only reports with findings)"))
	fs.StringVar(&c.csvDir, "csv", "", l.t("另把工作簿的各表写成 CSV 文件（UTF-8 带 BOM）放入`文件夹`", "also write the workbook's tables as CSV files (UTF-8 with BOM) into this `DIR`"))
	fs.StringVar(&c.jsonlPath, "jsonl", "", l.t("另写 JSON Lines `文件`，每份报告一行（模型和问题）", "also write one JSON line per report (model and findings) to `FILE`"))
	fs.StringVar(&c.sarifPath, "sarif", "", l.t("另写 SARIF 2.1.0 `文件`", "also write SARIF 2.1.0 to `FILE`"))
	fs.BoolVar(&c.absolute, "absolute-paths", false, l.t("输出中写完整路径（默认写相对于所给文件夹的路径）", "write full paths in outputs (by default, paths relative to the folder given)"))
	fs.StringVar(&c.db, "db", "", l.t("跨报告规则也核对此数据库`文件`中的报告（见 nianbao corpus）", "the cross-report rules also see the reports stored in this database `FILE` (see nianbao corpus)"))
	limitFlags(fs, l, &c.lim)
	c.rules.declare(fs, l)
	c.review.declare(fs, l)
	return cmd
}

// jobsFlag declares -j/--jobs, and the hidden --j of the flag package days.
func jobsFlag(fs *pflag.FlagSet, jobs *int, usage string) {
	fs.IntVarP(jobs, "jobs", "j", runtime.GOMAXPROCS(0), usage)
	fs.IntVar(jobs, "j", runtime.GOMAXPROCS(0), usage)
	fs.Lookup("j").Hidden = true
}

// limitFlags declares the per-file limits; hostile files stop at them
// with a clear error naming the limit.
func limitFlags(fs *pflag.FlagSet, l tr, lim *extract.Limits) {
	d := extract.DefaultLimits
	fs.Int64Var(&lim.MaxBytes, "max-bytes", d.MaxBytes, l.t("接受的最大输入文件字节数", "largest input file accepted, in bytes"))
	fs.IntVar(&lim.MaxPages, "max-pages", d.MaxPages, l.t("PDF 最多读取的页数", "PDF pages read at most"))
	fs.IntVar(&lim.MaxDepth, "max-depth", d.MaxDepth, l.t("HTML、DOCX 标记的最大嵌套深度", "markup nesting depth at most (HTML, DOCX)"))
	fs.Int64Var(&lim.MaxUnzipped, "max-unzipped", d.MaxUnzipped, l.t("DOCX 解压后的总字节数上限", "total uncompressed size of a DOCX at most, in bytes"))
	fs.IntVar(&lim.MaxEntries, "max-entries", d.MaxEntries, l.t("DOCX 压缩包的条目数上限", "entries of a DOCX archive at most"))
	fs.Int64Var(&lim.MaxMemory, "max-memory", d.MaxMemory, l.t("整个运行可用的内存字节数，按 -j 分给同时读取的文件", "memory the whole run may use, in bytes, shared among the files read at once (-j)"))
}

// checkLimits refuses limits below one: zero or negative would refuse
// every file, which is never what was meant.
func checkLimits(l tr, cmd *cobra.Command, lim extract.Limits) error {
	for _, v := range []struct {
		name string
		v    int64
	}{{"max-bytes", lim.MaxBytes}, {"max-pages", int64(lim.MaxPages)}, {"max-depth", int64(lim.MaxDepth)}, {"max-unzipped", lim.MaxUnzipped}, {"max-entries", int64(lim.MaxEntries)}, {"max-memory", lim.MaxMemory}} {
		if err := atLeast(l, cmd, v.name, v.v, 1); err != nil {
			return err
		}
	}
	return nil
}

func (c *checkCmd) run(ctx context.Context, cmd *cobra.Command, args []string) error {
	l := c.l
	if err := atLeast(l, cmd, "jobs", int64(c.jobs), 1); err != nil {
		return err
	}
	if err := atLeast(l, cmd, "sheets", int64(c.sheetLimit), 0); err != nil {
		return err
	}
	if err := checkLimits(l, cmd, c.lim); err != nil {
		return err
	}
	threshold, err := validate.ParseSeverity(c.failOn)
	if err != nil {
		return usageError{"--fail-on: " + err.Error()}
	}
	inputs := args
	if c.list != "" {
		more, err := c.readList()
		if err != nil {
			return err
		}
		inputs = append(inputs, more...)
	}
	// A pipe with no files named is one report on standard input.
	if len(inputs) == 0 && c.stdinPiped && c.list != "-" {
		inputs = []string{"-"}
	}
	if len(inputs) == 0 {
		return usageError{l.t("没有给出要检查的文件（见 nianbao check --help）", "no input files (see nianbao check --help)")}
	}
	vo, co, err := c.rules.options(l, inputs)
	if err != nil {
		return err
	}

	var paths []string
	stdin := -1
	var files []string
	for _, in := range inputs {
		if in == "-" {
			if stdin < 0 {
				stdin = len(paths)
				paths = append(paths, "-")
			}
			continue
		}
		files = append(files, in)
	}
	expanded, skipped, walkErrs := corpus.ExpandSkipping(files)
	paths = append(paths, expanded...)
	if len(paths) == 0 && len(walkErrs) == 0 {
		return fmt.Errorf(l.t("在 %s 中没有找到报告文件", "no report files found in %s"), strings.Join(inputs, " "))
	}
	skippedPaths := make([]string, len(skipped))
	for i, sk := range skipped {
		skippedPaths[i] = sk.Path
	}
	names := displayNames(files, slices.Concat(walkPaths(walkErrs), expanded, skippedPaths), c.absolute)
	if !c.quiet {
		reportSkipped(c.stderr, l, skipped, names)
	}
	stored, err := storedReports(ctx, c.db, paths, names)
	if err != nil {
		return err
	}
	rv, err := c.review.open(paths, names)
	if err != nil {
		return err
	}

	// The report is buffered so a failed write is one error, and
	// streamed as the batch goes; it closes last, after the files. With
	// -o it goes to a file that appears only when complete.
	out := atomicfile.NewBuffered(c.stdout, "output")
	if c.output != "" {
		if out, err = atomicfile.CreateBuffered(c.output, "output"); err != nil {
			return err
		}
	}
	var std export.Writer
	if c.format == "json" {
		std = export.Stream(export.NewJSONWriterWith(out, export.JSONOptions{Lang: *c.lang, ShowIgnored: c.review.show}))
	} else {
		_, noColor := os.LookupEnv("NO_COLOR")
		color := !noColor && c.output == "" && isTerminal(c.stdout)
		std = export.Stream(export.NewTextWriter(out, export.TextOptions{Lang: *c.lang, Color: color, ShowIgnored: c.review.show}))
	}
	outs, err := c.openFiles()
	if err != nil {
		out.Abort()
		return err
	}
	rv.textOnly = c.format == "text" && len(outs) == 0
	// The files are written on a goroutine of their own (export.Async),
	// beside the reading of the results and the printing of the report.
	w := std
	if len(outs) > 0 {
		w = export.Multi(export.Async(export.Multi(outs...)), std)
	}
	batch := paths[max(0, stdin+1):]
	// The cross-report rules need every report before any is written: a
	// first pass checks each file, keeping its result on disk and a digest
	// of its report in memory (see corpus.CheckOnce).
	crossOn := len(co.Rules) > 0 && len(batch) > 0 && len(batch)+len(stored) > 1
	ticks := len(paths)
	if crossOn {
		ticks += len(batch)
	}
	bar := newProgress(c.stderr, ticks, !c.quiet && isTerminal(c.stderr) && len(paths) > 1)
	failed, hit := 0, false
	// No more readers than files: --max-memory is shared among the files
	// read at once, and one file alone may use all the readers' part.
	opts, closeReaders := isolated(corpus.Options{Limits: c.lim, Workers: min(c.jobs, max(1, len(paths))), Timeout: c.timeout, Validate: vo,
		Name: func(p string) string { return names[p] }}, noOrigin)
	defer closeReaders()
	var across map[string][]cross.Finding
	var checked *corpus.Checked
	if crossOn {
		checked, err = corpus.CheckOnce(ctx, batch, opts, bar.tick)
		if err != nil {
			w.Abort()
			out.Abort()
			return err
		}
		defer checked.Close()
		ds := checked.Digests()
		for _, r := range stored {
			ds = append(ds, r.Digest())
		}
		fs, err := cross.CheckDigests(ds, co)
		if err != nil {
			w.Abort()
			out.Abort()
			return err
		}
		across = corpus.ByPath(fs)
	}
	add := func(r corpus.Result) error {
		corpus.Attach(&r, across[r.Path])
		rv.apply(&r)
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
	}
	for _, r := range walkRows(walkErrs, names) {
		if err = add(r); err != nil {
			break
		}
	}
	if err == nil && stdin >= 0 {
		err = add(c.checkStdin(ctx, opts))
		paths = paths[1:]
	}
	each := func(i int, r corpus.Result) error { return add(r) }
	switch {
	case err != nil:
	case checked != nil:
		// The text output prints findings alone: a result comes back
		// from the spill without its report (the cost of reading it)
		// unless a review file or cross findings need it.
		var full func(path string) bool
		if c.format == "text" && len(outs) == 0 {
			full = func(path string) bool { return len(across[path]) > 0 || rv.file(path) != nil }
		}
		err = checked.EachLean(full, each)
	case len(paths) > 0:
		err = corpus.Stream(ctx, paths, opts, each)
	}
	bar.done()
	if err != nil {
		w.Abort()
		out.Abort()
		return err
	}
	if err := out.Finish(w.Close()); err != nil {
		return err
	}
	total := len(paths) + max(0, stdin+1) + len(walkErrs)
	switch {
	case failed > 0:
		return fmt.Errorf(l.t("%d 个文件（共 %d 个）无法处理", "%d of %d files could not be processed"), failed, total)
	case hit:
		return errFindings
	}
	return nil
}

// stdinName is how a report read from standard input is named.
const stdinName = "<stdin>"

// checkStdin reads one report from standard input, at most --max-bytes.
func (c *checkCmd) checkStdin(ctx context.Context, opts corpus.Options) corpus.Result {
	src, err := io.ReadAll(io.LimitReader(c.stdin, c.lim.MaxBytes+1))
	if err == nil && int64(len(src)) > c.lim.MaxBytes {
		err = fmt.Errorf("%w: more than %d bytes (see --max-bytes)", extract.ErrTooLarge, c.lim.MaxBytes)
	}
	if err != nil {
		return corpus.Result{Path: stdinName, Err: &extract.Error{Path: stdinName, Err: err}}
	}
	return corpus.CheckBytes(ctx, stdinName, src, opts)
}

// displayNames maps each file to the name outputs show: relative to the
// folder argument it was found in (a workbook mailed to an agency should
// not carry the layout of the machine that made it), as given for a file
// argument, or absolute with --absolute-paths. With several folders, each
// name starts with its folder's own name so that two a.pdf stay apart.
func displayNames(args, paths []string, absolute bool) map[string]string {
	names := make(map[string]string, len(paths))
	var dirs []string
	for _, a := range args {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			dirs = append(dirs, a)
		}
	}
	for _, p := range paths {
		names[p] = p
		if absolute {
			if abs, err := filepath.Abs(p); err == nil {
				names[p] = abs
			}
			continue
		}
		for _, d := range dirs {
			rel, err := filepath.Rel(d, p)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			if len(dirs) > 1 {
				rel = filepath.Join(filepath.Base(filepath.Clean(d)), rel)
			}
			names[p] = rel
			break
		}
	}
	return names
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
	lang := *c.lang
	if c.xlsxPath != "" {
		if err := open(xlsx.Create(c.xlsxPath, xlsx.Options{Lang: lang, SheetLimit: c.sheetLimit, ShowIgnored: c.review.show})); err != nil {
			return nil, err
		}
	}
	if c.csvDir != "" {
		if err := open(sheets.CreateCSV(c.csvDir, sheets.CSVOptions{Lang: lang, ShowIgnored: c.review.show})); err != nil {
			return nil, err
		}
	}
	if c.jsonlPath != "" {
		if err := open(jsonl.Create(c.jsonlPath, jsonl.Options{Lang: lang})); err != nil {
			return nil, err
		}
	}
	if c.sarifPath != "" {
		if err := open(sarif.Create(c.sarifPath, sarif.Options{Lang: lang, ToolVersion: version})); err != nil {
			return nil, err
		}
	}
	return ws, nil
}

func (c *checkCmd) readList() ([]string, error) {
	var paths []string
	var err error
	if c.list == "-" {
		paths, err = corpus.ReadList(c.stdin)
	} else {
		paths, err = corpus.ReadListFile(c.list)
	}
	if err != nil {
		return nil, usageError{fmt.Sprintf("--list %s: %v", c.list, err)}
	}
	return paths, nil
}

func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	st, err := file.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// reportSkipped tells on stderr which entries the folder walks passed
// over and why, so that no file leaves a batch unseen; --quiet keeps it
// silent. They are no error: a folder of reports often holds other files.
func reportSkipped(w io.Writer, l tr, skipped []corpus.Skip, names map[string]string) {
	for _, s := range skipped {
		why := l.t("不是报告的文件类型", "not a report's file type")
		switch s.Reason {
		case corpus.SkipHidden:
			why = l.t("隐藏的文件或文件夹", "a hidden file or folder")
		case corpus.SkipReadme:
			why = l.t("文件夹的说明文件，不是报告", "the folder's README or LICENSE, not a report")
		}
		fmt.Fprintf(w, l.t("nianbao check：跳过 %s：%s\n", "nianbao check: skipped %s: %s\n"), display.Escape(names[s.Path]), why)
	}
}
