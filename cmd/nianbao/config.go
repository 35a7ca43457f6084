package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

// configName is the project file looked for in the folder checked and
// its parents.
const configName = "nianbao.toml"

// ruleFlags are the rule-selection flags shared by check and config.
type ruleFlags struct {
	only, disable, severity []string
	config                  string
	noConfig                bool
}

func (f *ruleFlags) declare(fs *pflag.FlagSet, l tr) {
	fs.Var(&listValue{p: &f.only}, "rules", l.t("只运行这些规则或规则族，逗号分隔，如 TB,NU105", "run only these rules or families, comma-separated, e.g. TB,NU105"))
	fs.Var(&listValue{p: &f.disable}, "disable", l.t("不运行这些规则或规则族，逗号分隔", "do not run these rules or families, comma-separated"))
	fs.Var(&listValue{p: &f.severity, each: true}, "severity", l.t("改变`规则=级别`，如 NU101=error（可重复）", "change a rule's severity: `RULE=LEVEL`, e.g. NU101=error (repeatable)"))
	fs.StringVar(&f.config, "config", "", l.t("项目配置`文件`（默认在所查文件夹及其上级中找 nianbao.toml）", "project `FILE` (default: nianbao.toml in the folder checked or a parent)"))
	fs.BoolVar(&f.noConfig, "no-config", false, l.t("不读取任何 nianbao.toml", "read no nianbao.toml"))
}

// listValue is pflag's StringSlice flag value (comma-separated values,
// read as a CSV record, the first use replacing the default) or, with
// each, its StringArray (one value a use), down to the text of String.
// Hand-written because pflag's own make their default's text, "[]", with
// a CSV writer and its 4 KB buffer when the flag is declared: 21
// declarations at every start, 88 KB of a one-file check's parent.
type listValue struct {
	p       *[]string
	each    bool
	changed bool
}

func (v *listValue) Set(s string) error {
	vals := []string{s}
	if !v.each {
		vals = []string{}
		if s != "" {
			var err error
			if vals, err = csv.NewReader(strings.NewReader(s)).Read(); err != nil {
				return err
			}
		}
	}
	if !v.changed {
		*v.p = vals
	} else {
		*v.p = append(*v.p, vals...)
	}
	v.changed = true
	return nil
}

func (v *listValue) Type() string {
	if v.each {
		return "stringArray"
	}
	return "stringSlice"
}

func (v *listValue) String() string {
	if len(*v.p) == 0 {
		return "[]"
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(*v.p) // a strings.Builder does not fail
	w.Flush()
	return "[" + strings.TrimSuffix(b.String(), "\n") + "]"
}

// projectFile is the shape of nianbao.toml: the same settings as the
// flags, plus per-rule options and a reason for each disabled rule.
type projectFile struct {
	Rules []string             `toml:"only"`
	Rule  map[string]ruleEntry `toml:"rules"`
}

type ruleEntry struct {
	Enabled  *bool    `toml:"enabled"`
	Reason   string   `toml:"reason"`
	Severity string   `toml:"severity"`
	Accept   []string `toml:"accept"`
	Regions  []string `toml:"regions"`
}

// setting is one rule's state in a run and where each part came from.
type setting struct {
	rule     *validate.Rule
	enabled  bool
	severity validate.Severity
	accept   []string
	regions  []string
	reason   string
	// from says where enabled, severity and accept were set: "" for the
	// default, else the file path or the flag.
	enabledFrom, severityFrom, acceptFrom, regionsFrom string
}

type settings struct {
	file  string // the project file read, or ""
	rules []*setting
}

// settings merges the defaults, the project file and the flags, in that
// order, so a flag always wins over the file.
func (f *ruleFlags) settings(l tr, inputs []string) (*settings, error) {
	s := &settings{}
	for _, r := range validate.Rules() {
		s.rules = append(s.rules, &setting{rule: r, enabled: true, severity: r.Severity})
	}
	if !f.noConfig {
		path := f.config
		if path == "" {
			path = findConfig(inputs)
		}
		if path != "" {
			if err := s.load(l, path, f.config != ""); err != nil {
				return nil, err
			}
		}
	}
	if len(f.only) > 0 {
		only, err := resolve(l, f.only)
		if err != nil {
			return nil, usageError{"--rules: " + err.Error()}
		}
		for _, st := range s.rules {
			st.enabled, st.enabledFrom = slices.Contains(only, st.rule), "--rules"
		}
	}
	off, err := resolve(l, f.disable)
	if err != nil {
		return nil, usageError{"--disable: " + err.Error()}
	}
	for _, st := range s.rules {
		if slices.Contains(off, st.rule) {
			st.enabled, st.enabledFrom, st.reason = false, "--disable", ""
		}
	}
	for _, kv := range f.severity {
		for _, one := range strings.Split(kv, ",") {
			id, sev, ok := strings.Cut(one, "=")
			if !ok {
				return nil, usageError{fmt.Sprintf(l.t("--severity %q：须写成 规则=级别，如 NU101=error", "--severity %q: want RULE=LEVEL, e.g. NU101=error"), one)}
			}
			if err := s.setSeverity(l, id, sev, "--severity"); err != nil {
				return nil, usageError{"--severity: " + err.Error()}
			}
		}
	}
	return s, nil
}

// findConfig looks for nianbao.toml in the folder of the first input (the
// folder itself when it is one) and then each parent.
func findConfig(inputs []string) string {
	for _, in := range inputs {
		if in == "-" {
			in = "." // a report on standard input belongs to the folder it is checked from
		}
		dir, err := filepath.Abs(in)
		if err != nil {
			return ""
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			dir = filepath.Dir(dir)
		}
		for {
			p := filepath.Join(dir, configName)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return ""
			}
			dir = parent
		}
	}
	return ""
}

