package catalog

import (
	"strings"
	"testing"

	"tongban/internal/fault"
)

func validItem() Item {
	return Item{
		Code:        "AL-SCJGJ-0001",
		NameZH:      "企业设立登记",
		Department:  "scjgj",
		Kind:        Licensing,
		LegalDays:   3,
		Materials:   []MaterialReq{{Name: "申请书", Form: Original, Copies: 1, Required: true}, {Name: "营业执照", Form: Copy, Copies: 1, Required: true, Reusable: true, DocType: "business_licence"}},
		Levels:      []Level{League, Banner},
		OnlineDepth: FullOnline,
		LegalBasis:  "《市场主体登记管理条例》",
		Active:      true,
	}
}

func TestItemValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Item)
		fields []string // every field the errors must name, in order
	}{
		{"valid", func(*Item) {}, nil},
		{"valid on the spot", func(it *Item) { it.LegalDays, it.PromisedDays = 0, 0 }, nil},
		{"valid imported code", func(it *Item) { it.Code = "11152900MB1234567X4000105001000" }, nil},
		{"valid public service without basis", func(it *Item) { it.Kind, it.LegalBasis = PublicService, "" }, nil},
		{"valid Mongolian name", func(it *Item) { it.NameMN = "ᠠᠵ ᠠᠬᠤᠢ ᠵᠢᠨ ᠪᠦᠷᠢᠳᠭᠡᠯ" }, nil},
		{"lower-case code", func(it *Item) { it.Code = "al-scjgj-1" }, []string{"code"}},
		{"code with spaces", func(it *Item) { it.Code = "AL SCJGJ" }, []string{"code"}},
		{"code double hyphen", func(it *Item) { it.Code = "AL--1" }, []string{"code"}},
		{"no name", func(it *Item) { it.NameZH = " " }, []string{"name_zh"}},
		{"name with delimiter", func(it *Item) { it.NameZH = "登记;变更" }, []string{"name_zh"}},
		{"Chinese in the Mongolian column", func(it *Item) { it.NameMN = "企业设立登记" }, []string{"name_mn"}},
		{"department", func(it *Item) { it.Department = "市场监管局" }, []string{"department"}},
		{"kind", func(it *Item) { it.Kind = "approval" }, []string{"kind"}},
		{"negative legal", func(it *Item) { it.LegalDays = -1 }, []string{"legal_days", "promised_days"}},
		{"promised over legal", func(it *Item) { it.PromisedDays = 5 }, []string{"promised_days"}},
		{"legal too long", func(it *Item) { it.LegalDays, it.PromisedDays = 400, 1 }, []string{"legal_days"}},
		{"negative promised", func(it *Item) { it.PromisedDays = -2 }, []string{"promised_days"}},
		{"material without name", func(it *Item) { it.Materials[0].Name = "" }, []string{"materials"}},
		{"duplicate material", func(it *Item) { it.Materials[1].Name = "申请书" }, []string{"materials"}},
		{"material form", func(it *Item) { it.Materials[0].Form = "scan" }, []string{"materials"}},
		{"material copies", func(it *Item) { it.Materials[0].Copies = 0 }, []string{"materials"}},
		{"reusable without doc type", func(it *Item) { it.Materials[1].DocType = "" }, []string{"materials"}},
		{"material name with bracket", func(it *Item) { it.Materials[0].Name = "申请书[新]" }, []string{"materials"}},
		{"fee without basis", func(it *Item) { it.Fee = 8000 }, []string{"fee_basis"}},
		{"negative fee", func(it *Item) { it.Fee = -1 }, []string{"fee_fen"}},
		{"no levels", func(it *Item) { it.Levels = nil }, []string{"levels"}},
		{"bad level", func(it *Item) { it.Levels = []Level{"county"} }, []string{"levels"}},
		{"level twice", func(it *Item) { it.Levels = []Level{Banner, Banner} }, []string{"levels"}},
		{"online depth", func(it *Item) { it.OnlineDepth = "online" }, []string{"online_depth"}},
		{"notify-commit without materials", func(it *Item) { it.NotifyCommit = true }, []string{"promise_replaces"}},
		{"promise without notify-commit", func(it *Item) { it.PromiseReplaces = []string{"营业执照"} }, []string{"promise_replaces"}},
		{"promise of unknown material", func(it *Item) { it.NotifyCommit, it.PromiseReplaces = true, []string{"检测报告"} }, []string{"promise_replaces"}},
		{"empty step", func(it *Item) { it.ReviewSteps = []string{"审查", ""} }, []string{"review_steps"}},
		{"licence without basis", func(it *Item) { it.LegalBasis = "" }, []string{"legal_basis"}},
		{"everything wrong", func(it *Item) {
			*it = Item{Kind: "x", LegalDays: 1, PromisedDays: 2}
		}, []string{"code", "name_zh", "department", "kind", "promised_days", "levels", "online_depth"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := validItem()
			tt.change(&it)
			err := it.Validate()
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				return
			}
			list, ok := err.(fault.List)
			if !ok {
				t.Fatalf("got %T %v, want a fault.List", err, err)
			}
			var got []string
			for _, fe := range list {
				if fe.Code != fault.Invalid {
					t.Errorf("got code %s, want invalid", fe.Code)
				}
				if len(got) == 0 || got[len(got)-1] != fe.Field {
					got = append(got, fe.Field)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("got fields %v, want %v (%v)", got, tt.fields, err)
			}
		})
	}
}

