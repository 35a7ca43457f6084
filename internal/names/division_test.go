package names

import (
	"os"
	"path/filepath"
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
		perLevel := map[int]int{}
		for i := range a.all {
			d := &a.all[i]
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
