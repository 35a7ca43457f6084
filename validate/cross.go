package validate

import "sort"

// The cross-report rules. They are declared here with the others, so that
// nianbao rules and explain, --rules and the project file know them, but
// they run over many reports at once (package validate/cross), never in
// Check: Run is nil.
var (
	AmbiguousAgency = &Rule{ID: "CR100", Severity: Info}
	CarryOver       = &Rule{ID: "CR101", Severity: Error}
	InForceChain    = &Rule{ID: "CR102", Severity: Warning}
	CopiedText      = &Rule{ID: "CR103", Severity: Warning}
	CopiedTable     = &Rule{ID: "CR104", Severity: Warning}
	SharedTable     = &Rule{ID: "CR105", Severity: Warning}
	RollUp          = &Rule{ID: "CR106", Severity: Error}
)

// Cross lists the cross-report rules, sorted by ID.
var Cross = []*Rule{AmbiguousAgency, CarryOver, InForceChain, CopiedText, CopiedTable, SharedTable, RollUp}

// Rules lists every rule, those of one report (All) and those across
// reports (Cross), sorted by ID.
func Rules() []*Rule {
	out := append(append([]*Rule{}, Cross...), All...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
