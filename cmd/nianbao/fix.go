package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/export/fix"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/display"
)

type fixCmd struct {
	oneFile
	dryRun bool
}

func newFixCmd(e env, l tr, lang *string) *cobra.Command {
	c := &fixCmd{oneFile: oneFile{env: e, l: l, lang: lang}}
	cmd, fs := c.command("fix", c.run, "把改好的文件写入`文件`（写完才出现）", "write the corrected file to `FILE` (it appears only when complete)")
	fs.BoolVar(&c.dryRun, "dry-run", false, l.t("只显示修改，不写文件", "only print the diff; write nothing"))
	return cmd
}

func (c *fixCmd) run(cmd *cobra.Command, args []string) error {
	l := c.l
	if len(args) != 1 {
		return usageError{l.t("须给出一个文件", "want exactly one input file")}
	}
	path := args[0]
	src, res, err := c.check(cmd, l, "fix", path)
	if err != nil {
		return err
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
		fmt.Fprintf(c.stderr, l.t("nianbao fix：%s: %s 的修改与另一处修改重叠，未应用\n", "nianbao fix: %s: %s: its fix overlaps another and was not made\n"), display.Escape(f.Pos.String()), f.Rule.ID)
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
		fmt.Fprintf(c.stderr, l.t("nianbao fix：已应用 %d 处修改，写入 %s", "nianbao fix: made %d edits, wrote %s"), len(edits), display.Escape(c.output))
	default:
		fmt.Fprintf(c.stderr, l.t("nianbao fix：可应用 %d 处修改（未写文件；用 -o 写出）", "nianbao fix: %d edits to make (nothing written; -o writes them)"), len(edits))
	}
	fmt.Fprintf(c.stderr, l.t("；另有 %d 个问题需人工处理（nianbao check 列出）\n", "; %d findings need a person (nianbao check lists them)\n"), left)
	if !written {
		return nil
	}
	return writeFile(c.output, out.Src)
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
