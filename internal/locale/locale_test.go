package locale

import (
	"testing"
)

func TestCatalogsCoverEachOther(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	zh, mn := c.IDs(ZH), c.IDs(MN)
	if len(zh) == 0 {
		t.Fatal("no messages")
	}
	for _, id := range zh {
		if !c.Has(MN, id) {
			t.Errorf("message %q has no Mongolian text", id)
		}
	}
	for _, id := range mn {
		if !c.Has(ZH, id) {
			t.Errorf("message %q has no Chinese text", id)
		}
	}
	if got := c.T(ZH, "home.welcome", map[string]any{"name": "王丽"}); got != "欢迎，王丽" {
		t.Errorf("got %q, want 欢迎，王丽", got)
	}
	if got := c.T(MN, "no.such.message", nil); got != "[no.such.message]" {
		t.Errorf("missing message: got %q", got)
	}
	if len(c.NeedsReview()) == 0 {
		t.Error("drafted Mongolian messages must be marked for review")
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{"zh": ZH, "zh-Hans": ZH, "mn": MN, "mn-Mong-CN": MN, "mn-MN": "", "en": "", "": ""} {
		if got := Parse(in); got != want {
			t.Errorf("Parse(%q) = %q, want %q", in, got, want)
		}
	}
}
