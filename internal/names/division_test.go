package names

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDivision_Short(t *testing.T) {
	for full, short := range map[string]string{
		"淄川区":        "淄川",
		"淄博市":        "淄博",
		"山东省":        "山东",
		"内蒙古自治区":     "内蒙古",
		"广西壮族自治区":    "广西",
		"新疆维吾尔自治区":   "新疆",
		"香港特别行政区":    "香港",
		"延边朝鲜族自治州":   "延边",
		"湘西土家族苗族自治州": "湘西",
		"巴音郭楞蒙古自治州":  "巴音郭楞",
		"二郎街道":       "二郎",
		"民意乡":        "民意",
		"张家湾镇":       "张家湾",
		"浦东新区":       "浦东",
		"神农架林区":      "神农架",
		"城区":         "城区", // 城 alone is one character
		"沙县区":        "沙县",
	} {
		t.Run(full, func(t *testing.T) {
			ds := Lookup(full)
			require.NotEmpty(t, ds)
			assert.Equal(t, short, ds[0].Short())
		})
	}
	t.Run("one character is never a short form", func(t *testing.T) {
		assert.Equal(t, "沙县", shortName("沙县", 3))
	})
}

func TestDivision_Parent(t *testing.T) {
	t.Run("every division but a province has a parent above it", func(t *testing.T) {
		a := loadAtlas()
		a.fillAll()
		perLevel := map[int]int{}
		for i := range a.size() {
			d := a.div(int32(i))
			perLevel[d.Level]++
			if d.Level == 1 {
				assert.Nil(t, d.Parent, "%v", d)
				continue
			}
			if assert.NotNil(t, d.Parent, "%v", d) {
				assert.Less(t, d.Parent.Level, d.Level, "%v", d)
			}
		}
		assert.Greater(t, perLevel[4], 40000)
		t.Logf("divisions per level: %v", perLevel)
	})
	d := mustOne(t, "淄川区")
	assert.Equal(t, "370302", d.Code)
	assert.Equal(t, 3, d.Level)
	assert.Equal(t, "山东省淄博市淄川区", d.FullName())
	require.Len(t, d.Ancestors(), 2)
	assert.Equal(t, "370300", d.Parent.Code)
	assert.Equal(t, "370000", d.Parent.Parent.Code)
	assert.Nil(t, d.Parent.Parent.Parent)

	t.Run("townships hang from their county", func(t *testing.T) {
		var names []string
		for _, c := range d.Children() {
			assert.Equal(t, 4, c.Level)
			assert.Len(t, c.Code, 9)
			assert.Same(t, d, c.Parent)
			names = append(names, c.Name)
		}
		assert.Contains(t, names, "昆仑镇")
	})
	t.Run("county under a pseudo-prefecture belongs to the province", func(t *testing.T) {
		d := mustOne(t, "仙桃市") // 429004, under 4290 省直辖县级行政区划
		assert.Equal(t, "420000", d.Parent.Code)
	})
	t.Run("statistical units MCA does not list", func(t *testing.T) {
		d := mustOne(t, "石家庄高新技术产业开发区")
		assert.Equal(t, "130171", d.Code)
		assert.Equal(t, "130100", d.Parent.Code)
		assert.Equal(t, d.Name, d.Short())
	})
}

func TestLookup(t *testing.T) {
	assert.Equal(t, []string{"370302"}, codes(Lookup("淄川")), "short form")
	assert.Equal(t, []string{"230184206", "230622208"}, codes(Lookup("民意乡")))
	assert.Equal(t, []string{"513426235"}, codes(Lookup("溜姑乡")), "溜 is a real character of a real name")
	assert.Empty(t, Lookup("溜川"))
	assert.True(t, IsDivisionName("溜姑"))
	assert.True(t, IsDivisionName("崇文区"), "abolished in 2010")
	assert.False(t, IsDivisionName("溜川区"))
}

