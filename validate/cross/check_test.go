package cross_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

// These tests build cross.Report values as the pipeline leaves them
// (cross.Of), with the few cells and sections a case needs; the tests in
// generated_test.go run generated reports through the whole pipeline.

// report is a report of agency in region for year, in the template the
// year calls for, holding cells (every other cell is missing), each on a
// line of its own in the template's order.
func report(path, agency, region string, year int, cells map[string]float64) *cross.Report {
	r := &cross.Report{Path: path, Title: agency + fmt.Sprint(year) + "年政府信息公开工作年度报告", Agency: agency, Region: region, Year: year,
		Template: normalize.TemplateFor(year), Cells: map[string]cross.Cell{}}
	p := normalize.ProfileFor(r.Template)
	line := 10
	for _, t := range normalize.TableKeys() {
		for _, k := range p.Table(t).CellKeys() {
			if v, ok := cells[k]; ok {
				r.Cells[k] = cross.Cell{Value: &v, State: string(normalize.StateNumber), Raw: fmt.Sprint(v), Line: line, Column: 5}
				line++
			}
		}
	}
	return r
}

// ids lists the findings as "RULE path key" lines, sorted as Check sorts them.
func ids(fs []cross.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule.ID+" "+f.Path+" "+f.Key+f.Section)
	}
	return out
}

func TestAgencyKey(t *testing.T) {
	for _, c := range []struct {
		region, a, b string
		same         bool
	}{
		{"370302", "淄博市淄川区人民政府", "淄川区政府", true},
		{"370302", "淄博市淄川区人民政府", "淄博市淄川区", true}, // 淄博市淄川区2023年全区政府信息公开…
		{"370302", "淄博市淄川区人民政府办公室", "淄川区政府办", true},
		{"370302", "淄博市淄川区投资促进服务中心", "淄川区投资促进服务中心", true},
		{"370302001", "淄博市淄川区般阳路街道办事处", "般阳路街道办", true},
		{"370302001", "般阳路街道", "淄川区般阳路街道办事处", true},
		{"370302001", "淄博市淄川区人民政府般阳路街道办事处", "般阳路街道办事处", true},
		{"370302", "淄博市淄川区人民政府", "淄博市淄川区人民政府办公室", false},
		{"370302", "淄博市淄川区商务局", "淄博市淄川区水利局", false},
		{"370302", "淄博市淄川区人民政府", "淄博市淄川区般阳路街道办事处", false},
	} {
		ka, kb := cross.AgencyKey(c.region, c.a), cross.AgencyKey(c.region, c.b)
		assert.NotEmpty(t, ka, c.a)
		assert.Equal(t, c.same, ka == kb, "%s %q / %s %q", c.a, ka, c.b, kb)
	}
	// Only full names of the region's divisions come off: 公安 of
	// 公安县 stays in 公安分局.
	assert.Equal(t, "421022|公安局", cross.AgencyKey("421022", "湖北省荆州市公安县公安局"))
	assert.Equal(t, "421000|公安局公安分局", cross.AgencyKey("421000", "荆州市公安局公安分局"))
	// A street the normalizer placed in its district: the name says which.
	assert.Equal(t, "370302001|政府", cross.AgencyKey("370302", "淄博市淄川区般阳路街道办事处"))
	assert.Empty(t, cross.AgencyKey("", "淄川区商务局"))
}

func TestCheck_AmbiguousAgency(t *testing.T) {
	carry := func(path, name string, year int, over, fwd float64) *cross.Report {
		return report(path, name, "370302", year, map[string]float64{"requests.carried_over.total": over, "requests.carried_forward.total": fwd})
	}
	t.Run("two reports of a year", func(t *testing.T) {
		fs := cross.Check([]*cross.Report{
			carry("2022.txt", "淄博市淄川区商务局", 2022, 0, 3),
			carry("2023/a.pdf", "淄博市淄川区商务局", 2023, 0, 0),
			carry("2023/b.docx", "淄川区商务局", 2023, 0, 0),
		}, cross.Options{})
		// Reported on both, at info, and 2023 is left out: no CR101.
		assert.Equal(t, []string{"CR100 2023/a.pdf ", "CR100 2023/b.docx "}, ids(fs))
		for _, f := range fs {
			assert.Equal(t, validate.Info, f.Severity)
			assert.Len(t, f.Related, 1)
		}
	})
	t.Run("two agencies", func(t *testing.T) {
		fs := cross.Check([]*cross.Report{
			carry("a.txt", "淄博市淄川区人民政府", 2023, 0, 0),
			carry("b.txt", "淄博市淄川区人民政府办公室", 2023, 0, 0),
		}, cross.Options{})
		assert.Empty(t, fs)
	})
}

