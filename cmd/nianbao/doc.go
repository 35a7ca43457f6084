// Command nianbao checks government-information-disclosure annual reports
// (政府信息公开工作年度报告): it reads each report (text, HTML, DOCX, PDF,
// scans), builds the canonical model, and reports every error it finds,
// located to line and column (and page and table cell), with suggested
// fixes.
//
// Usage:
//
//	nianbao check [flags] FILE|DIR|- ...   check reports; see nianbao check --help
//	nianbao extract [--format json] FILE
//	nianbao rules [--format text|markdown]
//	nianbao explain RULE
//	nianbao config [DIR]                   the rule settings in effect and their sources
//	nianbao review set REPORT --rule ID --line N --reason TEXT   record a decision on one finding
//	nianbao review import WORKBOOK.xlsx [DIR]   read 状态 and 审核说明 back into the review files
//	nianbao bench [-n N] [--seed S] [--formats text,html,docx,pdf] [-j N] [--examples] [--plain]
//	nianbao version
//	nianbao completion bash|zsh|fish
//
// Flags may stand anywhere; "--" ends them. Help is Chinese, English under
// --lang en or an English LANG.
//
// Exit codes: 0 no findings at or above --fail-on; 1 findings at or above
// --fail-on; 2 usage error or a file that could not be processed.
package main
