package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nianbao/nianbao/internal/display"
)

// The command line is built on cobra (over pflag) rather than pflag alone:
// cobra gives subcommands, "help CMD", --version and the bash/zsh/fish
// completion scripts, which we would otherwise write by hand. Its help
// and error texts are English only, so the help is rendered here (helpFunc)
// and pflag's typed errors are translated (flagError).

// helpLang picks the language of help and usage errors: --lang on the
// command line, else an English locale in LC_ALL, LC_MESSAGES or LANG,
// else Chinese. Output (findings) keeps --lang's own default, zh, so that
// a script's results do not change with the machine's locale.
func helpLang(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			return v
		}
		if (a == "--lang" || a == "-lang") && i+1 < len(args) {
			return args[i+1]
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if strings.HasPrefix(v, "en") {
				return "en"
			}
			return "zh"
		}
	}
	return "zh"
}

// tr chooses between a Chinese and an English text.
type tr string

func (l tr) t(zh, en string) string {
	if l == "en" {
		return en
	}
	return zh
}

// legacyLong rewrites Go-flag style "-name" and "-name=v" to "--name" when
// the command has a long flag of that name: the flag package accepted one
// dash, scripts use it ("bench -seed 1"), and the flags are a contract.
var singleDash = regexp.MustCompile(`^-([a-z][a-z0-9-]+)(=.*)?$`)

func legacyLong(cmd *cobra.Command, args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if m := singleDash.FindStringSubmatch(a); m != nil && hasLong(cmd, m[1]) {
			a = "-" + a
		}
		out = append(out, a)
	}
	return out
}

func hasLong(cmd *cobra.Command, name string) bool {
	return cmd.Flags().Lookup(name) != nil || cmd.InheritedFlags().Lookup(name) != nil
}

// flagName is how errors name a flag: "-j/--jobs" or "--format".
func flagName(f *pflag.Flag) string {
	if f.Shorthand != "" {
		return "-" + f.Shorthand + "/--" + f.Name
	}
	return "--" + f.Name
}

// flagError turns pflag's errors into one line in the help language that
// names the flag and says what it takes.
func flagError(l tr) func(*cobra.Command, error) error {
	return func(cmd *cobra.Command, err error) error {
		var (
			ne *pflag.NotExistError
			ve *pflag.InvalidValueError
			re *pflag.ValueRequiredError
		)
		see := l.t("（见 ", " (see ") + cmd.CommandPath() + " --help" + l.t("）", ")")
		switch {
		case errors.As(err, &ne):
			name := "--" + ne.GetSpecifiedName()
			if s := ne.GetSpecifiedShortnames(); s != "" {
				name = "-" + ne.GetSpecifiedName()[:1]
			}
			return usageError{l.t("未知选项 ", "unknown flag ") + name + see}
		case errors.As(err, &ve):
			f := ve.GetFlag()
			return usageError{fmt.Sprintf(l.t("%s 的值 %q 无效：%s", "%s: invalid value %q: %s"), flagName(f), ve.GetValue(), wants(l, f))}
		case errors.As(err, &re):
			return usageError{fmt.Sprintf(l.t("%s 缺少值：%s", "%s needs a value: %s"), flagName(re.GetFlag()), wants(l, re.GetFlag()))}
		}
		return usageError{err.Error() + see}
	}
}

// wants says what a flag accepts, from its type.
func wants(l tr, f *pflag.Flag) string {
	if e, ok := f.Value.(*enumValue); ok {
		return l.t("可选 ", "one of ") + strings.Join(e.allowed, l.t("、", ", "))
	}
	switch f.Value.Type() {
	case "int", "int64":
		return l.t("须为整数", "want a whole number")
	case "duration":
		return l.t("须为时长，如 90s、10m", "want a duration such as 90s or 10m")
	case "bool":
		return l.t("须为 true 或 false", "want true or false")
	}
	return l.t("见帮助", "see the help")
}

// enumValue is a string flag that takes one of a few words; a wrong word
// fails at parse time with the list of allowed ones.
type enumValue struct {
	v       *string
	allowed []string
}

func newEnum(p *string, def string, allowed ...string) *enumValue {
	*p = def
	return &enumValue{p, allowed}
}

func (e *enumValue) String() string { return *e.v }
func (e *enumValue) Type() string   { return "string" }
func (e *enumValue) Set(s string) error {
	if !slices.Contains(e.allowed, s) {
		return fmt.Errorf("want one of %s", strings.Join(e.allowed, ", "))
	}
	*e.v = s
	return nil
}

