package main

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/export/xlsx"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

// Review decisions: check reads them (--review, or REPORT.review.json
// beside each report), "review set" records one from the command line and
// "review import" reads an office's 状态 and 审核说明 back from a workbook.
// The file format is documented in validate/review.

// reviewFlags are check's review flags.
type reviewFlags struct {
	path string // --review: one file for every report
	show bool   // --show-ignored
}

func (f *reviewFlags) declare(fs *pflag.FlagSet, l tr) {
	fs.StringVar(&f.path, "review", "", l.t(
		"审核记录`文件`（默认用每份报告旁的 报告文件名.review.json）；其中标为非错误的问题不再列出、不计入退出码",
		"review `FILE` (default: REPORT.review.json beside each report); findings it dismisses are not listed nor counted in the exit code"))
	fs.BoolVar(&f.show, "show-ignored", false, l.t(
		"仍列出审核记录中标为非错误的问题及理由（不计入）",
		"list the findings a review dismissed too, with the reasons (not counted)"))
}

// reviewer applies the review files of a run to its results.
type reviewer struct {
	shared *review.File            // --review
	beside map[string]*review.File // by the name results show
	// textOnly says the run writes the text output alone, which shows
	// no fingerprint: a report without a review file keeps its findings
	// as they are, and no fingerprint is taken.
	textOnly bool
}

// open reads the review files of a run before any report is checked, so
// that a damaged one stops the run at once: the --review file, or the
// file beside each report that has one.
func (f *reviewFlags) open(paths []string, names map[string]string) (*reviewer, error) {
	if f.path != "" {
		file, err := review.Load(f.path)
		if err != nil {
			return nil, err
		}
		return &reviewer{shared: file}, nil
	}
	rv := &reviewer{beside: map[string]*review.File{}}
	for _, p := range paths {
		if p == "-" {
			continue
		}
		if _, err := os.Stat(review.Beside(p)); err != nil {
			continue
		}
		file, err := review.LoadBeside(p)
		if err != nil {
			return nil, err
		}
		name := names[p]
		if name == "" {
			name = p
		}
		rv.beside[name] = file
	}
	return rv, nil
}

// apply moves the findings r's review dismisses out of its count (see
// export.ApplyReview). A report with no review file gets its findings'
// fingerprints, once for every output, unless the text output, which
// shows none, is the only one (taking them was 1% of the CPU of checking
// a 5-page PDF, and its first use builds a table of x/text/unicode/norm).
func (rv *reviewer) apply(r *corpus.Result) {
	if r.Report == nil {
		return
	}
	file := rv.file(r.Path)
	if file == nil && rv.textOnly {
		return // what ApplyReview would give, less the fingerprints
	}
	export.ApplyReview(r, file)
}

// file is the review file that applies to the report named path, or nil.
func (rv *reviewer) file(path string) *review.File {
	if rv.shared != nil {
		return rv.shared
	}
	return rv.beside[path]
}

func newReviewCmd(e env, l tr) *cobra.Command {
	cmd := l.command("review", &cobra.Command{
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			writeHelp(e.stderr, l, cmd)
			if len(args) > 0 {
				return usageError{fmt.Sprintf(l.t("未知命令 %q（见 nianbao review --help）", "unknown command %q (see nianbao review --help)"), args[0])}
			}
			return usageError{l.t("缺少命令：set 或 import", "no command given: set or import")}
		},
	})
	cmd.AddCommand(newReviewSetCmd(e, l), newReviewImportCmd(e, l))
	return cmd
}

// reviewWho is who a decision is recorded as when --who is not given:
// the user running the command.
func reviewWho() string {
	if u, err := user.Current(); err == nil {
		if u.Name != "" {
			return u.Name
		}
		return u.Username
	}
	return os.Getenv("USER")
}

func reviewNow() string { return time.Now().UTC().Truncate(time.Second).Format(time.RFC3339) }

// target is a review file being changed.
type target struct {
	path string
	file *review.File
}