func TestCheck_CarryOver(t *testing.T) {
	prev := report("2022.txt", "淄博市淄川区商务局", "370302", 2022, map[string]float64{
		"requests.carried_forward.natural_person": 2, "requests.carried_forward.commercial": 1, "requests.carried_forward.total": 3})
	t.Run("held", func(t *testing.T) {
		cur := report("2023.txt", "淄川区商务局", "370302", 2023, map[string]float64{
			"requests.carried_over.natural_person": 2, "requests.carried_over.commercial": 1, "requests.carried_over.total": 3})
		assert.Empty(t, cross.Check([]*cross.Report{prev, cur}, cross.Options{}))
	})
	t.Run("broken", func(t *testing.T) {
		cur := report("2023.txt", "淄川区商务局", "370302", 2023, map[string]float64{
			"requests.carried_over.natural_person": 2, "requests.carried_over.commercial": 0, "requests.carried_over.total": 2})
		fs := cross.Check([]*cross.Report{prev, cur}, cross.Options{})
		assert.Equal(t, []string{"CR101 2023.txt requests.carried_over.commercial", "CR101 2023.txt requests.carried_over.total"}, ids(fs))
		require.Len(t, fs[0].Related, 1)
		assert.Equal(t, "2022.txt", fs[0].Related[0].Path)
		assert.Equal(t, "requests.carried_forward.commercial", fs[0].Related[0].Key)
	})
	t.Run("not consecutive", func(t *testing.T) {
		cur := report("2024.txt", "淄川区商务局", "370302", 2024, map[string]float64{"requests.carried_over.total": 0})
		assert.Empty(t, cross.Check([]*cross.Report{prev, cur}, cross.Options{}))
	})
}

func TestCheck_InForceChain(t *testing.T) {
	docs := func(path string, year int, issued, repealed, inForce float64) *cross.Report {
		return report(path, "淄博市淄川区商务局", "370302", year, map[string]float64{
			"active.normative_docs.issued": issued, "active.normative_docs.repealed": repealed, "active.normative_docs.in_force": inForce})
	}
	t.Run("follows", func(t *testing.T) {
		assert.Empty(t, cross.Check([]*cross.Report{docs("2022.txt", 2022, 3, 0, 470), docs("2023.txt", 2023, 499, 453, 516)}, cross.Options{}))
	})
	t.Run("broken", func(t *testing.T) {
		// The agency: 470, then 499 issued and 453 repealed, yet 546.
		fs := cross.Check([]*cross.Report{docs("2022.txt", 2022, 3, 0, 470), docs("2023.txt", 2023, 499, 453, 546)}, cross.Options{})
		require.Equal(t, []string{"CR102 2023.txt active.normative_docs.in_force"}, ids(fs))
		assert.Equal(t, validate.Warning, fs[0].Severity)
		assert.Contains(t, fs[0].Message.Zh, "546")
		assert.Contains(t, fs[0].Message.Zh, "得 516")
	})
	t.Run("older template", func(t *testing.T) {
		// 2020's template kept no in-force count: nothing to follow.
		prev := report("2020.txt", "淄博市淄川区商务局", "370302", 2020, map[string]float64{"active.normative_docs.total_public": 40})
		assert.Empty(t, cross.Check([]*cross.Report{prev, docs("2021.txt", 2021, 1, 0, 7)}, cross.Options{}))
	})
}

