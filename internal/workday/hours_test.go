package workday

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDefaultHours(t *testing.T) {
	h := DefaultHours()
	if got, want := h.Loc.String(), "Asia/Shanghai"; got != want {
		t.Fatalf("Loc: got %v, want %v", got, want)
	}
	if got, want := h.String(), "08:30-12:00,14:30-18:00"; got != want {
		t.Fatalf("got %v, want %v", got, want)
	}
	p, err := ParseHours(h.String(), h.Loc)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Spans, h.Spans) {
		t.Fatalf("round trip: got %v, want %v", p.Spans, h.Spans)
	}
}

func TestParseHours(t *testing.T) {
	utc := time.UTC
	tests := []struct {
		spec string
		want []Span
	}{
		{"08:30-12:00,14:30-18:00", []Span{{510, 720}, {870, 1080}}},
		{" 09:00 - 17:00 ", []Span{{540, 1020}}},
		{"00:00-24:00", []Span{{0, 1440}}},
		{"08:00-12:00,12:00-13:00", []Span{{480, 720}, {720, 780}}},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseHours(tt.spec, utc)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Spans, tt.want) || got.Loc != utc {
				t.Fatalf("got %v, want %v", got.Spans, tt.want)
			}
		})
	}
}

func TestParseHoursRejects(t *testing.T) {
	tests := []struct {
		spec string
		loc  *time.Location
		want string
	}{
		{"", time.UTC, "empty"},
		{"08:30-12:00", nil, "no time zone"},
		{"08:30", time.UTC, `span 1 "08:30": want HH:MM-HH:MM`},
		{"8:30-12:00", time.UTC, `span 1 "8:30-12:00": start: "8:30": want HH:MM`},
		{"08:30-12:60", time.UTC, `span 1 "08:30-12:60": end: "12:60": minute 60`},
		{"08:30-25:00", time.UTC, `end: "25:00": hour out of range`},
		{"24:00-24:00", time.UTC, `span 1 24:00-24:00: end is not after start`},
		{"08:30-24:30", time.UTC, `end: "24:30": hour out of range`},
		{"12:00-08:30", time.UTC, "span 1 12:00-08:30: end is not after start"},
		{"08:30-08:30", time.UTC, "span 1 08:30-08:30: end is not after start"},
		{"08:30-12:00,11:00-13:00", time.UTC, "span 2 11:00-13:00: overlaps span 1 08:30-12:00"},
		{"14:30-18:00,08:30-12:00", time.UTC, "span 2 08:30-12:00: starts before span 1 14:30-18:00"},
		{"08:30-12:00,", time.UTC, `span 2 "": want HH:MM-HH:MM`},
		{"08:30-12:00;14:30-18:00", time.UTC, `end: "12:00;14:30-18:00": want HH:MM`},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseHours(tt.spec, tt.loc)
			if err == nil {
				t.Fatalf("got %v, want an error", got)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %q, want it to contain %q", err, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("errors.Is(%v, ErrInvalid) = false, want true", err)
			}
		})
	}
}