// loadTarget reads the review file that decisions on report go to: the
// --review file, else the one beside report.
func loadTarget(shared, report string) (target, error) {
	if shared != "" {
		f, err := review.Load(shared)
		return target{shared, f}, err
	}
	f, err := review.LoadBeside(report)
	return target{review.Beside(report), f}, err
}

func newReviewSetCmd(e env, l tr) *cobra.Command {
	var (
		fp, rule, key, status, reason, who, shared string
		line, column                               int
	)
	cmd := l.command("review set", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || args[0] == "-" {
				return usageError{l.t("须给出一个报告文件", "want exactly one report file")}
			}
			report := args[0]
			st, err := review.ParseStatus(status)
			if err != nil {
				return usageError{"--status: " + err.Error()}
			}
			if st == review.Dismissed && strings.TrimSpace(reason) == "" {
				return usageError{l.t("标为非错误（dismissed）须用 --reason 写明理由", "a dismissed finding needs a --reason")}
			}
			if fp == "" && rule == "" {
				return usageError{l.t("须给出 --fingerprint，或 --rule（可加 --line、--column、--key）", "want --fingerprint, or --rule (with --line, --column, --key)")}
			}
			set, err := (&ruleFlags{}).settings(l, []string{report})
			if err != nil {
				return err
			}
			vo, _, err := set.options()
			if err != nil {
				return err
			}
			res := corpus.CheckFile(cmd.Context(), report, corpus.Options{Limits: extract.DefaultLimits, Validate: vo})
			if res.Report == nil {
				return res.Err
			}
			ds := export.Decisions(res)
			var picked []int
			for i, f := range res.Findings {
				switch {
				case fp != "" && ds[i].Fingerprint != fp,
					rule != "" && !strings.EqualFold(f.Rule.ID, rule),
					line > 0 && f.Pos.Line != line,
					column > 0 && f.Pos.Column != column,
					key != "" && f.Key != key:
					continue
				}
				picked = append(picked, i)
			}
			if who == "" {
				who = reviewWho()
			}
			entry := review.Entry{Fingerprint: fp, Report: report, Status: st, Reason: strings.TrimSpace(reason), Who: who, When: reviewNow()}
			switch {
			case len(picked) == 1:
				f := res.Findings[picked[0]]
				entry.Fingerprint, entry.Rule, entry.Hint = ds[picked[0]].Fingerprint, f.Rule.ID, review.HintOf(res.Report, f)
			case len(picked) == 0 && fp != "" && rule == "" && line == 0 && column == 0 && key == "":
				// A finding this file alone does not give (a cross-report
				// one, say) can still be recorded by its fingerprint.
				if !review.IsFingerprint(fp) {
					return usageError{fmt.Sprintf(l.t("--fingerprint %q 不是 nianbao 的指纹（如 NM101:5c0f3d9a1b2e4f60）", "--fingerprint %q is not a nianbao fingerprint (e.g. NM101:5c0f3d9a1b2e4f60)"), fp)}
				}
				entry.Rule, _, _ = strings.Cut(fp, ":")
				fmt.Fprintf(e.stderr, l.t("nianbao review set：%s 现在没有这个问题（跨报告问题？），仍然记录\n", "nianbao review set: %s has no such finding now (a cross-report one?); recorded anyway\n"), report)
			default:
				return noSingleFinding(l, report, res.Findings, ds, picked)
			}
			t, err := loadTarget(shared, report)
			if err != nil {
				return err
			}
			t.file.Set(entry)
			if err := t.file.Save(t.path); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, l.t("%s：%s %s → %s\n", "%s: %s %s → %s\n"), t.path, entry.Fingerprint, st.Name().In(string(l)), statusNote(l, entry.Reason))
			return nil
		},
	})
	fs := cmd.Flags()
	fs.StringVar(&fp, "fingerprint", "", l.t("问题的`指纹`（check --format json 的 fingerprint）", "the finding's `FINGERPRINT` (fingerprint in check --format json)"))
	fs.StringVar(&rule, "rule", "", l.t("问题的`规则`，如 NM101", "the finding's `RULE`, e.g. NM101"))
	fs.IntVar(&line, "line", 0, l.t("问题所在行", "the finding's line"))
	fs.IntVar(&column, "column", 0, l.t("问题所在列", "the finding's column"))
	fs.StringVar(&key, "key", "", l.t("问题所在单元格的规范`键`", "the canonical cell `KEY` of the finding"))
	fs.StringVar(&status, "status", string(review.Dismissed), l.t("结论：dismissed（非错误）、confirmed（已确认）、fixed（已修正）、pending（删除记录）", "decision: dismissed, confirmed, fixed, or pending (remove it)"))
	fs.StringVar(&reason, "reason", "", l.t("理由（非错误时必填）", "the reason (required to dismiss)"))
	fs.StringVar(&who, "who", "", l.t("记录人（默认为当前用户）", "who decided (default: the current user)"))
	fs.StringVar(&shared, "review", "", l.t("写入此审核记录`文件`（默认为报告旁的 报告文件名.review.json）", "write to this review `FILE` (default: REPORT.review.json beside the report)"))
	return cmd
}

