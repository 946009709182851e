package workday

import (
	"fmt"
	"time"
)

// Date is a civil date without time zone. Deadlines are counted in local
// dates of the office, so a Date never carries an instant or a zone that could
// shift it by a day.
//
// The fields are exported for convenient literals; a value such as
// Date{2025, 2, 30} is not on the calendar and every Calendar method rejects
// it with ErrInvalid.
type Date struct {
	Y int
	M time.Month
	D int
}

// ParseDate parses a date in the strict form YYYY-MM-DD (four-digit year,
// two-digit month and day, as in the holiday-cn files and HTML date inputs).
// It rejects dates that do not exist, such as 2025-02-30, and abbreviated
// forms such as 2025-2-3, because a lenient parser would turn a typo in a
// deadline into a different deadline.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, invalidf(nil, "date %q: want YYYY-MM-DD", s)
	}
	y, ok1 := atoiDigits(s[0:4])
	m, ok2 := atoiDigits(s[5:7])
	d, ok3 := atoiDigits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, invalidf(nil, "date %q: want YYYY-MM-DD", s)
	}
	date := Date{y, time.Month(m), d}
	if reason := date.problem(); reason != "" {
		return Date{}, invalidf(nil, "date %q: %s", s, reason)
	}
	return date, nil
}

// atoiDigits converts a string of ASCII digits; strconv.Atoi would also accept
// signs, which the fixed-width format does not allow.
func atoiDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D)
}

// MarshalText implements encoding.TextMarshaler, so a Date is a "YYYY-MM-DD"
// string in JSON and in flags.
func (d Date) MarshalText() ([]byte, error) {
	if reason := d.problem(); reason != "" {
		return nil, invalidf(nil, "date %s: %s", d, reason)
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with the rules of ParseDate.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DateOf returns the civil date of t in loc. A nil loc means UTC rather than a
// panic, matching the zero value of time.Time.
func DateOf(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// Weekday returns the day of the week of d, for listings such as
// `workday show` that mark make-up Saturdays and Sundays.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Y, d.M, d.D, 12, 0, 0, 0, time.UTC).Weekday()
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e, in the
// manner of time.Time.Compare, for slices.SortFunc.
func (d Date) Compare(e Date) int {
	switch {
	case d.Y != e.Y:
		return cmpInt(d.Y, e.Y)
	case d.M != e.M:
		return cmpInt(int(d.M), int(e.M))
	default:
		return cmpInt(d.D, e.D)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Valid reports whether d names a day that exists in the proleptic Gregorian
// calendar.
func (d Date) Valid() bool { return d.valid() }

// valid is the allocation-free check on the hot path of every Calendar query.
func (d Date) valid() bool {
	return d.M >= time.January && d.M <= time.December && d.D >= 1 && d.D <= daysIn(d.M, d.Y)
}

// problem explains why d is not a real day, or returns "" when it is.
func (d Date) problem() string {
	if d.M < time.January || d.M > time.December {
		return fmt.Sprintf("month %d out of range 1-12", int(d.M))
	}
	if n := daysIn(d.M, d.Y); d.D < 1 || d.D > n {
		return fmt.Sprintf("day %d out of range: %s %d has %d days", d.D, d.M, d.Y, n)
	}
	return ""
}

func daysIn(m time.Month, y int) int {
	if m == time.February {
		if isLeap(y) {
			return 29
		}
		return 28
	}
	return 30 + int((0b1010110101010>>uint(m))&1)
}

func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}