func TestSuccessors(t *testing.T) {
	assert.Equal(t, []string{"110101"}, codes(Successors("崇文区")))
	assert.Equal(t, []string{"540481"}, codes(Successors("米林县")), "米林县 → 米林市 in 2023, through two code changes")
	assert.Equal(t, []string{"120110"}, codes(Successors("东郊区")), "renamed 东丽区, code kept")
	assert.Empty(t, Successors("淄川区"))
}

func TestRegion(t *testing.T) {
	t.Run("every agency of the corpus", func(t *testing.T) {
		want := map[string]string{
			"000_zibo_zichuan_touzi_2023.txt":                     "370302",
			"001_huaian_hongze_qu_gov_2023.pdf":                   "320813",
			"003_shanghai_kewei_stcsm_2024_extracted.md":          "310000",
			"004_wuhan_hanyang_qu_govoffice_2022.txt":             "420105",
			"005_chongqing_jiulongpo_erlang_jiedao_2022.txt":      "500107008",
			"006_shenzhen_longgang_qu_dept_2024.txt":              "440307",
			"008_datong_pingcheng_touzi_ju_2022.txt":              "140213",
			"009_harbin_wuchang_minyi_xiang_2021.txt":             "230184206",
			"010_yanan_fuxian_zhangjiawan_zhen_2021.txt":          "610628103",
			"012_jincheng_gaoping_jianning_xiang_2021.txt":        "140581201",
			"013_chongqing_chengkou_xian_gov_2020.txt":            "500229",
			"015_jiujiang_hukou_dalong_xiang_2020.txt":            "360429200",
			"016_ganzhou_huichang_zhongcun_xiang_2020.txt":        "360733206",
			"018_guangyuan_scjgj_2023.txt":                        "510800",
			"019_shenzhen_amr_2023.txt":                           "440300",
			"020_heilongjiang_amr_2023.txt":                       "230000",
			"021_guangdong_province_gov_2024.txt":                 "440000",
			"022_guangdong_slt_water_2024.txt":                    "440000",
			"024_xianning_zwsjj_2022.txt":                         "421200",
			"025_shanghai_city_gov_2022.txt":                      "310000",
			"026_longyan_zhangping_shenji_ju_2025_spammirror.txt": "350881",
			"027_unknown_district_shenji_ju_2020_flipbook_p9.txt": "", // 某区审计局: not determinable
			"028_qingyuan_qingxin_qu_govoffice_2022.txt":          "441803",
			"030_jiangmen_kaiping_nyncj_2020_trad.txt":            "440783",
		}
		sources := mustSources(t)
		require.Len(t, sources, len(want))
		for _, s := range sources {
			t.Run(s.file, func(t *testing.T) {
				code, listed := want[s.file]
				require.True(t, listed, "new corpus file: add it to the table")
				d, ok := Region(s.agency, s.text)
				if code == "" {
					assert.False(t, ok, "%s: got %v", s.agency, d)
					return
				}
				require.True(t, ok, "%s: candidates %v", s.agency, Regions(s.agency, s.text))
				assert.Equal(t, code, d.Code, "%s → %v", s.agency, d)
			})
		}
	})
	for _, tc := range []struct{ name, agency, code string }{
		{"a title", "淄博市淄川区投资促进服务中心 2023 年政府信息公开工作年度报告", "370302"},
		{"a name out of use resolves to its successor", "米林县人民政府", "540481"},
		{"人民 of 人民政府 is no township", "上海市人民政府", "310000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := Region(tc.agency, "")
			require.True(t, ok)
			assert.Equal(t, tc.code, d.Code)
		})
	}
	t.Run("the chain picks which 民意乡", func(t *testing.T) {
		d, ok := Region("五常市民意乡人民政府", "")
		require.True(t, ok)
		assert.Equal(t, "黑龙江省哈尔滨市五常市民意乡", d.FullName())
	})
	t.Run("ambiguous without hints, resolved by them", func(t *testing.T) {
		_, ok := Region("中村乡", "")
		assert.False(t, ok)
		assert.Len(t, Regions("中村乡", ""), 5)
		d, ok := Region("中村乡", "本乡隶属会昌县。")
		require.True(t, ok)
		assert.Equal(t, "360733206", d.Code)
	})
	t.Run("the report text as hints", func(t *testing.T) {
		text := mustRead(t, realCorpus+"/010_yanan_fuxian_zhangjiawan_zhen_2021.txt")
		assert.Len(t, Regions("张家湾镇", ""), 3)
		d, ok := Region("张家湾镇", text) // 《富县人民政府网》
		require.True(t, ok)
		assert.Equal(t, "610628103", d.Code)
	})
	t.Run("no place name", func(t *testing.T) {
		_, ok := Region("某区审计局", "")
		assert.False(t, ok)
		assert.Empty(t, Regions("政府信息公开工作年度报告", ""))
	})
}