func TestCheck_CopiedText(t *testing.T) {
	account := func(year int, lacks, will string) string {
		return "五、存在的主要问题及改进情况\n" + fmt.Sprint(year) + "年，淄川区商务局政府信息公开工作取得了一定成效，但仍存在一些不足：" + lacks +
			"\n下一步，本局将重点做好以下工作：" + will
	}
	const (
		lacks1 = "一是主动公开的深度和广度还需拓展，部分领域信息公开不够及时；二是工作人员业务能力有待进一步提升，政策解读形式较为单一。"
		will1  = "一是加强业务培训，提升工作人员专业能力；二是强化政策解读，丰富解读形式；三是健全监督考核机制，推动政务公开工作提质增效。"
		lacks2 = "一是依申请公开答复的规范性有待加强；二是部分栏目信息更新不够及时，重点领域信息公开的精细化程度不够。"
		will2  = "一是规范依申请公开办理流程，提高答复质量；二是建立常态化栏目巡查机制，及时更新栏目内容；三是开展政府开放活动，增进公众了解。"
	)
	with := func(path string, year int, secs ...cross.Section) *cross.Report {
		r := report(path, "淄博市淄川区商务局", "370302", year, nil)
		r.Sections = secs
		return r
	}
	t.Run("copied with the year changed", func(t *testing.T) {
		fs := cross.Check([]*cross.Report{
			with("2022.txt", 2022, cross.Section{Key: "problems", Line: 40, Text: account(2022, lacks1, will1)}),
			with("2023.txt", 2023, cross.Section{Key: "problems", Line: 42, Text: account(2023, lacks1, will1)}),
		}, cross.Options{})
		require.Equal(t, []string{"CR103 2023.txt problems"}, ids(fs))
		assert.Contains(t, fs[0].Message.Zh, "2022 年度")
		assert.Contains(t, fs[0].Message.Zh, "主动公开的深度和广度还需拓展")
		assert.Equal(t, 40, fs[0].Related[0].Line)
	})
	t.Run("rewritten", func(t *testing.T) {
		assert.Empty(t, cross.Check([]*cross.Report{
			with("2022.txt", 2022, cross.Section{Key: "problems", Text: account(2022, lacks1, will1)}),
			with("2023.txt", 2023, cross.Section{Key: "problems", Text: account(2023, lacks2, will2)}),
		}, cross.Options{}))
	})
	t.Run("boilerplate only", func(t *testing.T) {
		// 六 answers the same statutory items every year, and a 五 that
		// says only what every report says is too short to tell.
		other := "六、其他需要报告的事项\n1．收取信息处理费情况。本年度未收取信息处理费。\n2．落实上级年度政务公开工作要点情况。按照淄博市年度政务公开工作要点要求，逐项明确责任，各项任务均已完成。\n" +
			"3．人大代表建议和政协提案办理结果公开情况。本年度未承办人大代表建议和政协提案。\n4．政务公开工作创新情况。无。\n5．政府信息公开工作年度报告数据统计需要说明的事项。无。\n6．本行政机关认为需要报告的其他事项。无。"
		short := "五、存在的主要问题及改进情况\n本报告所列数据的统计期限自1月1日起至12月31日止。无其他需要报告的事项。"
		assert.Empty(t, cross.Check([]*cross.Report{
			with("2022.txt", 2022, cross.Section{Key: "problems", Text: short}, cross.Section{Key: "other", Text: other}),
			with("2023.txt", 2023, cross.Section{Key: "problems", Text: short}, cross.Section{Key: "other", Text: other}),
		}, cross.Options{}))
	})
}

// requests is a table 三 of n requests by natural persons: granted g,
// the rest not held.
func requests(n, g float64) map[string]float64 {
	c := map[string]float64{}
	set := func(row string, v float64) {
		if v != 0 {
			c["requests."+row+".natural_person"], c["requests."+row+".total"] = v, v
		}
	}
	set("new", n)
	set("granted", g)
	set("unavailable.not_held", n-g)
	set("total", n)
	return c
}

// merge adds the cells of more to cells.
func merge(cells map[string]float64, more ...map[string]float64) map[string]float64 {
	for _, m := range more {
		for k, v := range m {
			cells[k] = v
		}
	}
	return cells
}

// big is a table 三 with enough parts for CR104 and CR105: 40 requests
// from three kinds of applicant.
func big() map[string]float64 {
	return map[string]float64{
		"requests.new.natural_person": 30, "requests.new.commercial": 7, "requests.new.legal_service": 3, "requests.new.total": 40,
		"requests.granted.natural_person": 18, "requests.granted.commercial": 5, "requests.granted.total": 23,
		"requests.partly_granted.natural_person": 4, "requests.partly_granted.total": 4,
		"requests.unavailable.not_held.natural_person": 8, "requests.unavailable.not_held.commercial": 2, "requests.unavailable.not_held.legal_service": 3, "requests.unavailable.not_held.total": 13,
		"requests.total.natural_person": 30, "requests.total.commercial": 7, "requests.total.legal_service": 3, "requests.total.total": 40,
	}
}