func statusNote(l tr, reason string) string {
	if reason == "" {
		return l.t("已记录", "recorded")
	}
	return reason
}

// noSingleFinding explains why set picked no finding or more than one,
// listing the candidates.
func noSingleFinding(l tr, report string, fs []validate.Finding, ds []review.Decision, picked []int) error {
	var b strings.Builder
	if len(picked) == 0 {
		fmt.Fprintf(&b, l.t("%s 中没有符合条件的问题", "no finding of %s matches"), report)
		for i := range fs {
			picked = append(picked, i)
		}
		if len(picked) > 0 {
			b.WriteString(l.t("；现有问题：", "; its findings:"))
		}
	} else {
		fmt.Fprintf(&b, l.t("%s 中有 %d 个问题符合条件，请用 --line、--column、--key 或 --fingerprint 选出一个：", "%[2]d findings of %[1]s match; pick one with --line, --column, --key or --fingerprint:"), report, len(picked))
	}
	for _, i := range picked {
		f := fs[i]
		fmt.Fprintf(&b, "\n  %d:%d %s %s %s", f.Pos.Line, f.Pos.Column, f.Rule.ID, ds[i].Fingerprint, f.Message.In(string(l)))
	}
	return errors.New(b.String())
}

func newReviewImportCmd(e env, l tr) *cobra.Command {
	var who, shared string
	cmd := l.command("review import", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 {
				return usageError{l.t("须给出工作簿文件", "want a workbook file")}
			}
			return importReview(e, l, args[0], args[1:], shared, who, cmd.Flags().Changed("who"))
		},
	})
	fs := cmd.Flags()
	fs.StringVar(&who, "who", "", l.t("记录人（默认取工作簿的“最后修改者”，否则为当前用户）", "who decided (default: the workbook's last-modified-by, else the current user)"))
	fs.StringVar(&shared, "review", "", l.t("全部写入此审核记录`文件`", "write every decision to this review `FILE`"))
	return cmd
}

