package applicant

import (
	"strings"
	"time"
	"unicode/utf8"

	"tongban/internal/catalog"
	"tongban/internal/fault"
)

// Material is one document in an applicant's material library (材料库): a
// licence, certificate or identity document handed in once, verified, and
// reused by later applications instead of being asked for again.
type Material struct {
	// Type matches catalog.MaterialReq.DocType, e.g. "business_licence".
	Type   string `json:"type"`
	Issuer string `json:"issuer"`
	Number string `json:"number"`
	// ValidFrom and ValidTo bound the days on which the document is valid,
	// both inclusive; a zero ValidFrom means valid since issue, a zero
	// ValidTo means without expiry (长期).
	ValidFrom   time.Time `json:"valid_from"`
	ValidTo     time.Time `json:"valid_to"`
	SHA256      string    `json:"sha256"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
}

// ValidOn reports whether the document is valid on the calendar day of date
// in China. Validity is by day, not instant: a licence valid to 2026-12-31 is
// still valid at 23:00 that day.
func (m Material) ValidOn(date time.Time) bool {
	d := day(date)
	if !m.ValidFrom.IsZero() && d.Before(day(m.ValidFrom)) {
		return false
	}
	return m.ValidTo.IsZero() || !d.After(day(m.ValidTo))
}

func day(t time.Time) time.Time {
	y, mo, d := t.In(chinaTime).Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, chinaTime)
}

// maxMaterialText bounds a document's issuer and number.
const maxMaterialText = 100

// Validate checks a library entry before it is stored.
func (m Material) Validate() error {
	var errs fault.List
	if m.Type == "" || strings.Trim(m.Type, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		errs.Add("type", "%q must be a document type of lower-case letters, digits, '-' or '_'", m.Type)
	}
	if len(m.SHA256) != 64 || strings.Trim(m.SHA256, "0123456789abcdef") != "" {
		errs.Add("sha256", "must be 64 lower-case hexadecimal digits")
	}
	if !m.ValidFrom.IsZero() && !m.ValidTo.IsZero() && day(m.ValidTo).Before(day(m.ValidFrom)) {
		errs.Add("valid_to", "is before valid_from")
	}
	if m.Size < 0 {
		errs.Add("size", "must not be negative")
	}
	for _, f := range []struct{ name, v string }{{"issuer", m.Issuer}, {"number", m.Number}} {
		if n := utf8.RuneCountInString(f.v); n > maxMaterialText || !utf8.ValidString(f.v) || strings.TrimSpace(f.v) != f.v {
			errs.Add(f.name, "must be at most %d characters without surrounding spaces", maxMaterialText)
		}
	}
	return errs.Err()
}

// Reuse pairs a required material with the library entry that supplies it.
type Reuse struct {
	Req      catalog.MaterialReq `json:"req"`
	Material Material            `json:"material"`
}

// Coverage is what an applicant's library does for one item's materials.
type Coverage struct {
	// Reused are the materials a valid library entry supplies.
	Reused []Reuse `json:"reused"`
	// Missing are the required materials the applicant still has to hand in.
	Missing []catalog.MaterialReq `json:"missing"`
	// Optional are the optional materials not supplied by the library.
	Optional []catalog.MaterialReq `json:"optional"`
	// Stale are library entries of the right type that are not valid on the
	// day (expired or not yet valid), so the applicant can be told why a
	// document they did hand in before is asked for again.
	Stale []Reuse `json:"stale"`
}

// Cover works out which of an item's materials the applicant's library
// supplies on the given day (一套资料: once-only). A material is supplied when
// the item marks it reusable and the library holds an entry of its doc type
// valid that day; of several, the one valid longest is used, since it will
// still be valid when the application is decided. Materials keep the item's
// order in every list.
func Cover(reqs []catalog.MaterialReq, library []Material, on time.Time) Coverage {
	var c Coverage
	for _, req := range reqs {
		best, stale := -1, -1
		if req.Reusable && req.DocType != "" {
			for i, m := range library {
				if m.Type != req.DocType {
					continue
				}
				if !m.ValidOn(on) {
					stale = i
					continue
				}
				if best < 0 || lastsLonger(m, library[best]) {
					best = i
				}
			}
		}
		switch {
		case best >= 0:
			c.Reused = append(c.Reused, Reuse{req, library[best]})
			continue
		case stale >= 0:
			c.Stale = append(c.Stale, Reuse{req, library[stale]})
		}
		if req.Required {
			c.Missing = append(c.Missing, req)
		} else {
			c.Optional = append(c.Optional, req)
		}
	}
	return c
}

func lastsLonger(a, b Material) bool {
	switch {
	case a.ValidTo.IsZero():
		return !b.ValidTo.IsZero()
	case b.ValidTo.IsZero():
		return false
	}
	return a.ValidTo.After(b.ValidTo)
}
