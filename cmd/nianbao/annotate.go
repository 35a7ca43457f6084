package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/export/annotate"
	"github.com/nianbao/nianbao/internal/display"
)

type annotateCmd struct {
	oneFile
	date  string
	track bool
}

func newAnnotateCmd(e env, l tr, lang *string) *cobra.Command {
	c := &annotateCmd{oneFile: oneFile{env: e, l: l, lang: lang}}
	cmd, fs := c.command("annotate", c.run, "写出的 DOCX `文件`（必填，写完才出现）", "the DOCX `FILE` to write (required; it appears only when complete)")
	fs.BoolVar(&c.track, "track-changes", false, l.t("把可自动应用的修改写成修订", "write the fixes that are safe to make as tracked changes"))
	fs.StringVar(&c.date, "date", "", l.t("批注和修订的日期（YYYY-MM-DD 或 RFC 3339；默认取 SOURCE_DATE_EPOCH，未设置则不写日期，输出逐字节可重复）", "date of the comments and changes (YYYY-MM-DD or RFC 3339; default SOURCE_DATE_EPOCH, else none, so that output is byte for byte repeatable)"))
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
	date, err := c.stamp()
	if err != nil {
		return err
	}
	path := args[0]
	src, res, err := c.check(cmd, l, "annotate", path)
	if err != nil {
		return err
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
	if err := writeFile(c.output, out); err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, l.t("nianbao annotate：写入 %s：%d 条批注，%d 处修订\n", "nianbao annotate: wrote %s: %d comments, %d tracked changes\n"), display.Escape(c.output), st.Comments, st.Changes)
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
