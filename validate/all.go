package validate

// All lists every rule, sorted by ID. A test checks that IDs are unique
// and well formed and that every rule has a title, a doc and a test case.
var All = []*Rule{
	placeNameTypo,      // NM101
	quotedNameTypo,     // NM102
	textArithmetic,     // NU101
	textVsTable,        // NU102
	yearMismatch,       // NU103
	periodNotYear,      // NU104
	contactFormat,      // NU105
	regulationsByLevel, // NU106
	sectionMissing,     // ST101
	headingMissing,     // ST102
	sectionOrder,       // ST103
	tableMissing,       // ST104
	tableIncomplete,    // ST105
	templateMismatch,   // ST106
	labelDeviates,      // ST107
	textTruncated,      // ST108
	tableUnfilled,      // ST109
	titleScrambled,     // ST110
	balanceRule,        // TB101
	outcomesRule,       // TB102
	applicantsRule,     // TB103
	reviewRule,         // TB104
	negativeCount,      // TB105
	fractionalCount,    // TB106
	yuanAsWan,          // TB107
	unreadableCell,     // TB108
}
