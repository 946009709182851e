package access

import (
	"testing"

	"tongban/internal/org"
	"tongban/internal/workorder"
)

func TestRegionPrefix(t *testing.T) {
	for code, want := range map[string]string{
		"150000000000": "15", "152900000000": "1529", "152921000000": "152921",
		"152921110000": "152921110", "152921110201": "152921110201",
	} {
		if got := RegionPrefix(code); got != want {
			t.Errorf("RegionPrefix(%s) = %s, want %s", code, got, want)
		}
	}
}

func TestOrderScope(t *testing.T) {
	o := &workorder.Order{RegionCode: "152921110000", Assignments: []workorder.Assignment{{UnitID: 7}}}
	other := &workorder.Order{RegionCode: "152923100000"}
	tests := []struct {
		name      string
		sub       Subject
		sees, oth bool
	}{
		{"league centre agent", Subject{Role: org.Agent, UnitKind: org.Centre, UnitRegion: "152900000000"}, true, true},
		{"banner sub-centre", Subject{Role: org.Dispatcher, UnitKind: org.SubCentre, UnitRegion: "152921000000"}, true, false},
		{"leader of another banner", Subject{Role: org.Leader, UnitKind: org.Department, UnitRegion: "152923000000"}, false, true},
		{"handler of the assigned unit", Subject{Role: org.Handler, UnitID: 7, UnitKind: org.Department, UnitRegion: "152921000000"}, true, false},
		{"handler of another unit in the same banner", Subject{Role: org.Handler, UnitID: 8, UnitKind: org.Department, UnitRegion: "152921000000"}, false, false},
		{"window clerk", Subject{Role: org.WindowClerk, UnitKind: org.Department, UnitRegion: "152921000000"}, false, false},
	}
	for _, tt := range tests {
		sc := OrderScope(tt.sub)
		if got := sc.Sees(o); got != tt.sees {
			t.Errorf("%s sees the 阿左旗 order: %v, want %v", tt.name, got, tt.sees)
		}
		if got := sc.Sees(other); got != tt.oth {
			t.Errorf("%s sees the 额济纳旗 order: %v, want %v", tt.name, got, tt.oth)
		}
	}
}

func TestReportCallerHiddenOutsideTheHotline(t *testing.T) {
	o := &workorder.Order{Type: workorder.TypeReport, Caller: workorder.Caller{Name: "举报人", Phone: "+8613900000000"}, Address: "某路1号"}
	unit := Subject{Role: org.Handler, UnitKind: org.Department}
	centre := Subject{Role: org.Agent, UnitKind: org.Centre}
	if v := View(unit, o); v.Caller.Name != "" || v.Caller.Phone != "" || v.Address != "" {
		t.Errorf("a unit sees the reporter: %+v %q", v.Caller, v.Address)
	}
	if v := View(centre, o); v.Caller.Phone == "" {
		t.Error("the centre does not see the reporter")
	}
	if o.Caller.Name == "" {
		t.Error("View changed the stored order")
	}
}
