package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/cmd/nianbao/web"
	"github.com/nianbao/nianbao/extract"
)

type serveCmd struct {
	env
	l     tr
	lang  *string
	addr  string
	lim   extract.Limits
	rules ruleFlags
}

func newServeCmd(e env, l tr, lang *string) *cobra.Command {
	c := &serveCmd{env: e, l: l, lang: lang}
	cmd := &cobra.Command{
		Use:   l.t("serve [选项] [文件夹]", "serve [flags] [DIR]"),
		Short: l.t("在本机浏览器中审核报告：标出问题、接受修改或标为非错误、下载结果", "review reports in a local web page: findings marked, fixes accepted or findings dismissed, results downloaded"),
		Long: l.t(
			"在本机地址上提供一个审核页面（默认 http://127.0.0.1:8080/），列出文件夹（默认为当前文件夹）中的报告，也可上传一份。\n"+
				"页面显示报告正文（问题处加标记）、按官方格式排列的三张统计表（有问题的单元格着色）、可按规则和级别筛选的问题清单及规则说明；\n"+
				"每个问题可接受修改、标为非错误（须写理由，写入报告旁的 报告文件名.review.json，check 随即不再列出）或保留。\n"+
				"可下载改正后的文件（只含接受的修改）、带批注的 DOCX、工作簿和审核记录。页面只接受本机地址的请求，不读取文件夹以外的文件；按 Ctrl+C 结束。",
			"Serves a review page on a local address (http://127.0.0.1:8080/ by default) listing the reports in DIR (default: the current folder), or one uploaded.\n"+
				"The page shows the report's text with each finding marked, the three tables in the official layout with flagged cells, and the findings, filtered by rule and severity, with each rule's explanation;\n"+
				"each finding can be accepted (its fix), dismissed with a reason (written to REPORT.review.json beside the report, which check then honours) or kept.\n"+
				"Downloads: the corrected file (with the fixes accepted), the annotated DOCX, the workbook and the review file. The page answers this machine's address only and reads nothing outside the folder; Ctrl+C stops it."),
		Example: "  nianbao serve 年报/\n  nianbao serve --addr 127.0.0.1:9000 --lang en .",
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.run(cmd, args)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", l.t("监听的`地址`（主机:端口；只接受以此地址访问的请求）", "the `ADDRESS` to listen on (host:port; requests for any other host are refused)"))
	limitFlags(fs, l, &c.lim)
	c.rules.declare(fs, l)
	return cmd
}

func (c *serveCmd) run(cmd *cobra.Command, args []string) error {
	l := c.l
	if len(args) > 1 {
		return usageError{l.t("最多给出一个文件夹", "want at most one folder")}
	}
	if err := checkLimits(l, cmd, c.lim); err != nil {
		return err
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	set, err := c.rules.settings(l, []string{dir})
	if err != nil {
		return err
	}
	vo, _, err := set.options()
	if err != nil {
		return err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageError{fmt.Sprintf(l.t("%s 不是文件夹或无法读取", "%s is not a folder or cannot be read"), dir)}
	}
	s, err := web.New(web.Options{Dir: dir, Lang: *c.lang, Limits: c.lim, Validate: vo, Who: reviewWho()})
	if err != nil {
		return err
	}
	ln, err := s.Listen(c.addr)
	if errors.Is(err, web.ErrEveryInterface) {
		return usageError{fmt.Sprintf(l.t("--addr %s 指所有网络接口，无法核对请求的主机名：请给出一个地址，如 127.0.0.1:8080", "--addr %s stands for every interface, which no Host header can be checked against: give one address, such as 127.0.0.1:8080"), c.addr)}
	}
	if err != nil {
		return fmt.Errorf(l.t("无法在 %s 上监听：%w", "cannot listen on %s: %w"), c.addr, err)
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(c.stderr, l.t("nianbao serve：在 %s 审核 %s 中的报告（Ctrl+C 结束）\n", "nianbao serve: reviewing the reports in %[2]s at %[1]s (Ctrl+C stops)\n"), url, dir)
	return s.Serve(cmd.Context(), ln)
}