// load reads a project file. Every name in it must exist: a misspelt rule
// or option is an error naming it, never a setting silently ignored.
func (s *settings) load(l tr, path string, named bool) error {
	var pf projectFile
	md, err := toml.DecodeFile(path, &pf)
	if err != nil {
		if named && errors.Is(err, fs.ErrNotExist) {
			return usageError{"--config: " + err.Error()}
		}
		return usageError{fmt.Sprintf("%s: %v", path, err)}
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		sort.Strings(keys)
		return usageError{fmt.Sprintf(l.t("%s：未知设置 %s（可用：only，以及各规则的 enabled、reason、severity、accept、regions）", "%s: unknown setting %s (known: only, and per rule enabled, reason, severity, accept, regions)"), path, strings.Join(keys, ", "))}
	}
	s.file = path
	if len(pf.Rules) > 0 {
		only, err := resolve(l, pf.Rules)
		if err != nil {
			return usageError{fmt.Sprintf("%s: only: %v", path, err)}
		}
		for _, st := range s.rules {
			st.enabled, st.enabledFrom = slices.Contains(only, st.rule), path
		}
	}
	names := make([]string, 0, len(pf.Rule))
	for name := range pf.Rule {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t := pf.Rule[name]
		rules, err := resolve(l, []string{name})
		if err != nil {
			return usageError{fmt.Sprintf("%s: [rules.%s]: %v", path, name, err)}
		}
		where := fmt.Sprintf("%s [rules.%s]", path, name)
		if t.Enabled != nil {
			if !*t.Enabled && strings.TrimSpace(t.Reason) == "" {
				return usageError{fmt.Sprintf(l.t("%s：停用规则须写明理由（reason = \"…\"）", "%s: a disabled rule needs a reason (reason = \"…\")"), where)}
			}
			for _, st := range s.find(rules) {
				st.enabled, st.enabledFrom, st.reason = *t.Enabled, path, t.Reason
			}
		}
		if t.Severity != "" {
			if err := s.setSeverity(l, name, t.Severity, path); err != nil {
				return usageError{fmt.Sprintf("%s: %v", where, err)}
			}
		}
		if t.Accept != nil {
			if err := s.option(l, where, rules, validate.Accept); err != nil {
				return err
			}
			for _, st := range s.find(rules) {
				st.accept, st.acceptFrom = t.Accept, path
			}
		}
		if t.Regions != nil {
			if err := s.option(l, where, rules, validate.Regions); err != nil {
				return err
			}
			for _, r := range t.Regions {
				if len(validate.ResolveRegion(r, "")) == 0 {
					return usageError{fmt.Sprintf(l.t("%s：regions 中的 %q 不是行政区划代码或名称", "%s: regions: %q is no division code or name"), where, r)}
				}
			}
			for _, st := range s.find(rules) {
				st.regions, st.regionsFrom = t.Regions, path
			}
		}
	}
	return nil
}

// option checks that every rule of a table takes option o.
func (s *settings) option(l tr, where string, rules []*validate.Rule, o validate.Option) error {
	for _, st := range s.find(rules) {
		if !slices.Contains(st.rule.Options(), o) {
			return usageError{fmt.Sprintf(l.t("%s：规则 %s 没有 %s 选项（有此选项的规则：%s）", "%s: rule %s takes no %s option (rules that do: %s)"), where, st.rule.ID, o.Name, strings.Join(optionRules(o), ", "))}
		}
	}
	return nil
}