func TestOwnNames(t *testing.T) {
	own := OwnNames(mustOne(t, "淄川区"))
	assert.Equal(t, []string{"淄川区", "淄川", "淄博市", "淄博", "山东省", "山东"}, own[:6], "region first, then its ancestors")
	assert.Contains(t, own, "昆仑镇")
	assert.Contains(t, own, "昆仑")
	for _, n := range own {
		assert.GreaterOrEqual(t, len([]rune(n)), 2, n)
	}

	t.Run("a township's siblings", func(t *testing.T) {
		d, ok := Region("重庆市九龙坡区二郎街道办事处", "")
		require.True(t, ok)
		own := OwnNames(d)
		assert.Equal(t, []string{"二郎街道", "二郎", "九龙坡区", "九龙坡", "重庆市", "重庆"}, own[:6])
		assert.Contains(t, own, "杨家坪街道")
	})
	t.Run("short forms that are everyday words are left out", func(t *testing.T) {
		d := mustCode(t, Lookup("人民街道"), "430407001")
		own := OwnNames(d)
		assert.Contains(t, own, "人民街道")
		assert.NotContains(t, own, "人民")
	})
	assert.Nil(t, OwnNames(nil))
}

type source struct{ file, agency, text string }

// mustSources reads the corpus index; an agency's note in parentheses is
// dropped, and the text is empty where the file is not plain text.
func mustSources(tb testing.TB) []source {
	tb.Helper()
	var out []source
	lines := strings.Split(mustRead(tb, realCorpus+"/SOURCES.tsv"), "\n")
	for _, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			continue
		}
		s := source{file: f[0]}
		s.agency, _, _ = strings.Cut(f[2], " (")
		if ext := filepath.Ext(f[0]); ext == ".txt" || ext == ".md" {
			s.text = mustRead(tb, filepath.Join(realCorpus, f[0]))
		}
		out = append(out, s)
	}
	return out
}

// realCorpus is the real reports and their SOURCES.tsv, kept once in
// corpus/testdata.
const realCorpus = "../../corpus/testdata/corpus"

func mustRead(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	require.NoError(tb, err)
	return string(b)
}

func mustOne(tb testing.TB, name string) *Division {
	tb.Helper()
	ds := Lookup(name)
	require.Len(tb, ds, 1, name)
	return ds[0]
}

func mustCode(tb testing.TB, ds []*Division, code string) *Division {
	tb.Helper()
	for _, d := range ds {
		if d.Code == code {
			return d
		}
	}
	require.Failf(tb, "missing", "no %s among %v", code, ds)
	return nil
}

func codes(ds []*Division) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

const seedAgency = "淄博市淄川区投资促进服务中心"

