package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nianbao/nianbao/extract/worker"
	"github.com/nianbao/nianbao/internal/display"
	_ "github.com/nianbao/nianbao/internal/noprof" // before the other packages allocate
)

// Exit codes are part of the public contract.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

// errFindings tells main that findings reached --fail-on.
var errFindings = errors.New("findings at or above --fail-on")

// usageError marks errors in how the command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stdinPiped says standard input is a pipe or file, not a terminal:
	// check with no files then reads one report from it.
	stdinPiped bool
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == worker.Arg {
		os.Exit(memProfiled(func() int { return profiled(worker.Main) }))
	}
	earlyGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(memProfiled(func() int {
		return profiled(func() int {
			return run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, stdinPiped: !isTerminal(os.Stdin)})
		})
	}))
}

func run(ctx context.Context, args []string, e env) int {
	l := tr(helpLang(args))
	if l != "en" {
		l = "zh"
	}
	root := newRoot(e, l)
	if len(args) == 0 {
		writeHelp(e.stderr, l, root)
		return exitError
	}
	sub, _, err := root.Find(args)
	// Shells ask cobra's hidden __complete command, added when it runs.
	complete := strings.HasPrefix(args[0], "__complete")
	if !complete && (err != nil || (sub == root && !strings.HasPrefix(args[0], "-"))) {
		fmt.Fprintf(e.stderr, l.t("nianbao：未知命令 %q（见 nianbao --help）\n", "nianbao: unknown command %q (see nianbao --help)\n"), args[0])
		return exitError
	}
	if sub == root {
		// Only the root command answers --version (see newRoot).
		root.Version = versionLine()
	}
	root.SetArgs(legacyLong(sub, args))
	err = root.ExecuteContext(ctx)
	var ue usageError
	switch {
	case err == nil:
		return exitClean
	case errors.Is(err, errFindings):
		return exitFindings
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "%s: %s\n", sub.CommandPath(), display.Escape(err.Error()))
		return exitError
	default:
		fmt.Fprintf(e.stderr, "%s: %s\n", sub.CommandPath(), display.Escape(err.Error()))
		return exitError
	}
}

// newRoot builds the command tree with its help in language l. The
// root's Version, which cobra prints for --version, is left to run to set
// when the root is the command run: the line reads the build information
// and hashes the rules, which no other command needs.
func newRoot(e env, l tr) *cobra.Command {
	root := l.command("nianbao", &cobra.Command{
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			writeHelp(e.stderr, l, cmd)
			return usageError{l.t("缺少命令", "no command given")}
		},
	})
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetVersionTemplate("{{.Version}}")
	root.SetHelpFunc(helpFunc(l))
	root.SetFlagErrorFunc(flagError(l))
	root.PersistentFlags().BoolP("help", "h", false, l.t("显示帮助", "show this help"))
	root.Flags().Bool("version", false, l.t("显示版本、提交、Go 版本、规则集版本和行政区划数据日期", "show the version, commit, Go version, rule-set version and division-data date"))
	var lang string
	root.PersistentFlags().Var(newEnum(&lang, "zh", "zh", "en"), "lang", l.t("信息语言", "message language"))
	root.AddCommand(
		newCheckCmd(e, l, &lang),
		newExtractCmd(e, l),
		newRulesCmd(e, l, &lang),
		newExplainCmd(e, l, &lang),
		newConfigCmd(e, l, &lang),
		newReviewCmd(e, l),
		newBenchCmd(e, l),
		newGenCmd(e, l),
		newCorpusCmd(e, l, &lang),
		newFixCmd(e, l, &lang),
		newAnnotateCmd(e, l, &lang),
		newServeCmd(e, l, &lang),
		newVersionCmd(e, l),
	)
	root.SetHelpCommand(l.command("help", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			target, _, err := root.Find(args)
			if err != nil || (len(args) > 0 && target == root) {
				return usageError{fmt.Sprintf(l.t("未知命令 %q", "unknown command %q"), strings.Join(args, " "))}
			}
			writeHelp(e.stdout, l, target)
			return nil
		},
	}))
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Short = l.t("生成 bash、zsh、fish 或 PowerShell 的命令补全脚本", "generate the completion script for bash, zsh, fish or PowerShell")
			c.Long = ""
			for _, sh := range c.Commands() {
				sh.Short = l.t("生成 "+sh.Name()+" 的补全脚本", "generate the "+sh.Name()+" completion script")
				sh.Long = ""
				sh.Example = "  nianbao completion " + sh.Name() + " > nianbao." + sh.Name()
			}
			c.Example = l.t("  source <(nianbao completion bash)\n  nianbao completion fish > ~/.config/fish/completions/nianbao.fish",
				"  source <(nianbao completion bash)\n  nianbao completion fish > ~/.config/fish/completions/nianbao.fish")
		}
	}
	return root
}