func importReview(e env, l tr, workbook string, roots []string, shared, who string, whoGiven bool) error {
	wb, err := xlsx.ReadReview(workbook)
	if errors.Is(err, xlsx.ErrNoReviewSheet) {
		return fmt.Errorf(l.t("%s：没有找到带“状态”“指纹”两列的“问题清单”", "%s: no 问题清单 sheet with 状态 and 指纹 columns"), workbook)
	}
	if err != nil {
		return err
	}
	if !whoGiven {
		who = wb.Editor
		if who == "" {
			who = reviewWho()
		}
	}
	var problems []string
	for _, p := range wb.Problems {
		problems = append(problems, rowProblem(l, p))
	}
	now := reviewNow()
	targets := map[string]*target{}
	counts := map[string][]review.Status{} // the statuses set, by review file
	var order []string
	for _, d := range wb.Decisions {
		path := shared
		if path == "" {
			report, err := findReport(d.Report, roots)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s!%d: %v", d.Sheet, d.Row, err))
				continue
			}
			path = review.Beside(report)
		}
		t := targets[path]
		if t == nil {
			loaded, err := loadTarget(shared, strings.TrimSuffix(path, review.Suffix))
			if err != nil {
				return err
			}
			t = &loaded
			targets[path] = t
			order = append(order, path)
		}
		entry := d.Entry
		entry.Report, entry.Who, entry.When = d.Report, who, now
		// An unchanged decision keeps its who and when (see review.File.Set).
		if t.file.Set(entry) {
			counts[path] = append(counts[path], entry.Status)
		}
	}
	if len(problems) > 0 {
		const most = 20
		msg := strings.Join(problems[:min(most, len(problems))], "\n  ")
		if len(problems) > most {
			msg += fmt.Sprintf(l.t("\n  ……另有 %d 处", "\n  … %d more"), len(problems)-most)
		}
		return fmt.Errorf(l.t("%s：%d 行无法导入，未写入任何文件：\n  %s", "%s: %d rows cannot be imported; no file written:\n  %s"), workbook, len(problems), msg)
	}
	sort.Strings(order)
	for _, path := range order {
		if len(counts[path]) == 0 {
			continue
		}
		if err := targets[path].file.Save(path); err != nil {
			return err
		}
	}
	for _, path := range order {
		fmt.Fprintf(e.stdout, "%s: %s\n", path, tally(l, counts[path]))
	}
	return nil
}

// rowProblem says in the help language why a workbook row was refused.
func rowProblem(l tr, p *xlsx.RowError) string {
	where := fmt.Sprintf("%s!%d", p.Sheet, p.Row)
	switch {
	case errors.Is(p, xlsx.ErrFingerprint):
		return fmt.Sprintf(l.t("%s：指纹“%s”不是 nianbao 写的", "%s: fingerprint %q is not one nianbao writes"), where, p.Value)
	case errors.Is(p, xlsx.ErrStatus):
		return fmt.Sprintf(l.t("%s：状态“%s”无效，须为 %s 之一", "%s: 状态 %q must be one of %s"), where, p.Value, strings.Join(sheets.ReviewStatuses(), l.t("、", ", ")))
	case errors.Is(p, xlsx.ErrNoReason):
		return fmt.Sprintf(l.t("%s：标为非错误须在“审核说明”中写明理由", "%s: 非错误 needs a reason in 审核说明"), where)
	}
	return p.Error()
}

// tally says in a phrase what changed in one file.
func tally(l tr, sts []review.Status) string {
	if len(sts) == 0 {
		return l.t("无变化", "unchanged")
	}
	n := map[review.Status]int{}
	for _, s := range sts {
		n[s]++
	}
	var parts []string
	for _, s := range review.Statuses {
		if n[s] == 0 {
			continue
		}
		name := s.Name().In(string(l))
		if s == review.Pending {
			name = l.t("撤销", "cleared")
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, n[s]))
	}
	return strings.Join(parts, l.t("，", ", "))
}

// findReport finds the report a workbook row names: the name as check
// showed it, relative to one of the folders or files checked (roots), or
// to the current folder when none is given. With several folders check
// starts each name with its folder's name, so the folder's parent is
// tried too.
func findReport(name string, roots []string) (string, error) {
	if name == "" || name == stdinName {
		return "", fmt.Errorf("no report file for %q (use --review FILE)", name)
	}
	var cands []string
	if len(roots) == 0 || filepath.IsAbs(name) {
		cands = append(cands, name)
	}
	for _, root := range roots {
		st, err := os.Stat(root)
		switch {
		case err != nil:
			continue
		case st.IsDir():
			cands = append(cands, filepath.Join(root, name), filepath.Join(filepath.Dir(filepath.Clean(root)), name))
		case filepath.Clean(root) == filepath.Clean(name) || filepath.Base(root) == filepath.Base(name):
			cands = append(cands, root)
		}
	}
	for _, c := range cands {
		if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
			return c, nil
		}
	}
	return "", fmt.Errorf("report %q not found (give the files or folders that were checked after the workbook)", name)
}
