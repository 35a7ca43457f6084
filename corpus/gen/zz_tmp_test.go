package gen
import ("testing";"os";"strconv")
func TestZZDump(t *testing.T){
	seed,_:=strconv.Atoi(os.Getenv("SEED"))
	r := Generate(int64(seed), Options{})
	for _, f := range Formats { for _, v := range layouts[f] { if f=="text" && v.Style.String()==os.Getenv("STYLE") { v.Seed=int64(seed); b,_:=Render(f,r,v); os.WriteFile("/tmp/r/dump.txt",b,0644) } } }
}
