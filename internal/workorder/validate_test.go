package workorder

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"tongban/internal/fault"
)

func TestRegisterValidation(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Register)
		fields []string // nil: valid
	}{
		{"valid", func(r *Register) {}, nil},
		{"mobile with +86", func(r *Register) { r.Caller.Phone = "+86 139 4837 0000" }, nil},
		{"fixed line with area code", func(r *Register) { r.Caller.Phone = "0483-8331234" }, nil},
		{"anonymous without phone", func(r *Register) { r.Caller = Caller{Anonymous: true, Lang: LangZh} }, nil},
		{"title of 200 characters", func(r *Register) { r.Title = strings.Repeat("暖", 200) }, nil},
		{"urgent", func(r *Register) { r.Urgency = UrgencyUrgent }, nil},
		{"short code 12345", func(r *Register) { r.Caller.Phone = "12345" }, []string{"caller.phone"}},
		{"short code 110", func(r *Register) { r.Caller.Phone = "110" }, []string{"caller.phone"}},
		{"ten-digit mobile", func(r *Register) { r.Caller.Phone = "1380013800" }, []string{"caller.phone"}},
		{"foreign number", func(r *Register) { r.Caller.Phone = "+1 202 555 0123" }, []string{"caller.phone"}},
		{"fixed line without area code", func(r *Register) { r.Caller.Phone = "8331234" }, []string{"caller.phone"}},
		{"letters", func(r *Register) { r.Caller.Phone = "abc" }, []string{"caller.phone"}},
		{"no phone, not anonymous", func(r *Register) { r.Caller.Phone = "" }, []string{"caller.phone"}},
		{"anonymous with a name", func(r *Register) { r.Caller.Anonymous = true }, []string{"caller.name"}},
		{"name too long", func(r *Register) { r.Caller.Name = strings.Repeat("名", 51) }, []string{"caller.name"}},
		{"title too long", func(r *Register) { r.Title = strings.Repeat("暖", 201) }, []string{"title"}},
		{"title blank", func(r *Register) { r.Title = "  " }, []string{"title"}},
		{"description too long", func(r *Register) { r.Description = strings.Repeat("字", 5001) }, []string{"description"}},
		{"control character", func(r *Register) { r.Description = "a\x00b" }, []string{"description"}},
		{"bad type", func(r *Register) { r.Type = "praise" }, []string{"type"}},
		{"bad channel", func(r *Register) { r.Channel = "fax" }, []string{"channel"}},
		{"bad urgency", func(r *Register) { r.Urgency = "asap" }, []string{"urgency"}},
		{"bad lang", func(r *Register) { r.Caller.Lang = "en" }, []string{"caller.lang"}},
		{"region code too short", func(r *Register) { r.RegionCode = "152921" }, []string{"region_code"}},
		{"region code with letters", func(r *Register) { r.RegionCode = "15292110000X" }, []string{"region_code"}},
		{"bad category", func(r *Register) { r.Category = "供暖 问题" }, []string{"category"}},
		{"bad order number", func(r *Register) { r.No = "20261332000123" }, []string{"no"}},
		{"bad attachment", func(r *Register) { r.Attachments = []Attachment{{Name: "a", ContentType: "x", Size: 0}} },
			[]string{"attachments[0].content_type", "attachments[0].size", "attachments[0].sha256", "attachments[0].storage_key"}},
		{"several at once", func(r *Register) { r.Title, r.Type, r.RegionCode = "", "x", "1" },
			[]string{"title", "type", "region_code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRegister(testNo)
			tt.edit(&r)
			err := r.Validate()
			eq(t, "fields", fields(err), tt.fields)
			// Decide reports the same fields, as an error fault.CodeOf
			// classifies as invalid.
			_, derr := Decide(nil, r, agent, monday, fakeEnv{})
			if tt.fields == nil {
				if derr != nil {
					t.Fatalf("Decide: %v", derr)
				}
				return
			}
			eq(t, "code", fault.CodeOf(derr), fault.Invalid)
			eq(t, "Decide fields", fields(derr), tt.fields)
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13800138000", "+8613800138000"},
		{"138-0013-8000", "+8613800138000"},
		{"0086 13800138000", "+8613800138000"},
		{"0483-8331234", "+864838331234"},
		{"+86 483 8331234", "+864838331234"},
		{"12345", ""},
		{"95598", ""},
		{"8331234", ""},
	}
	for _, tt := range tests {
		got, err := NormalizePhone(tt.in)
		if (err == nil) != (tt.want != "") {
			t.Errorf("NormalizePhone(%q): got error %v, want %q", tt.in, err, tt.want)
		}
		eq(t, tt.in, got, tt.want)
	}
}

func TestCommandValidation(t *testing.T) {
	tests := []struct {
		cmd    Command
		fields []string
	}{
		{AnswerDirect{}, []string{"answer"}},
		{TransferEmergency{Service: "911"}, []string{"service"}},
		{Decline{}, []string{"reason"}},
		{Dispatch{}, []string{"lead"}},
		{Dispatch{Lead: 10, Assist: []int64{10, 20, 20}}, []string{"assist[0]", "assist[2]"}},
		{SubDispatch{}, []string{"unit"}},
		{Return{Reason: strings.Repeat("因", MaxReason+1)}, []string{"reason"}},
		{Redispatch{Lead: -1}, []string{"lead"}},
		{RefuseReturn{}, []string{"reason"}},
		{RequestExtension{Days: 0, Reason: "r"}, []string{"days"}},
		{RequestExtension{Days: 31, Reason: "r"}, []string{"days"}},
		{DecideExtension{Approve: true, Days: 31}, []string{"days"}},
		{DecideExtension{Days: 3, Reason: "no"}, []string{"days"}},
		{DecideExtension{}, []string{"reason"}},
		{RequestSuspension{}, []string{"reason"}},
		{DecideSuspension{}, []string{"reason"}},
		{Reply{}, []string{"text"}},
		{Review{}, []string{"reason"}},
		{Callback{Reached: true}, []string{"satisfaction"}},
		{Callback{Reached: true, Satisfaction: 6}, []string{"satisfaction"}},
		{Callback{Satisfaction: 3, Resolved: true}, []string{"satisfaction", "resolved"}},
		{Rehandle{Lead: 10}, []string{"reason"}},
		{Close{}, []string{"reason"}},
		{Merge{Master: "123"}, []string{"master"}},
		{MergeChild{Child: "20260302000000"}, []string{"child"}},
		{Note{}, []string{"text"}},
		{Attach{Attachment: Attachment{Name: "a.jpg", ContentType: "image/jpeg", Size: 1, SHA256: "ABC", StorageKey: "k"}},
			[]string{"attachment.sha256"}},
		{Warn{Period: "lunch", Level: "orange"}, []string{"period", "level"}},
		{AutoUrge{Period: PeriodReply, AssignmentID: -1}, []string{"assignment_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.cmd.Action(), func(t *testing.T) {
			err := tt.cmd.Validate()
			var l fault.List
			if !errors.As(err, &l) {
				t.Fatalf("got %v, want a fault.List", err)
			}
			eq(t, "fields", fields(err), tt.fields)
		})
	}
	// Every command's zero value is checked by Validate without panicking,
	// and the commands without fields accept it.
	for _, c := range []Command{Sign{}, Resume{}} {
		if err := c.Validate(); err != nil {
			t.Errorf("%s: got %v, want nil", c.Action(), err)
		}
	}
}

func TestDecideChecksArguments(t *testing.T) {
	w := newWorld(t)
	err := w.try(dispatcher, Dispatch{Lead: 77, Assist: []int64{30, 5}})
	eq(t, "unknown units", fields(err), []string{"lead", "assist[1]"})
	eq(t, "code", fault.CodeOf(err), fault.Invalid)
	w.do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}}).do(handler(20), Sign{})
	for _, tt := range []struct {
		unit int64
		why  string
	}{
		{20, "own unit"}, {209, "does not exist"}, {301, "not below"}, {30, "not below"},
	} {
		err := w.try(handler(20), SubDispatch{Unit: tt.unit})
		if code(err) != fault.Invalid || !slices.Equal(fields(err), []string{"unit"}) {
			t.Errorf("sub-dispatch to %d (%s): got %v, want invalid unit", tt.unit, tt.why, err)
		}
	}
	w.do(handler(20), SubDispatch{Unit: 201})
	if err := w.try(handler(20), SubDispatch{Unit: 201}); code(err) != fault.Invalid {
		t.Errorf("second sub-dispatch to the same unit: got %v, want invalid", err)
	}
}
