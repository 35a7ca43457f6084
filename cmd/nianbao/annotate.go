package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export/annotate"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/atomicfile"
	"github.com/nianbao/nianbao/internal/display"
)

type annotateCmd struct {
	env
	l            tr
	lang         *string
	output, date string
	track        bool
	lim          extract.Limits
	rules        ruleFlags
}

func newAnnotateCmd(e env, l tr, lang *string) *cobra.Command {
	c := &annotateCmd{env: e, l: l, lang: lang}
	cmd := &cobra.Command{
		Use:   l.t("annotate [选项] 文件.docx -o 输出.docx", "annotate [flags] FILE.docx -o OUT.docx"),
		Short: l.t("把问题写成 Word 批注（可选修订），供编辑在 Word/WPS 中逐条处理", "write the findings into the Word file as comments (and tracked changes) for the editor"),
		Long: l.t(
			"检查一份 DOCX 报告，把每个问题写成批注（作者 nianbao，内容为问题说明和规则解释），锚定在问题所在的文字上；\n"+
				"--track-changes 另把每个可自动应用的修改写成修订（删除/插入），编辑可在 Word 或 WPS 中逐条接受或拒绝。\n"+
				"原文件不变；格式、表格、编号和其余内容保持原样。无法安全放置的批注或修订会报错，不会写出文件。",
			"Checks one DOCX report and writes each finding as a comment (author nianbao, the message and the rule's explanation) anchored on its text;\n"+
				"--track-changes also writes each fix that is safe to make as a tracked change (deletion and insertion) the editor accepts or rejects in Word or WPS.\n"+
				"The input is not changed; formatting, tables, numbering and everything else stay. A comment or change that cannot be placed safely is an error and nothing is written."),
		Example: "  nianbao annotate 报告.docx -o 报告-批注.docx\n  nianbao annotate 报告.docx -o 报告-修订.docx --track-changes",
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.run(cmd, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&c.output, "output", "o", "", l.t("写出的 DOCX `文件`（必填，写完才出现）", "the DOCX `FILE` to write (required; it appears only when complete)"))
	fs.BoolVar(&c.track, "track-changes", false, l.t("把可自动应用的修改写成修订", "write the fixes that are safe to make as tracked changes"))
	fs.StringVar(&c.date, "date", "", l.t("批注和修订的日期（YYYY-MM-DD 或 RFC 3339；默认取 SOURCE_DATE_EPOCH，未设置则不写日期，输出逐字节可重复）", "date of the comments and changes (YYYY-MM-DD or RFC 3339; default SOURCE_DATE_EPOCH, else none, so that output is byte for byte repeatable)"))
	limitFlags(fs, l, &c.lim)
	c.rules.declare(fs, l)
	return cmd
}

func (c *annotateCmd) run(cmd *cobra.Command, args []string) error {
	l := c.l
	if len(args) != 1 {
		return usageError{l.t("须给出一个 DOCX 文件", "want exactly one DOCX file")}
	}
	if c.output == "" {
		return usageError{l.t("须用 -o 给出输出文件", "-o OUT.docx is required")}
	}
	if err := checkLimits(l, cmd, c.lim); err != nil {
		return err
	}
	date, err := c.stamp()
	if err != nil {
		return err
	}
	path := args[0]
	set, err := c.rules.settings(l, args)
	if err != nil {
		return err
	}
	vo, _, err := set.options()
	if err != nil {
		return err
	}
	src, err := readLimited(path, c.lim.MaxBytes)
	if err != nil {
		return err
	}
	res := corpus.CheckBytes(cmd.Context(), path, src, corpus.Options{Limits: c.lim, Validate: vo})
	if res.Report == nil {
		return res.Err
	}
	if res.Err != nil {
		fmt.Fprintf(c.stderr, "nianbao annotate: %s\n", display.Escape(res.Err.Error()))
	}
	doc := res.Report.Doc
	if doc.Format != "docx" {
		return fmt.Errorf(l.t("%s 是 %s 文件：只能为 DOCX 写批注（文本和 HTML 可用 nianbao fix，PDF 和扫描件请修改原始文档）",
			"%s is a %s file: only a DOCX can be annotated (use nianbao fix for text and HTML; for PDF and scans, edit the source document)"), path, formatName(doc))
	}
	out, st, err := annotate.DOCX(cmd.Context(), src, doc, res.Findings, annotate.Options{Lang: *c.lang, TrackChanges: c.track, Date: date, Limit: c.lim})
	if err != nil {
		return err
	}
	f, err := atomicfile.Create(c.output)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(out); err != nil {
		return fmt.Errorf("write %s: %w", c.output, err)
	}
	if err := f.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, l.t("nianbao annotate：写入 %s：%d 条批注，%d 处修订\n", "nianbao annotate: wrote %s: %d comments, %d tracked changes\n"), c.output, st.Comments, st.Changes)
	return nil
}

// stamp is the date of the comments and changes: --date, else
// SOURCE_DATE_EPOCH (the reproducible-builds convention), else none.
func (c *annotateCmd) stamp() (time.Time, error) {
	if c.date == "" {
		if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return time.Time{}, usageError{"SOURCE_DATE_EPOCH: " + err.Error()}
			}
			return time.Unix(n, 0).UTC(), nil
		}
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, c.date); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usageError{fmt.Sprintf(c.l.t("--date 的值 %q 无效：应为 YYYY-MM-DD 或 RFC 3339", "--date: invalid value %q: want YYYY-MM-DD or RFC 3339"), c.date)}
}
