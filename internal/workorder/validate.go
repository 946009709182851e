package workorder

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"tongban/internal/fault"
)

// Length limits in runes (characters, so Chinese and Mongolian count the
// same as Latin).
const (
	MaxTitle       = 200
	MaxDescription = 5000
	MaxName        = 50
	MaxAddress     = 200
	MaxReason      = 1000
	MaxText        = 5000 // answers, replies, notes
	MaxCategory    = 64
	MaxAttachments = 20 // per command
	MaxAssist      = 10 // assisting units per dispatch
	MaxFileName    = 255
	MaxExtension   = 30 // working days per extension request
)

var (
	orderNoRe    = regexp.MustCompile(`^[0-9]{14}$`)
	regionCodeRe = regexp.MustCompile(`^[0-9]{12}$`)
	categoryRe   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	sha256Re     = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// ValidOrderNo reports whether no has the order-number form: the date
// (YYYYMMDD, a real date) followed by a 6-digit daily sequence.
func ValidOrderNo(no string) bool {
	if !orderNoRe.MatchString(no) {
		return false
	}
	_, err := time.Parse("20060102", no[:8])
	return err == nil && no[8:] != "000000"
}

// NormalizePhone checks that s is a Chinese mobile or fixed-line number a
// caller can be called back on and returns it in E.164 (+8613800138000), the
// form orders store so that a caller's earlier orders can be found whatever
// way the number was typed. Fixed-line numbers need their area code, because
// a local number alone (8331234) is ambiguous across the league's banners;
// service short codes (12345, 110) are not caller numbers.
func NormalizePhone(s string) (string, error) {
	if canonicalMobile(s) {
		return s, nil // already normalised: intake validates a number several times
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("is required")
	}
	digits := phonenumbers.NormalizeDigitsOnly(s)
	if len(digits) < 7 {
		return "", errors.New("is a service short code or too short, not a caller's number")
	}
	n, err := phonenumbers.Parse(s, "CN")
	if err != nil {
		return "", errors.New("is not a phone number")
	}
	if !phonenumbers.IsValidNumberForRegion(n, "CN") {
		return "", errors.New("is not a valid Chinese mobile or fixed-line number")
	}
	switch phonenumbers.GetNumberType(n) {
	case phonenumbers.MOBILE, phonenumbers.FIXED_LINE_OR_MOBILE:
	case phonenumbers.FIXED_LINE:
		international := strings.HasPrefix(s, "+") || strings.HasPrefix(digits, "00")
		if !international && !strings.HasPrefix(digits, "0") {
			return "", errors.New("needs its area code, e.g. 0483-8331234")
		}
	default:
		return "", errors.New("is not a mobile or fixed-line number")
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// text checks a free-text field: valid UTF-8, no control characters other
// than line breaks and tabs, at most max runes, and non-blank if required.
func text(errs *fault.List, field, s string, max int, required bool) {
	switch {
	case !utf8.ValidString(s):
		errs.Add(field, "is not valid UTF-8")
	case required && strings.TrimSpace(s) == "":
		errs.Add(field, "is required")
	case utf8.RuneCountInString(s) > max:
		errs.Add(field, "is longer than %d characters", max)
	case strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t'
	}):
		errs.Add(field, "contains control characters")
	}
}

func orderNo(errs *fault.List, field, no string) {
	if !ValidOrderNo(no) {
		errs.Add(field, "must be an order number: date and 6-digit sequence, e.g. 20261126000123")
	}
}

func attachment(errs *fault.List, field string, a Attachment) {
	text(errs, field+".name", a.Name, MaxFileName, true)
	if a.ContentType == "" || !strings.Contains(a.ContentType, "/") || len(a.ContentType) > 255 {
		errs.Add(field+".content_type", "must be a media type such as image/jpeg")
	}
	if a.Size <= 0 {
		errs.Add(field+".size", "must be positive")
	}
	if !sha256Re.MatchString(a.SHA256) {
		errs.Add(field+".sha256", "must be 64 lower-case hex digits")
	}
	if strings.TrimSpace(a.StorageKey) == "" || len(a.StorageKey) > 500 {
		errs.Add(field+".storage_key", "is required")
	}
}

func attachments(errs *fault.List, field string, as []Attachment) {
	if len(as) > MaxAttachments {
		errs.Add(field, "has more than %d files", MaxAttachments)
		return
	}
	for i, a := range as {
		attachment(errs, fmt.Sprintf("%s[%d]", field, i), a)
	}
}

func units(errs *fault.List, lead int64, assist []int64) {
	if lead <= 0 {
		errs.Add("lead", "is required")
	}
	if len(assist) > MaxAssist {
		errs.Add("assist", "has more than %d units", MaxAssist)
		return
	}
	seen := map[int64]bool{lead: true}
	for i, u := range assist {
		field := fmt.Sprintf("assist[%d]", i)
		switch {
		case u <= 0:
			errs.Add(field, "is not a unit")
		case seen[u]:
			errs.Add(field, "repeats a unit already on the order")
		}
		seen[u] = true
	}
}

func enum[T ~string](errs *fault.List, field string, v T, allowed ...T) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	errs.Add(field, "must be one of %v", allowed)
}

