package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/corpus/gen"
)

// newGenCmd writes generated clean reports to a folder: the batch that
// speed and memory figures (BENCHMARKS.md) are measured on.
func newGenCmd(e env, l tr) *cobra.Command {
	var (
		n       int
		seed    int64
		formats string
	)
	cmd := &cobra.Command{
		Use:     l.t("gen [选项] 文件夹", "gen [flags] DIR"),
		Short:   l.t("生成模拟报告（无错误）写入文件夹", "write generated clean reports into a folder"),
		Example: "  nianbao gen -n 1000 年报/",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{l.t("须给出一个文件夹", "want exactly one folder")}
			}
			if err := atLeast(l, cmd, "n", int64(n), 1); err != nil {
				return err
			}
			paths, err := gen.WriteMix(args[0], n, seed, strings.Split(formats, ","))
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, l.t("已写入 %d 份报告\n", "wrote %d reports\n"), len(paths))
			return nil
		},
	}
	fs := cmd.Flags()
	fs.IntVarP(&n, "n", "n", 100, l.t("生成的报告数", "reports to write"))
	fs.Int64Var(&seed, "seed", 1, l.t("随机种子", "random seed"))
	fs.StringVar(&formats, "formats", strings.Join(gen.Formats, ","), l.t("格式，逗号分隔，轮流使用：text、html、docx", "formats, comma-separated, taken in turn: text, html, docx"))
	return cmd
}
