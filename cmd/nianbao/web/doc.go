// Package web is the local review page of nianbao serve. It takes a
// folder of reports (and reports uploaded through the page) and gives an
// HTTP server on a loopback address whose page shows one report at a
// time: its text with every finding marked inline, the three tables in
// the official layout (sheets.Layout) with the flagged cells, the
// findings with their rules' explanations, and per finding the choice to
// accept a fix, dismiss it with a reason, or keep it. Dismissals go to
// the review file beside the report (review.Beside), which check reads;
// the downloads are the corrected file (export/fix, with the fixes
// accepted), the annotated DOCX (export/annotate), the workbook
// (export/xlsx) and the review file.
//
// The page is for the person at this machine only: requests whose Host
// is not the address listened on are refused (DNS rebinding), every POST
// carries a token made for this run, uploads stop at Limits.MaxBytes,
// files outside the folder are never read, and report text reaches the
// page as JSON that the script puts in with textContent, under a
// Content-Security-Policy that allows no inline script.
//
//	s, err := web.New(web.Options{Dir: "年报", Limits: extract.DefaultLimits})
//	ln, err := s.Listen("127.0.0.1:8080")
//	err = s.Serve(ctx, ln) // until ctx is done
package web