// Validate implements Command.
func (c Register) Validate() error {
	var errs fault.List
	orderNo(&errs, "no", c.No)
	enum(&errs, "channel", c.Channel, ChannelPhone, ChannelWeb, ChannelApp, ChannelWeChat, ChannelSMS,
		ChannelEmail, ChannelLetter, ChannelWalkIn, ChannelPlatform, ChannelTransfer110)
	enum(&errs, "caller.lang", c.Caller.Lang, LangZh, LangMn)
	text(&errs, "caller.name", c.Caller.Name, MaxName, false)
	if c.Caller.Anonymous && c.Caller.Name != "" {
		errs.Add("caller.name", "must be empty for an anonymous caller")
	}
	if c.Caller.Phone != "" || !c.Caller.Anonymous {
		if _, err := NormalizePhone(c.Caller.Phone); err != nil {
			if c.Caller.Phone == "" {
				errs.Add("caller.phone", "is required unless the caller is anonymous")
			} else {
				errs.Add("caller.phone", "%s", err)
			}
		}
	}
	text(&errs, "title", c.Title, MaxTitle, true)
	text(&errs, "description", c.Description, MaxDescription, true)
	enum(&errs, "type", c.Type, TypeConsult, TypeHelp, TypeComplaint, TypeReport, TypeSuggestion)
	if len(c.Category) > MaxCategory || !categoryRe.MatchString(c.Category) {
		errs.Add("category", "must be a category code (letters, digits, . _ -)")
	}
	if c.Urgency != "" {
		enum(&errs, "urgency", c.Urgency, UrgencyNormal, UrgencyUrgent)
	}
	text(&errs, "address", c.Address, MaxAddress, false)
	if !regionCodeRe.MatchString(c.RegionCode) {
		errs.Add("region_code", "must be a 12-digit division code")
	}
	attachments(&errs, "attachments", c.Attachments)
	return errs.Err()
}

// Validate implements Command.
func (c AnswerDirect) Validate() error {
	var errs fault.List
	text(&errs, "answer", c.Answer, MaxText, true)
	if c.KBArticle < 0 {
		errs.Add("kb_article", "is not an article")
	}
	return errs.Err()
}

// EmergencyServices are the services an emergency goes to: police, fire,
// ambulance, traffic police.
var EmergencyServices = []string{"110", "119", "120", "122"}

// Validate implements Command.
func (c TransferEmergency) Validate() error {
	var errs fault.List
	enum(&errs, "service", c.Service, EmergencyServices...)
	text(&errs, "note", c.Note, MaxReason, false)
	return errs.Err()
}

func reasonOnly(field, reason string) error {
	var errs fault.List
	text(&errs, field, reason, MaxReason, true)
	return errs.Err()
}

// Validate implements Command.
func (c Decline) Validate() error { return reasonOnly("reason", c.Reason) }

// Validate implements Command.
func (c Dispatch) Validate() error {
	var errs fault.List
	units(&errs, c.Lead, c.Assist)
	text(&errs, "note", c.Note, MaxReason, false)
	return errs.Err()
}

// Validate implements Command.
func (Sign) Validate() error { return nil }

// Validate implements Command.
func (c SubDispatch) Validate() error {
	var errs fault.List
	if c.Unit <= 0 {
		errs.Add("unit", "is required")
	}
	text(&errs, "note", c.Note, MaxReason, false)
	return errs.Err()
}

// Validate implements Command.
func (c Return) Validate() error { return reasonOnly("reason", c.Reason) }

// Validate implements Command.
func (c Redispatch) Validate() error {
	var errs fault.List
	units(&errs, c.Lead, c.Assist)
	text(&errs, "note", c.Note, MaxReason, false)
	return errs.Err()
}

// Validate implements Command.
func (c RefuseReturn) Validate() error { return reasonOnly("reason", c.Reason) }

