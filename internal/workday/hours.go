package workday

import (
	"fmt"
	"slices"
	"strings"
	"time"

	// Embedded so Asia/Shanghai loads on hosts without a zoneinfo database
	// (minimal containers, Windows), where a failure would stop every deadline.
	_ "time/tzdata"
)

// Span is a working period within a day, in minutes from local midnight:
// Start inclusive, End exclusive, 0 <= Start < End <= 1440.
type Span struct {
	Start, End int
}

// String returns the span as HH:MM-HH:MM.
func (s Span) String() string {
	return clock(s.Start) + "-" + clock(s.End)
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// Hours are the office hours (办公时间) used for deadlines given in hours: the
// working spans of every working day, in wall-clock time of Loc.
type Hours struct {
	Loc   *time.Location
	Spans []Span
}

// String returns the spans in the form ParseHours accepts.
func (h Hours) String() string {
	parts := make([]string, len(h.Spans))
	for i, s := range h.Spans {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}

// DefaultHours returns the platform's default office hours, 08:30–12:00 and
// 14:30–18:00 in Asia/Shanghai; deployments with other hours use ParseHours.
func DefaultHours() Hours {
	return Hours{Loc: shanghai(), Spans: []Span{{8*60 + 30, 12 * 60}, {14*60 + 30, 18 * 60}}}
}

var shanghai = func() func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// Unreachable with time/tzdata linked in; UTC+8 is what Shanghai has
		// observed without DST since 1991, so the fallback gives the same answers.
		loc = time.FixedZone("CST", 8*60*60)
	}
	return func() *time.Location { return loc }
}()

// ParseHours parses office hours such as "08:30-12:00,14:30-18:00" (spaces
// around the parts allowed; "24:00" allowed as an end). Spans must be in
// order and must not overlap; touching spans are accepted. Errors name the
// offending span.
func ParseHours(spec string, loc *time.Location) (Hours, error) {
	if loc == nil {
		return Hours{}, invalidf(nil, "hours %q: no time zone", spec)
	}
	if strings.TrimSpace(spec) == "" {
		return Hours{}, invalidf(nil, "hours: empty, want e.g. 08:30-12:00,14:30-18:00")
	}
	h := Hours{Loc: loc}
	for i, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		from, to, ok := strings.Cut(part, "-")
		if !ok {
			return Hours{}, invalidf(nil, "hours %q: span %d %q: want HH:MM-HH:MM", spec, i+1, part)
		}
		start, err := parseClock(strings.TrimSpace(from))
		if err != nil {
			return Hours{}, invalidf(nil, "hours %q: span %d %q: start: %v", spec, i+1, part, err)
		}
		end, err := parseClock(strings.TrimSpace(to))
		if err != nil {
			return Hours{}, invalidf(nil, "hours %q: span %d %q: end: %v", spec, i+1, part, err)
		}
		h.Spans = append(h.Spans, Span{start, end})
	}
	if reason := h.problem(); reason != "" {
		return Hours{}, invalidf(nil, "hours %q: %s", spec, reason)
	}
	return h, nil
}

func parseClock(s string) (int, error) {
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q: want HH:MM", s)
	}
	h, ok1 := atoiDigits(s[:2])
	m, ok2 := atoiDigits(s[3:])
	switch {
	case !ok1 || !ok2:
		return 0, fmt.Errorf("%q: want HH:MM", s)
	case m > 59:
		return 0, fmt.Errorf("%q: minute %d out of range 00-59", s, m)
	case h > 24 || h == 24 && m != 0:
		return 0, fmt.Errorf("%q: hour out of range 00-23 (24:00 allowed as an end)", s)
	}
	return h*60 + m, nil
}

// problem explains what is wrong with hours that may have been built in code
// rather than parsed, or returns "".
func (h Hours) problem() string {
	if h.Loc == nil {
		return "no time zone"
	}
	if len(h.Spans) == 0 {
		return "no working spans"
	}
	for i, s := range h.Spans {
		switch {
		case s.Start < 0 || s.End > 24*60:
			return fmt.Sprintf("span %d %s: outside 00:00-24:00", i+1, s)
		case s.Start >= s.End:
			return fmt.Sprintf("span %d %s: end is not after start", i+1, s)
		case i == 0:
		case s.Start < h.Spans[i-1].Start:
			return fmt.Sprintf("span %d %s: starts before span %d %s; list spans in order", i+1, s, i, h.Spans[i-1])
		case s.Start < h.Spans[i-1].End:
			return fmt.Sprintf("span %d %s: overlaps span %d %s", i+1, s, i, h.Spans[i-1])
		}
	}
	return ""
}

func (h Hours) clone() Hours {
	h.Spans = slices.Clone(h.Spans)
	return h
}