func TestParseYuan(t *testing.T) {
	tests := []struct {
		in   string
		want Fen
		ok   bool
	}{
		{"80", 8000, true}, {"80.00", 8000, true}, {"0.5", 50, true}, {"12.34", 1234, true},
		{"¥10", 1000, true}, {"20元", 2000, true}, {" 0 ", 0, true},
		{"", 0, false}, {"1.234", 0, false}, {"-5", 0, false}, {"1,000", 0, false}, {"abc", 0, false}, {"5.", 0, false}, {".5", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseYuan(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseYuan(%q): got %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for _, f := range []Fen{0, 5, 50, 8000, 12345} {
		back, err := ParseYuan(f.String())
		if err != nil || back != f {
			t.Errorf("round trip of %d via %q: got %d, %v", f, f.String(), back, err)
		}
	}
}

func TestParseEnums(t *testing.T) {
	for _, s := range []string{"licensing", "行政许可", "许可", "LICENSING"} {
		if k, ok := ParseKind(s); !ok || k != Licensing {
			t.Errorf("ParseKind(%q): got %q, %v", s, k, ok)
		}
	}
	if k, ok := ParseKind("备案"); !ok || k != OtherPower {
		t.Errorf("ParseKind(备案): got %q, %v, want other", k, ok)
	}
	if _, ok := ParseKind("审批"); ok {
		t.Errorf("ParseKind(审批): got ok, want not a kind")
	}
	if d, ok := ParseOnlineDepth("网上预审"); !ok || d != PreReview {
		t.Errorf("ParseOnlineDepth(网上预审): got %q, %v", d, ok)
	}
	if l, ok := ParseLevel("嘎查村级"); !ok || l != Village {
		t.Errorf("ParseLevel(嘎查村级): got %q, %v", l, ok)
	}
	if f, ok := ParseForm("复印件"); !ok || f != Copy {
		t.Errorf("ParseForm(复印件): got %q, %v", f, ok)
	}
	if len(Kinds) != 11 {
		t.Errorf("got %d kinds, want the 10 administrative powers and public service", len(Kinds))
	}
	for _, k := range Kinds {
		if k.Administrative() == (k == PublicService) {
			t.Errorf("%s: Administrative() = %v", k, k.Administrative())
		}
	}
}

func TestOnlineRate(t *testing.T) {
	mk := func(d OnlineDepth, active bool) Item { return Item{OnlineDepth: d, Active: active} }
	items := []Item{mk(FullOnline, true), mk(FullOnline, true), mk(PreReview, true), mk(WindowOnly, true), mk(WindowOnly, false)}
	full, pre := OnlineRate(items)
	if full != 0.5 || pre != 0.75 {
		t.Errorf("got %v, %v, want 0.5, 0.75 (inactive items not counted)", full, pre)
	}
	if full, pre := OnlineRate(nil); full != 0 || pre != 0 {
		t.Errorf("no items: got %v, %v, want 0, 0", full, pre)
	}
}
