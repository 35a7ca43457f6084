package validate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Family is a rule ID's family: the letters before its number ("TB" of
// "TB101").
func Family(id string) string {
	return strings.TrimRight(id, "0123456789")
}

// Families lists the rule families in the order of Rules.
func Families() []string {
	var out []string
	for _, r := range Rules() {
		if f := Family(r.ID); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// Resolve turns a list of rule IDs and families ("TB", "NU105";
// case-insensitive) into rules in the order of Rules. A name that is neither
// is an error naming it: a misspelt rule in a project file must not pass
// silently as "no such rule, nothing to do".
func Resolve(names []string) ([]*Rule, error) {
	want := map[*Rule]bool{}
	for _, n := range names {
		n = strings.ToUpper(strings.TrimSpace(n))
		if n == "" {
			continue
		}
		found := false
		for _, r := range Rules() {
			if r.ID == n || Family(r.ID) == n {
				want[r] = true
				found = true
			}
		}
		if !found {
			return nil, &UnknownRuleError{Name: n}
		}
	}
	var out []*Rule
	for _, r := range Rules() {
		if want[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

// UnknownRuleError names a rule or family that does not exist.
type UnknownRuleError struct{ Name string }

func (e *UnknownRuleError) Error() string {
	return fmt.Sprintf("unknown rule or family %q (families: %s; see nianbao rules)", e.Name, strings.Join(Families(), ", "))
}

// Option is a per-rule setting a project file may give.
type Option struct {
	Name string
	Doc  Msg
}

// Accept is the option every rule that flags words takes: the texts a
// batch accepts as written (a real place or proper name that looks like a
// misspelling of another). A finding whose flagged text is one of them is
// dropped.
var Accept = Option{"accept", Msg{"按原文接受、不再报告的写法（如确实存在的相近地名）", "texts accepted as written (a real name that looks like a misspelling)"}}

// Regions is the option of the place-name rules: the regions a batch
// covers, as codes or names, for reports that do not say where their
// agency is (a 乡 whose county is only in the letterhead image).
var Regions = Option{"regions", Msg{"本批报告所属的地区（代码或名称），用于报告本身看不出地区时", "the regions a batch covers (codes or names), for reports that do not say"}}

// ruleOptions are the options each rule takes beyond enabled, severity
// and reason.
var ruleOptions = map[string][]Option{
	"NM101": {Accept, Regions},
	"NM102": {Accept, Regions},
	"ST107": {Accept},
}

// Options returns the options rule id takes.
func (r *Rule) Options() []Option { return ruleOptions[r.ID] }

// applySettings changes the findings of one rule as the run's settings
// say: the severity given for the rule, and the accepted texts dropped.
func applySettings(r *Rule, fs []Finding, opts Options, text func(Finding) string) []Finding {
	sev, hasSev := opts.Severity[r.ID]
	accept := opts.Accept[r.ID]
	if !hasSev && len(accept) == 0 {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		if len(accept) > 0 && accepted(text(f), accept) {
			continue
		}
		if hasSev {
			f.Severity = sev
		}
		out = append(out, f)
	}
	return out
}

// RulesVersion names the rule set this build carries: the number of rules
// and a digest of their IDs, severities and titles, so that two results
// can be told to come from the same rules.
func RulesVersion() string {
	h := sha256.New()
	rules := Rules()
	for _, r := range rules {
		fmt.Fprintf(h, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title.Zh)
	}
	return fmt.Sprintf("%d rules, %s", len(rules), hex.EncodeToString(h.Sum(nil))[:12])
}

// accepted says a flagged text holds one of the accepted texts: accepting
// 溜川 accepts 溜川区 too.
func accepted(text string, accept []string) bool {
	for _, a := range accept {
		if a = strings.TrimSpace(a); a != "" && strings.Contains(text, a) {
			return true
		}
	}
	return false
}
