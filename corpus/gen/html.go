package gen

import (
	"fmt"
	"html"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// HTML renders r as a government web page: the report in an article
// body, tables with the template's rowspan and colspan; with d.Chrome the
// site around it, with d.GBK the page in GBK as older CMSs serve it.
func HTML(r *Report, d Damage) []byte {
	charset := "utf-8"
	if d.GBK {
		charset = "gbk"
	}
	var sb strings.Builder
	c := newChrome(r)
	esc := html.EscapeString
	fmt.Fprintf(&sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\">\n", charset)
	fmt.Fprintf(&sb, "<title>%s</title>\n", esc(r.title))
	if d.Chrome {
		sb.WriteString("<link rel=\"stylesheet\" href=\"/css/common.css\">\n<script src=\"/js/jquery.min.js\"></script>\n" +
			"<script>var _hmt = _hmt || []; function setFont(s){document.getElementById('zoom').style.fontSize=s+'px';}</script>\n")
	}
	sb.WriteString("<style>td{font-size:9pt;border:1px solid #000} p{text-indent:2em}</style>\n</head>\n<body>\n")
	if d.Chrome {
		fmt.Fprintf(&sb, `<div class="top-bar"><a href="javascript:void(0)" id="wza">无障碍</a> <a href="#">长者模式</a> <a href="#">繁體版</a> <a href="#">English</a></div>
<div class="header"><img src="/images/logo.png" alt="%s"></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxx/">走进%s</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a></div>
<div class="article">
<h1 class="article-title">%s</h1>
<div class="article-info">发布时间：%s　来源：%s　浏览次数：<span id="views">%d</span>　字号：<a href="javascript:setFont(18)">大</a> <a href="javascript:setFont(16)">中</a> <a href="javascript:setFont(14)">小</a></div>
`, esc(c.site), esc(r.place.Short()), esc(r.title), c.date, esc(r.Agency), c.views)
	}
	sb.WriteString("<div class=\"content\" id=\"zoom\">\n")
	blocks := r.layout(d)
	for _, b := range blocks {
		switch b.kind {
		case bTitle:
			if !d.Chrome {
				fmt.Fprintf(&sb, "<p style=\"text-align:center;text-indent:0\"><strong>%s</strong></p>\n", esc(b.text))
			}
		case bHeading:
			fmt.Fprintf(&sb, "<p><strong>%s</strong></p>\n", esc(b.text))
		case bPara:
			fmt.Fprintf(&sb, "<p>%s</p>\n", esc(b.text))
		case bTable:
			writeHTMLTable(&sb, b.table)
		}
	}
	sb.WriteString("</div>\n")
	if d.Chrome {
		fmt.Fprintf(&sb, `<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer"><p>主办单位：%s　网站标识码：%s0001</p><p><a href="https://beian.miit.gov.cn/">%s</a>　%s</p></div>
`, esc(r.Agency), r.place.Code[:6], c.icp, c.security)
	}
	sb.WriteString("</body>\n</html>\n")
	if !d.GBK {
		return []byte(sb.String())
	}
	return encodeGBK(sb.String())
}

// encodeGBK encodes a page as GBK; a page with a character outside GBK
// (some rare place names) is encoded and declared as GB18030 instead, as
// such sites must.
func encodeGBK(s string) []byte {
	if b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s)); err == nil {
		return b
	}
	s = strings.Replace(s, "charset=gbk", "charset=gb18030", 1)
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic("gen: GB18030 cannot encode the page: " + err.Error()) // it encodes all of Unicode
	}
	return b
}

func writeHTMLTable(sb *strings.Builder, t *gtable) {
	sb.WriteString("<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"100%\">\n<tbody>\n")
	for _, row := range t.rows {
		sb.WriteString("<tr>")
		for _, c := range row.cells {
			sb.WriteString("<td")
			if c.colspan > 1 {
				fmt.Fprintf(sb, " colspan=\"%d\"", c.colspan)
			}
			if c.rowspan > 1 {
				fmt.Fprintf(sb, " rowspan=\"%d\"", c.rowspan)
			}
			sb.WriteString(">")
			if c.blank {
				sb.WriteString(t.blank)
			}
			sb.WriteString(strings.ReplaceAll(html.EscapeString(c.text), "\n", "<br>"))
			sb.WriteString("</td>")
		}
		sb.WriteString("</tr>\n")
	}
	sb.WriteString("</tbody>\n</table>\n")
}
