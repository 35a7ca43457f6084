package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

func newExtractCmd(e env, l tr) *cobra.Command {
	var format string
	var lim extract.Limits
	cmd := l.command("extract", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{l.t("须给出一个文件", "want exactly one input file")}
			}
			if err := checkLimits(l, cmd, lim); err != nil {
				return err
			}
			opts, closeReaders := isolated(corpus.Options{Limits: lim, Workers: 1}, withOrigin)
			defer closeReaders()
			doc, err := opts.Read(cmd.Context(), args[0], args[0], opts.Limits)
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
			_, err = io.Copy(e.stdout, &buf)
			return err
		},
	})
	cmd.Flags().Var(newEnum(&format, "json", "json"), "format", l.t("输出格式", "output format"))
	limitFlags(cmd.Flags(), l, &lim)
	return cmd
}

func newRulesCmd(e env, l tr, lang *string) *cobra.Command {
	var format string
	cmd := l.command("rules", &cobra.Command{
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format == "markdown" {
				_, err := io.WriteString(e.stdout, rulesMarkdown(*lang))
				return err
			}
			for _, r := range validate.Rules() {
				fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title.In(*lang))
			}
			return nil
		},
	})
	cmd.Flags().Var(newEnum(&format, "text", "text", "markdown"), "format", l.t("输出格式：text 每行一条规则（制表符分隔），markdown 为 README 中的表格", "output format: text (one rule a line, tab-separated) or markdown (the README's table)"))
	return cmd
}

// rulesMarkdown is the table of all rules that README.md shows: ID,
// severity and title, in the order of validate.Rules.
func rulesMarkdown(lang string) string {
	head := validate.Msg{Zh: "| 规则 | 级别 | 说明 |", En: "| Rule | Severity | Title |"}
	var b strings.Builder
	b.WriteString(head.In(lang) + "\n|---|---|---|\n")
	cell := strings.NewReplacer("|", `\|`, "\n", " ")
	for _, r := range validate.Rules() {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.ID, r.Severity.Name().In(lang), cell.Replace(r.Title.In(lang)))
	}
	return b.String()
}

func newExplainCmd(e env, l tr, lang *string) *cobra.Command {
	return l.command("explain", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{l.t("须给出一个规则编号，如 TB101", "want one rule ID, e.g. TB101")}
			}
			r := validate.Lookup(strings.ToUpper(args[0]))
			if r == nil {
				return usageError{fmt.Sprintf(l.t("没有规则 %q（见 nianbao rules）", "unknown rule %q (see nianbao rules)"), args[0])}
			}
			fmt.Fprintf(e.stdout, "%s %s (%s)\n\n%s\n", r.ID, r.Title.In(*lang), r.Severity, r.Doc.In(*lang))
			return nil
		},
	})
}

func newBenchCmd(e env, l tr) *cobra.Command {
	var (
		n, jobs         int
		seed            int64
		formats         string
		examples, plain bool
	)
	cmd := l.command("bench", &cobra.Command{
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fs, err := genFlags(l, cmd, n, jobs, formats)
			if err != nil {
				return err
			}
			res, err := gen.Bench(cmd.Context(), gen.BenchOptions{Seed: seed, N: n, Formats: fs, Workers: jobs, Plain: plain})
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := res.WriteTable(&buf); err != nil {
				return err
			}
			if examples {
				printList(&buf, "Misses", res.Misses)
				printList(&buf, "False findings on clean reports", res.False)
				printList(&buf, "Cross-report misses", res.CrossMisses)
				printList(&buf, "Cross-report findings not explained (false on the consistent batch)", res.CrossFalse)
			}
			_, err = io.Copy(e.stdout, &buf)
			return err
		},
	})
	fs := cmd.Flags()
	fs.IntVarP(&n, "n", "n", 100, l.t("每种格式、每类错误生成的报告数", "generated reports per format and per error kind"))
	fs.Int64Var(&seed, "seed", 1, l.t("随机种子", "random seed"))
	fs.StringVar(&formats, "formats", strings.Join(gen.Formats, ","), l.t("生成的格式，逗号分隔：text、html、docx、pdf（pdf 需要 LibreOffice Writer）", "formats to render, comma-separated: text, html, docx, pdf (pdf needs LibreOffice Writer)"))
	jobsFlag(fs, &jobs, l.t("同时检查的报告数", "reports checked at once"))
	fs.BoolVar(&examples, "examples", false, l.t("在表后列出漏报和误报的例子", "list examples of misses and false findings after the table"))
	fs.BoolVar(&plain, "plain", false, l.t("不加真实报告的变体（空白和短横单元格、整行未填、真实措辞）", "generate without the real-report variants (blank and dash cells, unfilled rows, real phrasings)"))
	return cmd
}