func optionRules(o validate.Option) []string {
	var ids []string
	for _, r := range validate.Rules() {
		if slices.Contains(r.Options(), o) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func (s *settings) find(rules []*validate.Rule) []*setting {
	var out []*setting
	for _, st := range s.rules {
		if slices.Contains(rules, st.rule) {
			out = append(out, st)
		}
	}
	return out
}

func (s *settings) setSeverity(l tr, name, sev, from string) error {
	rules, err := resolve(l, []string{name})
	if err != nil {
		return err
	}
	v, err := parseSeverity(l, sev)
	if err != nil {
		return err
	}
	for _, st := range s.find(rules) {
		st.severity, st.severityFrom = v, from
	}
	return nil
}

// options turns the settings into what runs: the rules of each report
// (validate) and those across reports (cross).
// options are the settings for inputs as the checks take them.
func (f *ruleFlags) options(l tr, inputs []string) (validate.Options, cross.Options, error) {
	s, err := f.settings(l, inputs)
	if err != nil {
		return validate.Options{}, cross.Options{}, err
	}
	return s.options()
}

func (s *settings) options() (validate.Options, cross.Options, error) {
	vo := validate.Options{Rules: []*validate.Rule{}, Severity: map[string]validate.Severity{}, Accept: map[string][]string{}, Regions: map[string][]string{}}
	co := cross.Options{Rules: []*validate.Rule{}, Severity: vo.Severity}
	for _, st := range s.rules {
		if !st.enabled {
			continue
		}
		if st.rule.Run == nil {
			co.Rules = append(co.Rules, st.rule)
		} else {
			vo.Rules = append(vo.Rules, st.rule)
		}
		if st.severity != st.rule.Severity {
			vo.Severity[st.rule.ID] = st.severity
		}
		if len(st.accept) > 0 {
			vo.Accept[st.rule.ID] = st.accept
		}
		if len(st.regions) > 0 {
			vo.Regions[st.rule.ID] = st.regions
		}
	}
	if len(vo.Rules)+len(co.Rules) == 0 {
		return vo, co, usageError{"no rule left to run (see --rules, --disable and " + configName + ")"}
	}
	return vo, co, nil
}

func newConfigCmd(e env, l tr, lang *string) *cobra.Command {
	var rf ruleFlags
	cmd := l.command("config", &cobra.Command{
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			s, err := rf.settings(l, args)
			if err != nil {
				return err
			}
			s.write(cmd.OutOrStdout(), l, *lang)
			return nil
		},
	})
	rf.declare(cmd.Flags(), l)
	return cmd
}

func (s *settings) write(w interface{ Write([]byte) (int, error) }, l tr, lang string) {
	from := func(f string) string {
		if f == "" {
			return l.t("默认", "default")
		}
		return f
	}
	file := s.file
	if file == "" {
		file = l.t("（未找到 "+configName+"）", "(no "+configName+" found)")
	}
	fmt.Fprintf(w, "%s%s\n\n", l.t("配置文件：", "project file: "), file)
	for _, st := range s.rules {
		state := l.t("运行", "on")
		if !st.enabled {
			state = l.t("停用", "off")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", st.rule.ID, state, st.severity.Name().In(lang), st.rule.Title.In(lang))
		fmt.Fprintf(w, "\t%s%s", l.t("启用：", "enabled: "), from(st.enabledFrom))
		if st.reason != "" {
			fmt.Fprintf(w, l.t("（理由：%s）", " (reason: %s)"), st.reason)
		}
		fmt.Fprintf(w, "%s%s%s", l.t("；", "; "), l.t("级别：", "severity: "), from(st.severityFrom))
		if len(st.accept) > 0 {
			fmt.Fprintf(w, "%saccept = %q: %s", l.t("；", "; "), st.accept, st.acceptFrom)
		}
		if len(st.regions) > 0 {
			fmt.Fprintf(w, "%sregions = %q: %s", l.t("；", "; "), st.regions, st.regionsFrom)
		}
		fmt.Fprintln(w)
	}
}

// resolve is validate.Resolve with its error in the help language.
func resolve(l tr, names []string) ([]*validate.Rule, error) {
	rules, err := validate.Resolve(names)
	var ue *validate.UnknownRuleError
	if errors.As(err, &ue) {
		return nil, fmt.Errorf(l.t("没有规则或规则族 %q（规则族：%s；见 nianbao rules）", "unknown rule or family %q (families: %s; see nianbao rules)"), ue.Name, strings.Join(validate.Families(), ", "))
	}
	return rules, err
}

func parseSeverity(l tr, s string) (validate.Severity, error) {
	v, err := validate.ParseSeverity(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf(l.t("级别 %q 无效：可选 error、warning、info", "invalid severity %q: one of error, warning, info"), s)
	}
	return v, nil
}
