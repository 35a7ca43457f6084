package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
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

type command interface {
	Run(ctx context.Context, args []string) error
}

type env struct {
	stdout, stderr io.Writer
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr}))
}

func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitError
	}
	var cmd command
	switch args[0] {
	case "check":
		cmd = &checkCmd{env: e}
	case "extract":
		cmd = &extractCmd{env: e}
	case "rules":
		cmd = &rulesCmd{env: e}
	case "explain":
		cmd = &explainCmd{env: e}
	case "bench":
		cmd = &benchCmd{env: e}
	case "help", "-h", "-help", "--help":
		usage(e.stdout)
		return exitClean
	default:
		fmt.Fprintf(e.stderr, "nianbao: unknown command %q\n", args[0])
		usage(e.stderr)
		return exitError
	}
	err := cmd.Run(ctx, args[1:])
	var ue usageError
	switch {
	case err == nil:
		return exitClean
	case errors.Is(err, errFindings):
		return exitFindings
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "nianbao %s: %v\n", args[0], err)
		return exitError
	default:
		fmt.Fprintf(e.stderr, "nianbao %s: %v\n", args[0], err)
		return exitError
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `nianbao — 政府信息公开工作年度报告检查工具

用法 / usage:
  nianbao check [--format text|json] [--lang zh|en] [--fail-on error|warning|info] FILE...
  nianbao extract [--format json] FILE
  nianbao rules [--lang zh|en] [--format text|markdown]
  nianbao explain [--lang zh|en] RULE
  nianbao bench [-n N] [-seed S] [-formats text,html,docx,pdf] [-j N] [-examples] [-plain]

退出码 / exit codes: 0 无问题 clean; 1 有达到 --fail-on 的问题 findings; 2 用法或处理错误 usage/processing error
`)
}