// genFlags checks the flags bench and gen share, -n and -j at least 1,
// and parses --formats: renderer names, comma-separated.
func genFlags(l tr, cmd *cobra.Command, n, jobs int, formats string) ([]string, error) {
	if err := atLeast(l, cmd, "n", int64(n), 1); err != nil {
		return nil, err
	}
	if err := atLeast(l, cmd, "jobs", int64(jobs), 1); err != nil {
		return nil, err
	}
	fs := strings.Split(formats, ",")
	for _, f := range fs {
		if !slices.Contains(gen.AllFormats, f) {
			return nil, usageError{fmt.Sprintf(l.t("--formats 的值 %q 无效：可选 %s", "--formats: invalid value %q: one of %s"), f, strings.Join(gen.AllFormats, ", "))}
		}
	}
	return fs, nil
}

func newGenCmd(e env, l tr) *cobra.Command {
	var (
		n, jobs         int
		seed            int64
		formats, errors string
	)
	cmd := l.command("gen", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{l.t("须给出一个输出文件夹", "want exactly one output folder")}
			}
			fs, err := genFlags(l, cmd, n, jobs, formats)
			if err != nil {
				return err
			}
			var kinds []gen.ErrorKind
			if errors != "" {
				for _, name := range strings.Split(errors, ",") {
					if name == "all" {
						kinds = append(kinds, gen.ErrorKinds...)
						continue
					}
					k, ok := gen.ErrorKindNamed(name)
					if !ok {
						var all []string
						for _, k := range gen.ErrorKinds {
							all = append(all, k.Slug())
						}
						return usageError{fmt.Sprintf(l.t("--errors 的值 %q 无效：可选 all、%s", "--errors: invalid value %q: one of all, %s"), name, strings.Join(all, l.t("、", ", ")))}
					}
					kinds = append(kinds, k)
				}
			}
			truth, err := gen.WriteSet(cmd.Context(), args[0], gen.SetOptions{Seed: seed, N: n, Formats: fs, Errors: kinds, Workers: jobs})
			if err != nil {
				return err
			}
			planted := 0
			for _, t := range truth {
				if t.Error != nil {
					planted++
				}
			}
			fmt.Fprintf(e.stderr, l.t("已写出 %d 份报告（%d 份有错误）和 %s\n", "wrote %d reports (%d with an error) and %s\n"), len(truth), planted, filepath.Join(args[0], "truth.jsonl"))
			return nil
		},
	})
	fs := cmd.Flags()
	fs.IntVarP(&n, "n", "n", 100, l.t("生成的报告数（各格式轮流）", "reports to write (the formats take turns)"))
	fs.Int64Var(&seed, "seed", 1, l.t("随机种子", "random seed"))
	fs.StringVar(&formats, "formats", strings.Join(gen.Formats, ","), l.t("生成的格式，逗号分隔：text、html、docx、pdf（pdf 需要 LibreOffice Writer）", "formats to render, comma-separated: text, html, docx, pdf (pdf needs LibreOffice Writer)"))
	fs.StringVar(&errors, "errors", "", l.t("轮流注入的错误类别，逗号分隔（all 为全部）；不给则全部为干净报告", "error kinds planted in turn, comma-separated (all for every kind); none: every report clean"))
	jobsFlag(fs, &jobs, l.t("同时生成的报告数", "reports made at once"))
	return cmd
}

// version is the release; a build from a tag sets it with
// -ldflags "-X main.version=v1.2.3", and "go install …@v1.2.3" through the
// module's build info.
var (
	version = "0.1.0-dev"
	commit  = "" // set with -ldflags "-X main.commit=…" where VCS stamping is off
)

// buildFacts are the five facts of nianbao version: what a user quotes in
// a bug report and an office in a ruling.
func buildFacts() (ver, rev, goVersion string) {
	ver, rev, goVersion = version, commit, runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			ver = v
		}
		var modified bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && rev != "" {
			rev += "+dirty"
		}
	}
	if rev == "" {
		rev = "unknown"
	}
	return ver, rev, goVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
}

func versionLine() string {
	ver, rev, goV := buildFacts()
	return fmt.Sprintf("nianbao %s\ncommit: %s\ngo: %s\nrules: %s\ndivisions: %s\n", ver, rev, goV, validate.RulesVersion(), names.DataDates)
}

func newVersionCmd(e env, l tr) *cobra.Command {
	return l.command("version", &cobra.Command{
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := io.WriteString(e.stdout, versionLine())
			return err
		},
	})
}

// printList writes one titled bullet list of bench examples.
func printList[T any](w io.Writer, title string, xs []T) {
	fmt.Fprintf(w, "\n%s:\n", title)
	for _, x := range xs {
		fmt.Fprintf(w, "- %+v\n", x)
	}
}
