package web

// ui holds the page's words in Chinese and English; the page template
// and the script (through /api/ui) take them from here, so that the
// script carries no language of its own.
var ui = map[string][2]string{
	"title":        {"nianbao 年报审核", "nianbao report review"},
	"reports":      {"文件夹中的报告", "Reports in the folder"},
	"noReports":    {"文件夹中没有报告文件", "No report files in the folder"},
	"upload":       {"上传报告", "Upload a report"},
	"text":         {"正文", "Text"},
	"tables":       {"统计表", "Tables"},
	"findings":     {"问题", "Findings"},
	"allRules":     {"全部规则", "All rules"},
	"allSeverity":  {"全部级别", "All severities"},
	"error":        {"错误", "error"},
	"warning":      {"警告", "warning"},
	"info":         {"提示", "info"},
	"accept":       {"接受修改", "Accept fix"},
	"accepted":     {"已接受", "Accepted"},
	"acceptSafe":   {"接受全部可自动应用的修改", "Accept every safe fix"},
	"dismiss":      {"不是错误", "Not an error"},
	"reason":       {"理由（必填）", "Reason (required)"},
	"needReason":   {"标为非错误须写明理由", "A dismissed finding needs a reason"},
	"keep":         {"保留", "Keep"},
	"explain":      {"规则说明", "About the rule"},
	"noFindings":   {"未发现问题", "No findings"},
	"ignored":      {"另有 %d 个问题在审核记录中标为非错误，不再列出", "%d more findings are dismissed in the review file and not listed"},
	"downloads":    {"下载", "Downloads"},
	"dlFixed":      {"改正后的文件", "Corrected file"},
	"dlAnnotated":  {"带批注的 DOCX", "Annotated DOCX"},
	"dlXlsx":       {"工作簿（xlsx）", "Workbook (xlsx)"},
	"dlReview":     {"审核记录", "Review file"},
	"line":         {"第 %d 行", "line %d"},
	"pick":         {"请选择或上传一份报告", "Pick or upload a report"},
	"loading":      {"正在检查……", "Checking…"},
	"problem":      {"部分规则未能运行：", "Some rules could not run: "},
	"confirmed":    {"已确认", "confirmed"},
	"fixed":        {"已修正", "fixed"},
	"fixesAccepts": {"已接受 %d 处修改", "%d fixes accepted"},
}

// uiStrings returns the page's words in lang.
func uiStrings(lang string) map[string]string {
	i := 0
	if lang == "en" {
		i = 1
	}
	out := make(map[string]string, len(ui))
	for k, v := range ui {
		out[k] = v[i]
	}
	return out
}
