package validate

// The rules, one value each, in the order of their IDs. What a rule checks
// and why is said in rules.toml, which gives each its Title and Doc at
// load; how, in its Run, in the file of its family (rules_st.go …).
var (
	PlaceNameTypo      = &Rule{ID: "NM101", Severity: Error, Run: runPlaceNameTypo}
	QuotedNameTypo     = &Rule{ID: "NM102", Severity: Error, Run: runQuotedNameTypo}
	TextArithmetic     = &Rule{ID: "NU101", Severity: Warning, Run: eachProse(checkEnumerations)}
	TextVsTable        = &Rule{ID: "NU102", Severity: Error, Run: eachProse(checkClaims)}
	YearMismatch       = &Rule{ID: "NU103", Severity: Error, Run: runYearMismatch}
	PeriodNotYear      = &Rule{ID: "NU104", Severity: Warning, Run: runPeriodNotYear}
	ContactFormat      = &Rule{ID: "NU105", Severity: Warning, Run: runContactFormat}
	RegulationsByLevel = &Rule{ID: "NU106", Severity: Warning, Run: runRegulationsByLevel}
	SectionMissing     = &Rule{ID: "ST101", Severity: Error, Run: runSectionMissing}
	HeadingMissing     = &Rule{ID: "ST102", Severity: Error, Run: runHeadingMissing}
	SectionOrder       = &Rule{ID: "ST103", Severity: Warning, Run: runSectionOrder}
	TableMissing       = &Rule{ID: "ST104", Severity: Error, Run: runTableMissing}
	TableIncomplete    = &Rule{ID: "ST105", Severity: Error, Run: runTableIncomplete}
	TemplateMismatch   = &Rule{ID: "ST106", Severity: Warning, Run: runTemplateMismatch}
	LabelDeviates      = &Rule{ID: "ST107", Severity: Warning, Run: runLabelDeviates}
	TextTruncated      = &Rule{ID: "ST108", Severity: Warning, Run: runTextTruncated}
	TableUnfilled      = &Rule{ID: "ST109", Severity: Warning, Run: runTableUnfilled}
	TitleScrambled     = &Rule{ID: "ST110", Severity: Error, Run: runTitleScrambled}
	PartsCount         = &Rule{ID: "ST111", Severity: Warning, Run: runPartsCount}
	TableDisordered    = &Rule{ID: "ST112", Severity: Info, Run: runTableDisordered}
	RequestsBalance    = &Rule{ID: "TB101", Severity: Error, Run: runIdentities}
	OutcomeTotal       = &Rule{ID: "TB102", Severity: Error, Run: runIdentities}
	ApplicantTotal     = &Rule{ID: "TB103", Severity: Error, Run: runIdentities}
	ReviewTotal        = &Rule{ID: "TB104", Severity: Error, Run: runIdentities}
	NegativeCount      = &Rule{ID: "TB105", Severity: Error, Run: eachCell(negativeCount)}
	FractionalCount    = &Rule{ID: "TB106", Severity: Error, Run: eachCell(fractionalCount)}
	YuanAsWan          = &Rule{ID: "TB107", Severity: Warning, Run: eachCell(yuanAsWan)}
	UnreadableCell     = &Rule{ID: "TB108", Severity: Error, Run: eachCell(unreadableCell)}
	HalfWidthPunct     = &Rule{ID: "TX101", Severity: Warning, Run: onText(runHalfWidth)}
	CitationWrong      = &Rule{ID: "TX102", Severity: Error, Run: onText(runCitations)}
	RepeatedWord       = &Rule{ID: "TX103", Severity: Error, Run: onText(runRepeats)}
	UnpairedMarks      = &Rule{ID: "TX104", Severity: Error, Run: onText(runPairs)}
	CutoffNotUntil     = &Rule{ID: "TX105", Severity: Warning, Run: onText(runCutoff)}
	PhraseSlip         = &Rule{ID: "TX106", Severity: Warning, Run: onText(runPhrases)}
	ShortTitle         = &Rule{ID: "TX107", Severity: Warning, Run: onText(runShortTitles)}
	MissingPart        = &Rule{ID: "TX108", Severity: Warning, Run: onText(runMissingParts)}
	MisusedWord        = &Rule{ID: "TX109", Severity: Warning, Run: onText(runMisused)}
	DocNumberFormat    = &Rule{ID: "TX110", Severity: Warning, Run: onText(runDocNumbers)}
	HeadingPunct       = &Rule{ID: "TX111", Severity: Info, Run: onText(runHeadingMarks)}
	DeForDi            = &Rule{ID: "TX112", Severity: Info, Run: onText(runDeDi)}
	NumberUsage        = &Rule{ID: "TX113", Severity: Warning, Run: onText(runNumbers)}
	TraditionalChars   = &Rule{ID: "TX114", Severity: Info, Run: runTraditional}
	DunBetweenTitles   = &Rule{ID: "TX115", Severity: Info, Run: onText(runDunBetweenTitles)}
)

// All lists every rule, sorted by ID. A test checks that IDs are unique
// and well formed and that every rule has a title, a doc and a test case.
var All = []*Rule{
	PlaceNameTypo, QuotedNameTypo,
	TextArithmetic, TextVsTable, YearMismatch, PeriodNotYear, ContactFormat, RegulationsByLevel,
	SectionMissing, HeadingMissing, SectionOrder, TableMissing, TableIncomplete,
	TemplateMismatch, LabelDeviates, TextTruncated, TableUnfilled, TitleScrambled, PartsCount, TableDisordered,
	RequestsBalance, OutcomeTotal, ApplicantTotal, ReviewTotal,
	NegativeCount, FractionalCount, YuanAsWan, UnreadableCell,
	HalfWidthPunct, CitationWrong, RepeatedWord, UnpairedMarks, CutoffNotUntil,
	PhraseSlip, ShortTitle, MissingPart, MisusedWord, DocNumberFormat,
	HeadingPunct, DeForDi, NumberUsage, TraditionalChars, DunBetweenTitles,
}
