package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export/fix"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/atomicfile"
	"github.com/nianbao/nianbao/internal/display"
)

type fixCmd struct {
	env
	l      tr
	lang   *string
	output string
	dryRun bool
	lim    extract.Limits
	rules  ruleFlags
}

func newFixCmd(e env, l tr, lang *string) *cobra.Command {
	c := &fixCmd{env: e, l: l, lang: lang}
	cmd := &cobra.Command{
		Use:   l.t("fix [选项] 文件", "fix [flags] FILE"),
		Short: l.t("自动改正有把握的问题（地名错字、表格标签），输出修改对照", "make the fixes that are certain (place-name typos, table labels) and print the diff"),
		Long: l.t(
			"检查一份报告，只应用规则标为可自动应用且唯一的修改建议（如“溜川”→“淄川”、表格标签措辞），并以统一差异格式（unified diff）列出修改。\n"+
				"-o 把改好的文件原子写入`文件`（可与原文件相同），格式与原文件相同：文本文件保留编码（GBK 仍为 GBK）和换行符，HTML 只改受影响的文字，DOCX 只改 word/document.xml 中文字所在的 run，其余内容逐字节不变。\n"+
				"不给 -o 或给出 --dry-run 时只显示修改、不写文件。PDF 和扫描件无法直接修改：请修改原始文件，或对 DOCX 用 nianbao annotate 写入批注。",
			"Checks one report and makes only the fixes a rule marks auto-applicable and unique (溜川 → 淄川, a table label's wording), printing them as a unified diff.\n"+
				"-o writes the corrected file atomically (it may be the input itself) in the input's format: a text file keeps its encoding (GBK stays GBK) and line ends, HTML changes only the text edited, DOCX only the runs of word/document.xml that hold it; every other byte stays.\n"+
				"Without -o, or with --dry-run, it only prints the diff. PDF and scans cannot be edited: edit the source document, or put the findings into a DOCX as comments with nianbao annotate."),
		Example: "  nianbao fix 报告.txt\n  nianbao fix 报告.docx -o 报告-改.docx\n  nianbao fix 报告.html --rules NM101 -o 报告.html",
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.run(cmd, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&c.output, "output", "o", "", l.t("把改好的文件写入`文件`（写完才出现）", "write the corrected file to `FILE` (it appears only when complete)"))
	fs.BoolVar(&c.dryRun, "dry-run", false, l.t("只显示修改，不写文件", "only print the diff; write nothing"))
	limitFlags(fs, l, &c.lim)
	c.rules.declare(fs, l)
	return cmd
}

func (c *fixCmd) run(cmd *cobra.Command, args []string) error {
	l := c.l
	if len(args) != 1 {
		return usageError{l.t("须给出一个文件", "want exactly one input file")}
	}
	if err := checkLimits(l, cmd, c.lim); err != nil {
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
	if res.Err != nil && res.Report == nil {
		return res.Err
	}
	if res.Err != nil {
		// A rule broke; its fixes are missing, the others stand.
		fmt.Fprintf(c.stderr, "nianbao fix: %s\n", display.Escape(res.Err.Error()))
	}
	doc := res.Report.Doc
	if doc.Origin == nil {
		return notEditable(l, doc)
	}
	edits, skipped := fix.Select(doc.Text, res.Findings)
	out, err := fix.Apply(cmd.Context(), src, doc, edits, c.lim)
	if err != nil {
		if errors.Is(err, fix.ErrNotEditable) {
			return notEditable(l, doc)
		}
		return err
	}
	if _, err := io.WriteString(c.stdout, fix.Diff("a/"+path, "b/"+path, doc.Text, out.Text)); err != nil {
		return err
	}
	for _, f := range skipped {
		fmt.Fprintf(c.stderr, l.t("nianbao fix：%s: %s 的修改与另一处修改重叠，未应用\n", "nianbao fix: %s: %s: its fix overlaps another and was not made\n"), f.Pos, f.Rule.ID)
	}
	left := 0
	for _, f := range res.Findings {
		if len(f.Fixes) != 1 || !f.Fixes[0].Safe {
			left++
		}
	}
	written := c.output != "" && !c.dryRun
	switch {
	case len(edits) == 0:
		fmt.Fprint(c.stderr, l.t("nianbao fix：没有可自动应用的修改", "nianbao fix: no fix to make"))
	case written:
		fmt.Fprintf(c.stderr, l.t("nianbao fix：已应用 %d 处修改，写入 %s", "nianbao fix: made %d edits, wrote %s"), len(edits), c.output)
	default:
		fmt.Fprintf(c.stderr, l.t("nianbao fix：可应用 %d 处修改（未写文件；用 -o 写出）", "nianbao fix: %d edits to make (nothing written; -o writes them)"), len(edits))
	}
	fmt.Fprintf(c.stderr, l.t("；另有 %d 个问题需人工处理（nianbao check 列出）\n", "; %d findings need a person (nianbao check lists them)\n"), left)
	if !written {
		return nil
	}
	f, err := atomicfile.Create(c.output)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(out.Src); err != nil {
		return fmt.Errorf("write %s: %w", c.output, err)
	}
	return f.Commit()
}

// notEditable explains why a PDF or a scan cannot be fixed, and what to
// do instead.
func notEditable(l tr, doc *extract.Document) error {
	return fmt.Errorf(l.t(
		"%s 是 %s 文件，其文字经排版或识别得来，无法直接修改：请在原始文档（Word 等）中修改后重新导出；如有 DOCX 原稿，可用 nianbao annotate 把问题写成批注和修订",
		"%s is a %s file, whose text was laid out or recognised and cannot be edited in place: edit the source document (Word or similar) and export it again; for a DOCX source, nianbao annotate writes the findings into it as comments and tracked changes"),
		doc.Path, formatName(doc))
}

func formatName(doc *extract.Document) string {
	if doc.OCR || doc.Format == "ocr" {
		return "扫描件/scan"
	}
	return doc.Format
}

// readLimited reads a whole file of at most max bytes.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(src)) > max {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: more than %d bytes (see --max-bytes)", extract.ErrTooLarge, max)}
	}
	return src, nil
}