func TestFindVariants_Seed(t *testing.T) {
	text := mustRead(t, realCorpus+"/000_zibo_zichuan_touzi_2023.txt")
	d, ok := Region(seedAgency, text)
	require.True(t, ok)
	own := OwnNames(d)

	check := func(t *testing.T, names []string, found []string) {
		vs := FindVariants(text, names, d)
		require.Len(t, vs, 5, "%v", vs)
		var lines []int
		for i, v := range vs {
			lines = append(lines, lineOf(text, v.Start))
			assert.Equal(t, v.Found, text[v.Start:v.End])
			assert.Equal(t, found[i], v.Found)
			assert.Equal(t, strings.ReplaceAll(v.Found, "溜", "淄"), v.Want)
			assert.True(t, v.Sim.Shape)
			assert.Contains(t, v.Context, v.Found)
			assert.NotContains(t, v.Context, "\n")
		}
		assert.Equal(t, []int{25, 29, 29, 91, 91}, lines)
		assert.True(t, sort.SliceIsSorted(vs, func(i, j int) bool { return vs[i].Start < vs[j].Start }))
	}
	t.Run("own names", func(t *testing.T) {
		check(t, own, []string{"溜川", "溜川区", "溜川区", "溜川", "溜川"})
	})
	t.Run("with the quoted names", func(t *testing.T) {
		quoted := QuotedNames(text, own)
		require.Contains(t, quoted, "投资淄川")
		check(t, append(own, quoted...), []string{"投资溜川", "溜川区", "溜川区", "投资溜川", "溜川"})
	})
}

// TestFindVariants_Corpus measures false positives: every text of the
// corpus, checked against its own region's names and quoted names, must
// give nothing but the seed's five.
func TestFindVariants_Corpus(t *testing.T) {
	files, err := filepath.Glob(realCorpus + "/*.txt")
	require.NoError(t, err)
	md, err := filepath.Glob(realCorpus + "/*.md")
	require.NoError(t, err)
	files = append(files, md...)
	require.Len(t, files, 23) // every .txt and .md; the PDF is for the extract stage
	agencies := map[string]string{}
	for _, s := range mustSources(t) {
		agencies[s.file] = s.agency
	}
	total := 0
	for _, path := range files {
		file := filepath.Base(path)
		t.Run(file, func(t *testing.T) {
			text := mustRead(t, path)
			d, ok := Region(agencies[file], text)
			if !ok {
				t.Logf("%s: no region for %q, nothing to check", file, agencies[file])
				return
			}
			own := OwnNames(d)
			own = append(own, QuotedNames(text, own)...)
			vs := FindVariants(text, own, d)
			total += len(vs)
			t.Logf("%s: region %v, %d names, %d variants", file, d, len(own), len(vs))
			for _, v := range vs {
				t.Logf("  line %d: %s → %s (%.2f %s) %s", lineOf(text, v.Start), v.Found, v.Want, v.Sim.Score, v.Sim.Reason, v.Context)
			}
			if strings.HasPrefix(file, "000_") {
				assert.Len(t, vs, 5)
				return
			}
			assert.Empty(t, vs)
		})
	}
	t.Logf("corpus: %d variants in %d files", total, len(files))
}

