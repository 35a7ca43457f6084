// Package names knows China's administrative divisions and which Chinese
// characters are mistaken for one another, so that the NM rules can find an
// agency's own place names written with a look-alike or same-sound
// character: the seed report of 淄博市淄川区投资促进服务中心 writes 淄川 as
// 溜川 five times, a pair that no open confusion set lists.
//
// It takes an agency name or report title and the report's text, and gives:
//
//   - the agency's region (Region: 五常市民意乡人民政府 → 民意乡 under
//     五常市, 哈尔滨市, 黑龙江省), from the MCA 2024 county-level list and the
//     NBS 2023 township list, with names in use since 1981 resolved to their
//     successors;
//   - the names a report of that region must spell right (OwnNames,
//     QuotedNames);
//   - how alike two characters are (Confusable), from Unihan shape data
//     (radical, four-corner code, Cangjie, strokes) and the curated
//     pycorrector shape and sound sets;
//   - every place where one of those names is written with one character
//     replaced by a confusable one (FindVariants), with byte offsets into
//     the text and the fix.
//
// A false typo on a correct report costs more than a missed one, so
// FindVariants drops a window that is a real division name or sits in a
// real word, unless stronger evidence speaks: a level suffix on a name
// that no division has (大案市 for 大安市), or the place part of a quoted
// account name (“落阳发布”); QuotedVariants compares quoted names whole.
// The words come from go-ego/gse's dictionary, filtered ahead of
// time by the generator in ./gen (go run ./internal/names/gen) so that the
// program never loads that dictionary.
//
// Everything is embedded and parsed on first use, once (sync.Once); see
// BenchmarkLoad for the cost. The data's origins, licenses and changes are
// in data/README.md, also embedded as Notices.
//
//	d, ok := names.Region("淄博市淄川区投资促进服务中心", text)
//	if !ok { ... }                      // no region, or a tie: names.Regions
//	own := names.OwnNames(d)            // 淄川区 淄川 淄博市 淄博 山东省 山东 …
//	own = append(own, names.QuotedNames(text, own)...) // 投资淄川
//	for _, v := range names.FindVariants(text, own, d) {
//		fmt.Println(v.Start, v.Found, "→", v.Want, v.Sim.Reason) // 溜川区 → 淄川区 同部首(水)…
//	}
package names