// atLeast checks a numeric flag's lower bound after parsing.
func atLeast(l tr, cmd *cobra.Command, name string, v, min int64) error {
	if v >= min {
		return nil
	}
	return usageError{fmt.Sprintf(l.t("%s 的值 %d 无效：须至少为 %d", "%s: invalid value %d: want at least %d"), flagName(cmd.Flags().Lookup(name)), v, min)}
}

// helpFunc renders a command's help in the help language: what it does,
// usage, examples, its flags and, for the root, the commands and exit codes.
func helpFunc(l tr) func(*cobra.Command, []string) {
	return func(cmd *cobra.Command, _ []string) {
		writeHelp(cmd.OutOrStdout(), l, cmd)
	}
}

func writeHelp(w io.Writer, l tr, cmd *cobra.Command) {
	var b strings.Builder
	desc := cmd.Long
	if desc == "" {
		desc = cmd.Short
	}
	use := cmd.Use
	if cmd.HasParent() {
		use = cmd.Parent().CommandPath() + " " + use
	} else {
		use += l.t(" 命令 [选项]", " COMMAND [flags]")
	}
	fmt.Fprintf(&b, "%s — %s\n\n%s\n  %s\n", cmd.CommandPath(), cmd.Short, l.t("用法：", "Usage:"), use)
	if desc != cmd.Short {
		fmt.Fprintf(&b, "\n%s\n", desc)
	}
	if subs := visibleSubs(cmd); len(subs) > 0 {
		fmt.Fprintf(&b, "\n%s\n", l.t("命令：", "Commands:"))
		for _, s := range subs {
			fmt.Fprintf(&b, "  %-12s %s\n", s.Name(), s.Short)
		}
	}
	if cmd.Example != "" {
		fmt.Fprintf(&b, "\n%s\n%s\n", l.t("示例：", "Examples:"), cmd.Example)
	}
	if cmd.HasAvailableLocalFlags() {
		fmt.Fprintf(&b, "\n%s\n%s", l.t("选项：", "Flags:"), flagUsages(l, cmd.LocalFlags()))
	}
	if cmd.HasAvailableInheritedFlags() {
		fmt.Fprintf(&b, "\n%s\n%s", l.t("通用选项：", "Global flags:"), flagUsages(l, cmd.InheritedFlags()))
	}
	if !cmd.HasParent() {
		fmt.Fprintf(&b, "\n%s\n", l.t(
			"退出码：0 无达到 --fail-on 的问题；1 有；2 用法错误或有文件无法处理。\n用 nianbao help 命令 或 nianbao 命令 --help 查看各命令的说明。",
			"Exit codes: 0 no findings at or above --fail-on; 1 some; 2 usage error or a file that could not be processed.\nSee nianbao help COMMAND or nianbao COMMAND --help for each command."))
	}
	io.WriteString(w, b.String())
}

func visibleSubs(cmd *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, s := range cmd.Commands() {
		if s.IsAvailableCommand() || s.Name() == "help" {
			out = append(out, s)
		}
	}
	return out
}

// flagUsages lists flags as "  -j, --jobs N   usage（默认 4）", with the
// value's name taken from the `NAME` quoted in the usage.
func flagUsages(l tr, fs *pflag.FlagSet) string {
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name, usage := pflag.UnquoteUsage(f)
		if e, ok := f.Value.(*enumValue); ok {
			name = strings.Join(e.allowed, "|")
		} else if !strings.Contains(f.Usage, "`") {
			name = placeholder(l, f.Value.Type())
		}
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		if name != "" && f.Value.Type() != "bool" {
			left += " " + name
		}
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "[]" && !strings.HasPrefix(d, "0s") {
			usage += l.t("（默认 ", " (default ") + d + l.t("）", ")")
		}
		width = max(width, display.Width(left))
		rows = append(rows, row{left, usage})
	})
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%s%s   %s\n", r.left, strings.Repeat(" ", width-display.Width(r.left)), r.usage)
	}
	return b.String()
}

// placeholder names a flag's value in help by its type, where the usage
// does not name it between backquotes.
func placeholder(l tr, typ string) string {
	switch typ {
	case "int", "int64":
		return "N"
	case "duration":
		return l.t("时长", "DURATION")
	case "stringSlice":
		return l.t("列表", "LIST")
	}
	return l.t("值", "VALUE")
}