// Validate implements Command.
func (c RequestExtension) Validate() error {
	var errs fault.List
	if c.Days < 1 || c.Days > MaxExtension {
		errs.Add("days", "must be 1 to %d working days", MaxExtension)
	}
	text(&errs, "reason", c.Reason, MaxReason, true)
	return errs.Err()
}

// Validate implements Command.
func (c DecideExtension) Validate() error {
	var errs fault.List
	if c.Approve {
		if c.Days < 0 || c.Days > MaxExtension {
			errs.Add("days", "must be 1 to %d working days, or 0 for the days requested", MaxExtension)
		}
	} else if c.Days != 0 {
		errs.Add("days", "must be empty when refusing")
	}
	text(&errs, "reason", c.Reason, MaxReason, !c.Approve)
	return errs.Err()
}

// Validate implements Command.
func (c RequestSuspension) Validate() error { return reasonOnly("reason", c.Reason) }

// Validate implements Command.
func (c DecideSuspension) Validate() error {
	var errs fault.List
	text(&errs, "reason", c.Reason, MaxReason, !c.Approve)
	return errs.Err()
}

// Validate implements Command.
func (Resume) Validate() error { return nil }

// Validate implements Command.
func (c Reply) Validate() error {
	var errs fault.List
	text(&errs, "text", c.Text, MaxText, true)
	attachments(&errs, "attachments", c.Attachments)
	return errs.Err()
}

// Validate implements Command.
func (c Review) Validate() error {
	var errs fault.List
	text(&errs, "reason", c.Reason, MaxReason, !c.Accept)
	return errs.Err()
}

// Validate implements Command.
func (c Callback) Validate() error {
	var errs fault.List
	if c.Reached {
		if c.Satisfaction < 1 || c.Satisfaction > 5 {
			errs.Add("satisfaction", "must be 1 to 5")
		}
	} else {
		if c.Satisfaction != 0 {
			errs.Add("satisfaction", "must be empty when the citizen was not reached")
		}
		if c.Resolved {
			errs.Add("resolved", "must be empty when the citizen was not reached")
		}
	}
	text(&errs, "note", c.Note, MaxReason, false)
	return errs.Err()
}

// Validate implements Command.
func (c Rehandle) Validate() error {
	var errs fault.List
	units(&errs, c.Lead, c.Assist)
	text(&errs, "reason", c.Reason, MaxReason, true)
	return errs.Err()
}

// Validate implements Command.
func (c Close) Validate() error { return reasonOnly("reason", c.Reason) }

// Validate implements Command.
func (c Urge) Validate() error {
	var errs fault.List
	text(&errs, "note", c.Note, MaxReason, false)
	return errs.Err()
}

// Validate implements Command.
func (c Supervise) Validate() error {
	var errs fault.List
	text(&errs, "note", c.Note, MaxReason, false)
	return errs.Err()
}

// Validate implements Command.
func (c Merge) Validate() error {
	var errs fault.List
	orderNo(&errs, "master", c.Master)
	return errs.Err()
}

// Validate implements Command.
func (c MergeChild) Validate() error {
	var errs fault.List
	orderNo(&errs, "child", c.Child)
	return errs.Err()
}

// Validate implements Command.
func (c Note) Validate() error {
	var errs fault.List
	text(&errs, "text", c.Text, MaxText, true)
	return errs.Err()
}

// Validate implements Command.
func (c Attach) Validate() error {
	var errs fault.List
	attachment(&errs, "attachment", c.Attachment)
	return errs.Err()
}

// Validate implements Command.
func (c Warn) Validate() error {
	var errs fault.List
	enum(&errs, "period", c.Period, PeriodDispatch, PeriodSign, PeriodReply, PeriodCallback)
	enum(&errs, "level", c.Level, LevelYellow, LevelRed)
	if c.AssignmentID < 0 {
		errs.Add("assignment_id", "is not an assignment")
	}
	return errs.Err()
}

// Validate implements Command.
func (c AutoUrge) Validate() error {
	var errs fault.List
	enum(&errs, "period", c.Period, PeriodDispatch, PeriodSign, PeriodReply, PeriodCallback)
	if c.AssignmentID < 0 {
		errs.Add("assignment_id", "is not an assignment")
	}
	return errs.Err()
}

// canonicalMobile reports whether s is already a mainland mobile number in
// E.164 (+861 and ten more digits, the second digit 3–9), the form
// NormalizePhone returns, so it need not be parsed again.
func canonicalMobile(s string) bool {
	if len(s) != 14 || s[:4] != "+861" || s[4] < '3' || s[4] > '9' {
		return false
	}
	for i := 5; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