func TestFindVariants(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		names      []string
		want       []string // Found→Want
	}{
		{"look-alike in a full name", "山东省淄博市溜川区人民政府", []string{"淄川区", "淄川"}, []string{"溜川区→淄川区"}},
		{"same sound", "位于资川区的企业", []string{"淄川区"}, []string{"资川区→淄川区"}},
		{"suffix look-alike", "淄博市淄川医人民政府", []string{"淄川区"}, []string{"淄川医→淄川区"}},
		{"common word, not a name", "他知识渊博，是淄博人", []string{"淄博"}, nil},
		{"a hospital, not a district", "淄川区淄川医院", []string{"淄川区", "淄川"}, nil},
		{"another real division", "会东县溜姑乡和淄川", []string{"淄姑"}, nil},
		{"two characters need the name written right somewhere", "推介溜川名片", []string{"淄川"}, nil},
		{"two characters, name present", "淄川区：推介溜川名片", []string{"淄川"}, []string{"溜川→淄川"}},
		{"straddling two words", "兴文县规范性文件", []string{"兴文"}, nil},
		{"grammar", "兴和县保障知情权和参与权，杨和", []string{"杨和"}, nil},
		{"a date", "羊市镇2024 年市科委", []string{"羊市"}, nil},
		{"a document number", "海府 渝府办发〔2020〕89号", []string{"海府"}, nil},
		{"one-character names are ignored", "溜", []string{"淄"}, nil},
		{"no such city, though 大案 is a word", "大安市人民政府。推进大案市营商环境建设", []string{"大安市", "大安"}, []string{"大案市→大安市"}},
		{"no such town, though 树屏 is a place", "桑树坪镇人民政府。桑树屏镇党委", []string{"桑树坪镇", "桑树坪"}, []string{"桑树屏镇→桑树坪镇"}},
		{"no such province, though 渭北 is a region", "湖北省人民政府。渭北省政府", []string{"湖北省", "湖北"}, []string{"渭北省→湖北省"}},
		{"a verb before the suffix", "通辽市人民政府。可以通过市科委网站查询", []string{"通辽市", "通辽"}, nil},
		{"the suffix opens a word", "新昌县人民政府。新晋县级文明单位，大案市场", []string{"新昌县", "大安市"}, nil},
		{"the rest is a word", "白城市人民政府。美丽的城市", []string{"白城市"}, nil},
		{"a real county elsewhere", "和平县人民政府。与和顺县开展交流", []string{"和平县"}, nil},
		{"quoted account, a place somewhere", "南平市人民政府。通过“南坪发布”发布信息", []string{"南平市", "南平"}, nil},
		{"quoted account, look-alike", "洛阳市人民政府。通过“落阳发布”发布信息", []string{"洛阳市", "洛阳"}, []string{"落阳→洛阳"}},
		{"quoted word", "青海省人民政府。“青梅竹马”", []string{"青海省", "青海"}, nil},
		{"a document title", "洛阳市人民政府。《落阳发布》", []string{"洛阳市", "洛阳"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, v := range FindVariants(tc.text, tc.names, nil) {
				got = append(got, v.Found+"→"+v.Want)
				assert.Equal(t, v.Found, tc.text[v.Start:v.End])
			}
			assert.Equal(t, tc.want, got)
		})
	}
	t.Run("the longest name wins, once", func(t *testing.T) {
		vs := FindVariants("“投资淄川”与“投资溜川”", []string{"淄川", "投资淄川"}, nil)
		require.Len(t, vs, 1)
		assert.Equal(t, "投资淄川", vs[0].Want)
	})
	assert.Empty(t, FindVariants("", []string{"淄川"}, nil))
	assert.Empty(t, FindVariants("溜川", nil, nil))
}

func TestFindVariants_Province(t *testing.T) {
	// 沈洋 is only a township, 沈洋镇 of 吉林省 梨树县: a report of 沈阳市
	// has no reason to quote it, a report from 吉林省 may.
	text := "沈阳市人民政府。通过“沈洋发布”发布信息"
	shenyang, jilin := mustOne(t, "沈阳市"), mustOne(t, "吉林省")
	vs := FindVariants(text, []string{"沈阳"}, shenyang)
	require.Len(t, vs, 1, "only a township of another province")
	assert.Equal(t, "沈洋", vs[0].Found)
	assert.Empty(t, FindVariants(text, []string{"沈阳"}, jilin), "a township of the province")
	assert.Empty(t, FindVariants(text, []string{"沈阳"}, nil), "no region: any real place")
	// 南坪 was a county (南坪县, now 九寨沟县): a place anywhere.
	assert.Empty(t, FindVariants("南平市人民政府。“南坪发布”", []string{"南平"}, mustOne(t, "南平市")))
}

