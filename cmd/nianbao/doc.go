// Command nianbao checks government-information-disclosure annual reports
// (政府信息公开工作年度报告): it reads each report (text, HTML, DOCX, PDF),
// builds the canonical model, and reports every error it finds, located
// to line and column (and page and table cell), with suggested fixes.
//
// Usage:
//
//	nianbao check [flags] FILE|DIR...   check reports; see nianbao check -h
//	nianbao extract [--format json] FILE
//	nianbao rules [--lang zh|en]
//	nianbao explain [--lang zh|en] RULE
//	nianbao bench [-n N] [-seed S] [-formats text,html,docx,pdf] [-j N] [-examples] [-plain]
//
// Exit codes: 0 no findings at or above --fail-on; 1 findings at or above
// --fail-on; 2 usage error or a file that could not be processed.
package main
