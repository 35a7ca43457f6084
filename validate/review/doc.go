// Package review keeps the decisions people take on findings: this one is
// confirmed, that one is not an error (dismissed, with a reason), a third
// has been fixed. It takes a report's findings and a review file and gives
// each finding its fingerprint and, where one was recorded, its decision.
//
// A finding is known by a fingerprint, not by its line: the rule, the cell
// key it concerns (or else its section), and the text it points at,
// normalised (NFKC, every space dropped) and cut to its first 40 and last
// 10 characters when longer. A finding on prose adds up to 8 characters of
// context on either side within the same line; a finding on no text (a
// missing section) uses its Chinese message instead. When several findings
// of one report come out the same, the second and later add their number
// in order. The fingerprint is the rule ID, a colon and 16 hex digits of a
// SHA-256 of these parts ("NM101:5c0f3d9a1b2e4f60"), the same on every
// run, and unchanged by edits elsewhere in the report: a paragraph
// inserted above, another line corrected, a line wrapped elsewhere. An
// edit to the flagged text itself, or within a few characters of it on
// its line, makes a new finding that needs a new decision; so does a new
// wording of the message of a finding on no text.
//
// A review file is JSON, version 1. Entries are sorted by report and
// fingerprint so that the same decisions are the same bytes:
//
//	{
//	  "version": 1,
//	  "entries": [
//	    {
//	      "fingerprint": "NM101:5c0f3d9a1b2e4f60",
//	      "rule": "NM101",
//	      "status": "dismissed",
//	      "reason": "“溜川”是村名，不是“淄川”之误",
//	      "who": "区政务公开办",
//	      "when": "2024-03-01T09:30:00Z",
//	      "hint": {"message": "“溜川”疑为“淄川”之误…", "text": "溜川", "section": "overview", "line": 25}
//	    }
//	  ]
//	}
//
// status is confirmed (a real problem), dismissed (not an error; reason
// says why, and it is required) or fixed. report, when set, limits the
// entry to the report of that file name (its base name, as in
// "a.pdf"), so that one review file can serve a batch; an entry without
// report applies to every report the file is used for. A review file kept
// beside its report (REPORT.review.json, as in 2023.pdf.review.json)
// needs no report. hint is for people reading the file (the message, the
// text, the key and how the table labels it, the line when decided) and
// is never used to match. Fields unknown to version 1 are refused, as is
// a dismissed entry without a reason.
//
//	fps := review.Fingerprints(rep, findings)
//	file, err := review.Load("a.pdf.review.json") // an empty file when missing
//	for i, d := range file.Apply("a.pdf", rep, findings) {
//		if d.Status() == review.Dismissed {
//			fmt.Println(fps[i], "dismissed:", d.Entry.Reason)
//		}
//	}
package review
