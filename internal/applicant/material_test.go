package applicant

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"tongban/internal/catalog"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, chinaTime) }

func TestMaterialValidOn(t *testing.T) {
	m := Material{Type: "business_licence", ValidFrom: date(2024, 1, 1), ValidTo: date(2026, 12, 31)}
	tests := []struct {
		at   time.Time
		want bool
	}{
		{date(2023, 12, 31), false},
		{date(2024, 1, 1), true},
		{time.Date(2026, 12, 31, 23, 59, 0, 0, chinaTime), true},
		{time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC), false}, // 00:30 on 1 January in China
		{date(2027, 1, 1), false},
	}
	for _, tt := range tests {
		if got := m.ValidOn(tt.at); got != tt.want {
			t.Errorf("ValidOn(%v): got %v, want %v", tt.at, got, tt.want)
		}
	}
	if !(Material{}).ValidOn(date(2099, 1, 1)) {
		t.Errorf("no bounds: got invalid, want valid (长期)")
	}
}

func TestMaterialValidate(t *testing.T) {
	good := Material{Type: "business_licence", SHA256: strings.Repeat("ab", 32), ValidFrom: date(2024, 1, 1), ValidTo: date(2025, 1, 1)}
	if err := good.Validate(); err != nil {
		t.Fatalf("got %v, want valid", err)
	}
	bad := Material{Type: "Business Licence", SHA256: "xyz", ValidFrom: date(2025, 1, 1), ValidTo: date(2024, 1, 1), Size: -1}
	err := bad.Validate()
	for _, field := range []string{"type", "sha256", "valid_to", "size"} {
		if err == nil || !strings.Contains(err.Error(), field+":") {
			t.Errorf("got %v, want an error naming %s", err, field)
		}
	}
}

func TestCover(t *testing.T) {
	licence := catalog.MaterialReq{Name: "营业执照", Form: catalog.Copy, Copies: 1, Required: true, Reusable: true, DocType: "business_licence"}
	rep := catalog.MaterialReq{Name: "法定代表人身份证件", Form: catalog.Copy, Copies: 1, Required: true, Reusable: true, DocType: "legal_rep_id"}
	form := catalog.MaterialReq{Name: "申请表", Form: catalog.Original, Copies: 1, Required: true}
	agent := catalog.MaterialReq{Name: "授权委托书", Form: catalog.Original, Copies: 1}
	premises := catalog.MaterialReq{Name: "住所使用证明", Form: catalog.Copy, Copies: 1, Reusable: true, DocType: "premises_proof"}
	// Not reusable although the library holds the type: the item wants a
	// fresh one (e.g. a current health certificate).
	fresh := catalog.MaterialReq{Name: "身份证件", Form: catalog.Original, Copies: 1, Required: true, DocType: "resident_id_card"}

	oldLicence := Material{Type: "business_licence", Number: "old", ValidTo: date(2030, 1, 1)}
	longLicence := Material{Type: "business_licence", Number: "long"}
	expiredRep := Material{Type: "legal_rep_id", Number: "rep", ValidTo: date(2025, 6, 30)}
	premisesDoc := Material{Type: "premises_proof", Number: "p"}
	idCard := Material{Type: "resident_id_card", Number: "id"}
	lib := []Material{oldLicence, expiredRep, longLicence, premisesDoc, idCard}

	got := Cover([]catalog.MaterialReq{form, licence, rep, premises, agent, fresh}, lib, date(2026, 11, 26))
	want := Coverage{
		Reused:   []Reuse{{licence, longLicence}, {premises, premisesDoc}},
		Missing:  []catalog.MaterialReq{form, rep, fresh},
		Optional: []catalog.MaterialReq{agent},
		Stale:    []Reuse{{rep, expiredRep}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}

	// On a day the representative's ID was still valid, it is reused.
	got = Cover([]catalog.MaterialReq{rep}, lib, date(2025, 6, 30))
	if len(got.Reused) != 1 || len(got.Missing) != 0 {
		t.Errorf("on the last valid day: got %+v, want reused", got)
	}
	if got := Cover(nil, lib, date(2026, 1, 1)); !reflect.DeepEqual(got, Coverage{}) {
		t.Errorf("no requirements: got %+v, want empty", got)
	}
}

// TestCoverDemoCatalog checks that the once-only idea works on the demo
// catalog: an enterprise's licence and representative ID supply every item
// that asks for them.
func TestCoverDemoCatalog(t *testing.T) {
	lib := []Material{{Type: "business_licence"}, {Type: "legal_rep_id"}}
	n := 0
	for _, it := range catalog.Demo() {
		c := Cover(it.Materials, lib, date(2026, 11, 26))
		for _, r := range c.Reused {
			if r.Req.DocType != r.Material.Type {
				t.Fatalf("%s: %s reused from a %s", it.Code, r.Req.Name, r.Material.Type)
			}
		}
		for _, m := range c.Missing {
			if m.DocType == "business_licence" || m.DocType == "legal_rep_id" {
				t.Errorf("%s: %s missing although the library has it", it.Code, m.Name)
			}
		}
		n += len(c.Reused)
	}
	if n < 100 {
		t.Errorf("got %d reused materials over the demo catalog, want many", n)
	}
}