func TestCheck_CopiedTable(t *testing.T) {
	pair := func(a, b map[string]float64) []cross.Finding {
		return cross.Check([]*cross.Report{
			report("2022.txt", "淄博市淄川区商务局", "370302", 2022, a),
			report("2023.txt", "淄博市淄川区商务局", "370302", 2023, b),
		}, cross.Options{})
	}
	t.Run("copied", func(t *testing.T) {
		fs := pair(big(), big())
		require.Equal(t, []string{"CR104 2023.txt requests"}, ids(fs))
		assert.Equal(t, "2022.txt", fs[0].Related[0].Path)
	})
	t.Run("new figures", func(t *testing.T) {
		b := big()
		b["requests.granted.natural_person"], b["requests.unavailable.not_held.natural_person"] = 17, 9
		assert.Empty(t, pair(big(), b))
	})
	t.Run("small tables equal by chance", func(t *testing.T) {
		// One request granted: two parts (the rest are totals).
		assert.Empty(t, pair(requests(1, 1), requests(1, 1)))
		// Two requests, one granted and one not held: three parts, but
		// two years like that are common.
		assert.Empty(t, pair(requests(2, 1), requests(2, 1)))
	})
}

func TestCheck_SharedTable(t *testing.T) {
	t.Run("two agencies", func(t *testing.T) {
		fs := cross.Check([]*cross.Report{
			report("a.txt", "淄博市淄川区商务局", "370302", 2023, big()),
			report("b.txt", "淄博市张店区水利局", "370303", 2023, big()),
		}, cross.Options{})
		assert.Equal(t, []string{"CR105 a.txt requests", "CR105 b.txt requests"}, ids(fs))
	})
	t.Run("other years", func(t *testing.T) {
		assert.Empty(t, cross.Check([]*cross.Report{
			report("a.txt", "淄博市淄川区商务局", "370302", 2022, big()),
			report("b.txt", "淄博市张店区水利局", "370303", 2023, big()),
		}, cross.Options{}))
	})
	t.Run("small tables equal by chance", func(t *testing.T) {
		// Four requests: fewer than five parts.
		small := merge(requests(4, 3), map[string]float64{"requests.new.commercial": 0})
		assert.Empty(t, cross.Check([]*cross.Report{
			report("a.txt", "淄博市淄川区般阳路街道办事处", "370302001", 2023, small),
			report("b.txt", "淄博市淄川区昆仑镇人民政府", "370302102", 2023, small),
		}, cross.Options{}))
	})
	t.Run("a government and its unit", func(t *testing.T) {
		// The summary equals its one unit that had any requests: no copy.
		sum := report("gov.txt", "淄博市淄川区", "370302", 2023, big())
		sum.Title = "淄博市淄川区2023年全区政府信息公开工作年度报告"
		assert.Empty(t, cross.Check([]*cross.Report{sum, report("town.txt", "淄博市淄川区昆仑镇人民政府", "370302102", 2023, big())}, cross.Options{}))
	})
}

func TestCheck_RollUp(t *testing.T) {
	county := names.ByCode("370302")
	require.NotNil(t, county)
	// Each unit got n new requests, all granted; the summary counts sum.
	group := func(sum float64, skip int) []*cross.Report {
		s := report("sum.txt", "淄博市淄川区", "370302", 2023, requests(sum, sum))
		s.Title = "淄博市淄川区2023年全区政府信息公开工作年度报告"
		out := []*cross.Report{s,
			report("dept1.txt", "淄博市淄川区商务局", "370302", 2023, requests(5, 5)),
			report("dept2.txt", "淄博市淄川区水利局", "370302", 2023, requests(3, 3)),
		}
		for i, d := range county.Children() {
			if i < skip {
				continue
			}
			name := d.Name + "人民政府"
			if strings.HasSuffix(d.Name, "街道") {
				name = d.Name + "办事处"
			}
			out = append(out, report(fmt.Sprintf("town%02d.txt", i), name, d.Code, 2023, requests(1, 1)))
		}
		return out
	}
	all := float64(8 + len(county.Children()))
	t.Run("adds up", func(t *testing.T) {
		assert.Empty(t, cross.Check(group(all, 0), cross.Options{}))
	})
	t.Run("below the units", func(t *testing.T) {
		fs := cross.Check(group(all-2, 0), cross.Options{})
		require.NotEmpty(t, fs)
		for _, f := range fs {
			assert.Equal(t, "CR106", f.Rule.ID)
			assert.Equal(t, validate.Error, f.Severity, f.Message.Zh)
			assert.Equal(t, "sum.txt", f.Path)
			assert.Len(t, f.Related, 2+len(county.Children()))
		}
		assert.Equal(t, []string{"CR106 sum.txt requests.new.total", "CR106 sum.txt requests.granted.total", "CR106 sum.txt requests.total.total"}, ids(fs))
	})
	t.Run("above the units", func(t *testing.T) {
		// Departments whose reports the batch lacks may explain it.
		fs := cross.Check(group(all+2, 0), cross.Options{})
		require.NotEmpty(t, fs)
		for _, f := range fs {
			assert.Equal(t, validate.Info, f.Severity)
			assert.Contains(t, f.Message.Zh, "部门")
		}
	})
	t.Run("units missing", func(t *testing.T) {
		// Two townships absent: even a summary below the units present
		// is only a note, naming them.
		fs := cross.Check(group(all-5, 2), cross.Options{})
		require.NotEmpty(t, fs)
		for _, f := range fs {
			assert.Equal(t, validate.Info, f.Severity)
			assert.Contains(t, f.Message.Zh, county.Children()[0].Name)
			assert.Contains(t, f.Message.Zh, county.Children()[1].Name)
		}
	})
	t.Run("not a summary", func(t *testing.T) {
		rs := group(all+9, 0)
		rs[0].Title = "淄博市淄川区人民政府2023年政府信息公开工作年度报告"
		assert.Empty(t, cross.Check(rs, cross.Options{}))
	})
}