// TestFindVariants_Governed: a division written wrong before its body
// (省委, 市政府) is found though its first character makes a word with
// what stands before it, when the report writes the name right elsewhere.
func TestFindVariants_Governed(t *testing.T) {
	anhui := mustOne(t, "安徽省")
	text := "安徽省人民政府。2019年，安徽省人民政府在案徽省委、安徽省政府的坚强领导下"
	vs := FindVariants(text, []string{"安徽省"}, anhui)
	require.Len(t, vs, 1)
	assert.Equal(t, "案徽省", vs[0].Found)
	assert.Empty(t, FindVariants("登记在案徽省委", []string{"安徽省"}, anhui), "the name nowhere written right")
	assert.Empty(t, FindVariants("安徽省。记录在案。省委要求", []string{"安徽省"}, anhui), "not a window")
}

func TestQuotedVariants(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		quoted     []string
		want       []string // Found→Want
	}{
		{"a word inside", "“平安陈仓”“平安陈仓”“干安陈仓”", []string{"平安陈仓"}, []string{"干安陈仓→平安陈仓"}},
		{"a place inside", "“美丽福建”“美丽福建”“美万福建”", []string{"美丽福建"}, []string{"美万福建→美丽福建"}},
		{"a tie", "“平安陈仓”“干安陈仓”", []string{"平安陈仓"}, nil},
		{"titles are documents", "《平安陈仓》《平安陈仓》《干安陈仓》", []string{"平安陈仓"}, nil},
		{"numbers", "“一网通办”“一网通办”“二网通办”", []string{"一网通办"}, nil},
		{"unrelated characters", "“淄川发布”“淄川发布”“淄川发展”", []string{"淄川发布"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, v := range QuotedVariants(tc.text, tc.quoted) {
				got = append(got, v.Found+"→"+v.Want)
				assert.Equal(t, v.Found, tc.text[v.Start:v.End])
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestQuotedNames(t *testing.T) {
	text := `通过微信公众号“投资淄川”发布；《淄川区政务公开指南》；"投资淄川"；“投资溜川”；“淄川”；“一段很长的话` + strings.Repeat("很长", 30) + `淄川”`
	assert.Equal(t, []string{"投资淄川", "淄川区政务公开指南"}, QuotedNames(text, []string{"淄川区", "淄川"}))
	assert.Empty(t, QuotedNames("“未闭合的淄川", []string{"淄川"}))
}

func TestWordList(t *testing.T) {
	loadWords()
	list := strings.Split(strings.TrimSuffix(words.text, "\n"), "\n")
	require.Greater(t, len(list), 50000)
	for i := 1; i < len(list); i++ {
		require.Less(t, list[i-1], list[i], "sorted, no duplicates")
	}
	// Every word is found, and nothing between two of them, with the
	// index (built after indexAfter look-ups) and without.
	fresh := newWordList(wordsTxt)
	require.False(t, fresh.has(list[0][:len(list[0])-1]))
	for i, w := range list {
		require.True(t, fresh.has(w), w)
		require.False(t, fresh.has(w+"\x00"), w)
		require.Equal(t, 1+2*(i+1) > indexAfter, fresh.index.Load() != nil, "index after %d look-ups", 1+2*(i+1))
	}
	for _, w := range []string{"渊博", "医院", "通过", "微信", "一一"} {
		assert.True(t, isWord(w), w)
	}
	for _, w := range []string{"溜川", "淄川区", "", "#"} {
		assert.False(t, isWord(w), w)
	}
	assert.True(t, commonShort.has("人民"))
	assert.False(t, commonShort.has("淄川"))
}

func lineOf(text string, off int) int { return strings.Count(text[:off], "\n") + 1 }

// TestFindVariants_AnyRegion is a harsher false-positive measurement: each
// corpus text against every division's names at once, as though each
// report came from every region of China. Any hit outside the seed's 溜川
// is a false alarm some real report could raise.
func TestFindVariants_AnyRegion(t *testing.T) {
	loadWords()
	var all []string
	for _, n := range AllNames() {
		if atLeastTwoRunes(n) && !commonShort.has(n) {
			all = append(all, n)
		}
	}
	files, err := filepath.Glob(realCorpus + "/*.*")
	require.NoError(t, err)
	for _, path := range files {
		if ext := filepath.Ext(path); ext != ".txt" && ext != ".md" {
			continue
		}
		text := mustRead(t, path)
		for _, v := range FindVariants(text, all, nil) {
			if strings.Contains(v.Found, "溜川") {
				continue
			}
			t.Errorf("%s:%d: %s → %s (%.2f %s) %s", filepath.Base(path), lineOf(text, v.Start), v.Found, v.Want, v.Sim.Score, v.Sim.Reason, v.Context)
		}
	}
}

// TestFindVariants_RestIsWord: a three-character name whose last two
// characters form a word (州市, 山区) is still checked when the report
// writes the name right elsewhere (found by the corpus/gen injector).
func TestFindVariants_RestIsWord(t *testing.T) {
	for _, c := range []struct{ text, found, want string }{
		{"杭州市人民政府。杭州发布。围绕航州市经济社会发展大局。", "航州市", "杭州市"},
		{"福州市人民政府。福州发布。围绕浮州市经济社会发展大局。", "浮州市", "福州市"},
	} {
		vs := FindVariants(c.text, []string{c.want, []string{"杭州", "福州"}[map[bool]int{true: 0, false: 1}[c.want == "杭州市"]]}, nil)
		require.Len(t, vs, 1, c.text)
		assert.Equal(t, c.found, vs[0].Found)
		assert.Equal(t, c.want, vs[0].Want)
	}
	// Without the right spelling anywhere, 州市 stays an ordinary word.
	assert.Empty(t, FindVariants("围绕航州市经济社会发展大局。", []string{"杭州市"}, nil))
}

// TestFindVariants_MentionedRegions is the false-positive measurement
// with the hierarchy evidence switched on: each corpus text is checked as
// though it came from every division it names (the level suffix, the
// province and the quoted names all then speak), and quoted names are
// compared whole. Any hit outside the seed's 溜川 is a false alarm.
func TestFindVariants_MentionedRegions(t *testing.T) {
	files, err := filepath.Glob(realCorpus + "/*.*")
	require.NoError(t, err)
	regions := 0
	for _, path := range files {
		if ext := filepath.Ext(path); ext != ".txt" && ext != ".md" {
			continue
		}
		text := mustRead(t, path)
		seen := map[*Division]bool{}
		for _, n := range AllNames() {
			if !strings.Contains(text, n) || !atLeastTwoRunes(n) {
				continue
			}
			for _, d := range Lookup(n) {
				if seen[d] {
					continue
				}
				seen[d] = true
				regions++
				own := OwnNames(d)
				quoted := QuotedNames(text, append(PlaceNames(d), own...))
				vs := FindVariants(text, append(own, quoted...), d)
				vs = append(vs, QuotedVariants(text, quoted)...)
				for _, v := range vs {
					if strings.Contains(v.Found, "溜川") {
						continue
					}
					t.Errorf("%s as %v:%d: %s → %s (%.2f %s) %s", filepath.Base(path), d, lineOf(text, v.Start), v.Found, v.Want, v.Sim.Score, v.Sim.Reason, v.Context)
				}
			}
		}
	}
	t.Logf("%d regions", regions)
}

func TestConfusable(t *testing.T) {
	t.Run("淄 and 溜 look alike though no curated set pairs them", func(t *testing.T) {
		s, ok := Confusable('淄', '溜')
		require.True(t, ok)
		assert.True(t, s.Shape)
		assert.False(t, s.Sound)
		assert.InDelta(t, 0.70, s.Score, 1e-9)
		assert.Equal(t, "同部首(水)，四角号码3216/3716，仓颉EVVW/EHHW，笔画11/13", s.Reason)
		assert.False(t, loadChars().sameGroup('淄', '溜'))
	})
	for _, tc := range []struct {
		pair         string
		shape, sound bool
	}{
		{"己已", true, false},
		{"大太", true, false},
		{"人入", true, false},
		{"民氏", true, false},
		{"区医", true, false},
		{"淄缁", true, true}, // same_stroke group and same sound
		{"设没", true, false},
		{"淄资", false, true},
		{"清晴", true, true}, // shared 青, qīng/qíng
	} {
		t.Run(tc.pair+" confusable", func(t *testing.T) {
			r := []rune(tc.pair)
			s, ok := Confusable(r[0], r[1])
			require.True(t, ok, "%+v", s)
			assert.Equal(t, tc.shape, s.Shape, "%+v", s)
			assert.Equal(t, tc.sound, s.Sound, "%+v", s)
			assert.GreaterOrEqual(t, s.Score, ConfusableScore)
			assert.LessOrEqual(t, s.Score, 1.0)
			back, _ := Confusable(r[1], r[0])
			assert.Equal(t, s.Score, back.Score, "symmetric")
		})
	}
	for _, pair := range []string{"淄川", "淄博", "山东", "人民", "区县", "省市", "的是", "川州", "淄淄"} {
		t.Run(pair+" apart", func(t *testing.T) {
			r := []rune(pair)
			s, ok := Confusable(r[0], r[1])
			assert.False(t, ok, "%+v", s)
		})
	}
	t.Run("characters without data are confusable with nothing", func(t *testing.T) {
		for _, pair := range []string{"开開", "市巿"} { // traditional 開; 巿 (fú) is outside the extract
			r := []rune(pair)
			_, ok := Confusable(r[0], r[1])
			assert.False(t, ok, pair)
		}
	})
	t.Run("another tone alone is too weak", func(t *testing.T) {
		s, ok := Confusable('淄', '子') // zī / zǐ
		assert.False(t, ok)
		assert.True(t, s.Sound)
		assert.Contains(t, s.Reason, "同音异调")
	})
}

func TestRadicalGlyph(t *testing.T) {
	assert.Equal(t, "水", radicalGlyph("85"))
	assert.Equal(t, "讠", radicalGlyph("149'"))
	assert.Equal(t, "言", radicalGlyph("149"))
	assert.Equal(t, "x", radicalGlyph("x"))
}

// TestLookup_SameAsFirstWritten: for every name of the atlas, Lookup gives
// what it gave when named sorted with sort.Slice and Lookup split the list
// into two new ones.
func TestLookup_SameAsFirstWritten(t *testing.T) {
	a := loadAtlas()
	for _, name := range AllNames() {
		var list []*Division
		a.byName.each(name, func(i int32) { list = append(list, a.div(i)) })
		sort.Slice(list, func(i, j int) bool { return list[i].Code < list[j].Code })
		var full, short []*Division
		for _, d := range list {
			if d.Name == name {
				full = append(full, d)
			} else {
				short = append(short, d)
			}
		}
		want := short
		if len(full) > 0 {
			want = full
		}
		got := Lookup(name)
		if len(got) != len(want) {
			t.Fatalf("Lookup(%s): %d divisions, want %d", name, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("Lookup(%s)[%d] = %s %s, want %s %s", name, i, got[i].Code, got[i].Name, want[i].Code, want[i].Name)
			}
		}
	}
}

// TestSuffixOf_SameAsFirstWritten: for every name of the atlas, suffixOf
// gives what it gave reading the sorted list of named.
func TestSuffixOf_SameAsFirstWritten(t *testing.T) {
	n := 0
	all := AllNames()
	// Every name, then the first 500 again, which suffixOf remembers.
	for _, name := range append(all, all[:500]...) {
		want := ""
		for _, d := range loadAtlas().named(name) {
			if d.Name == name && d.short != name && strings.HasPrefix(name, d.short) {
				want = name[len(d.short):]
				break
			}
		}
		if got := suffixOf(name); got != want {
			t.Fatalf("suffixOf(%s) = %q, want %q", name, got, want)
		}
		if want != "" {
			n++
		}
	}
	if n < 1000 {
		t.Fatalf("only %d names with a suffix", n)
	}
}
