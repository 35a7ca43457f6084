package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/cmd/nianbao/web"
	"github.com/nianbao/nianbao/corpus"
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
	cmd := l.command("serve", &cobra.Command{RunE: c.run})
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
	vo, _, err := c.rules.options(l, []string{dir})
	if err != nil {
		return err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageError{fmt.Sprintf(l.t("%s 不是文件夹或无法读取", "%s is not a folder or cannot be read"), dir)}
	}
	// Reports are read in a worker process, as check reads them: an
	// upload that crashes its reader is an error on the page.
	opts, closeReaders := isolated(corpus.Options{Limits: c.lim, Validate: vo, Workers: 1}, withOrigin)
	defer closeReaders()
	s, err := web.New(web.Options{Dir: dir, Lang: *c.lang, Limits: opts.Limits, Validate: vo, Who: reviewWho(), ReadBytes: opts.ReadBytes})
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