func TestCheck_Options(t *testing.T) {
	prev := report("2022.txt", "淄博市淄川区商务局", "370302", 2022, map[string]float64{"requests.carried_forward.total": 3})
	cur := report("2023.txt", "淄博市淄川区商务局", "370302", 2023, map[string]float64{"requests.carried_over.total": 0})
	assert.Empty(t, cross.Check([]*cross.Report{prev, cur}, cross.Options{Rules: []*validate.Rule{validate.InForceChain}}))
	fs := cross.Check([]*cross.Report{prev, cur}, cross.Options{Severity: map[string]validate.Severity{"CR101": validate.Warning}})
	require.Len(t, fs, 1)
	assert.Equal(t, validate.Warning, fs[0].Severity)
}

// mustRead writes files to a folder and reads them back through the
// pipeline, as check's first pass does; it returns the reports and the
// path each generated report was written to.
func mustRead(tb testing.TB, files []gen.File) ([]*cross.Report, func(*gen.Report) string) {
	tb.Helper()
	dir := tb.TempDir()
	at := map[*gen.Report]string{}
	var paths []string
	for _, f := range files {
		src, _ := f.Render()
		p := filepath.Join(dir, f.Name())
		require.NoError(tb, os.WriteFile(p, src, 0o644))
		at[f.Report] = p
		paths = append(paths, p)
	}
	reps, err := corpus.CrossReports(context.Background(), paths, corpus.Options{}, nil)
	require.NoError(tb, err)
	require.Len(tb, reps, len(paths))
	return reps, func(r *gen.Report) string { return at[r] }
}

// TestCheck_Generated: consistent series and roll-up groups give no
// finding; each kind of error planted in them gives its findings and no
// other.
func TestCheck_Generated(t *testing.T) {
	n := 3
	if testing.Short() {
		n = 1
	}
	t.Run("consistent", func(t *testing.T) {
		var files []gen.File
		for i := range n {
			files = append(files, gen.GenerateSeries(int64(100+i), gen.SeriesOptions{}).Files...)
			files = append(files, gen.GenerateGroup(int64(200+i), gen.GroupOptions{}).Files...)
		}
		reps, _ := mustRead(t, files)
		assert.Empty(t, cross.Check(reps, cross.Options{}))
	})
	for _, k := range gen.CrossKinds {
		t.Run(k.String(), func(t *testing.T) {
			for i := range n {
				var files []gen.File
				var e gen.CrossExpected
				if k.Group() {
					g := gen.GenerateGroup(int64(300+i), gen.GroupOptions{Error: k})
					files, e = g.Files, g.Expected
				} else {
					s := gen.GenerateSeries(int64(300+i), gen.SeriesOptions{Errors: []gen.CrossKind{k}, Years: 4, First: 2021})
					files, e = s.Files, s.Expected[0]
				}
				require.True(t, e.Applied, "seed %d: %s found no place", 300+i, k)
				reps, path := mustRead(t, files)
				fs := cross.Check(reps, cross.Options{})
				assert.True(t, e.Found(fs, path), "seed %d: %s: %s\n%v", 300+i, k, e.Detail, ids(fs))
				for _, f := range fs {
					assert.True(t, e.Explains(f, path), "seed %d: %s: %s\nunexplained: %s %s %s", 300+i, k, e.Detail, f.Rule.ID, f.Key, f.Message.Zh)
				}
			}
		})
	}
}
