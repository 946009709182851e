package application

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"tongban/internal/eventlog"
)

// Apply folds one event into the application. It checks that the event may
// follow the current state (a stream that breaks the lifecycle is corrupt) and
// that its Seq, when set, is the next one.
//
// Apply never modifies a slice, map or struct that a copy of *a taken before
// the call still refers to: it replaces them. A caller can therefore keep the
// previous state (e.g. for an optimistic-concurrency check) by copying the
// struct.
func Apply(a *Application, e eventlog.Event) error {
	if e.Seq != 0 && e.Seq != a.Version+1 {
		return fmt.Errorf("application %s: event %d follows version %d", a.No, e.Seq, a.Version)
	}
	if !stateAllows(a, e.Type) {
		return fmt.Errorf("application %s: event %s cannot follow state %q", a.No, e.Type, a.State)
	}
	h, ok := appliers[e.Type]
	if !ok {
		return fmt.Errorf("application %s: unknown event type %q", a.No, e.Type)
	}
	rev := a.Version + 1
	if err := h(a, e, rev); err != nil {
		return fmt.Errorf("application %s: event %d (%s): %w", a.No, rev, e.Type, err)
	}
	a.Version = rev
	return nil
}

// Replay derives an application from its events, oldest first.
func Replay(events []eventlog.Event) (*Application, error) {
	a := &Application{}
	for _, e := range events {
		if err := Apply(a, e); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// decode unmarshals an event payload into a fresh value.
func decode[T any](e eventlog.Event) (T, error) {
	var v T
	err := json.Unmarshal(e.Payload, &v)
	return v, err
}

var appliers = map[string]func(a *Application, e eventlog.Event, rev int64) error{
	ActSubmit: func(a *Application, e eventlog.Event, rev int64) error {
		p, err := decode[submitPayload](e)
		if err != nil {
			return err
		}
		a.No, a.State = p.No, Submitted
		a.Item, a.Applicant, a.Channel, a.Form, a.Bundle = p.Item, p.Applicant, p.Channel, p.Form, p.Bundle
		a.AcceptUnitID, a.AcceptRegion = p.AcceptUnitID, p.AcceptRegion
		a.OwnerUnitID, a.OwnerRegion = p.OwnerUnitID, p.OwnerRegion
		a.Materials = stamp(p.Materials, rev)
		a.SubmittedAt = e.At
		return nil
	},
	ActCorrect: func(a *Application, e eventlog.Event, rev int64) error {
		p, err := decode[Correct](e)
		if err != nil {
			return err
		}
		a.Notices = append(slices.Clip(a.Notices), Notice{Rev: rev, At: e.At, UnitID: e.UnitID, Defects: p.Defects, Note: p.Note})
		a.State = Correcting
		return nil
	},
	ActResubmit: func(a *Application, e eventlog.Event, rev int64) error {
		p, err := decode[Resubmit](e)
		if err != nil {
			return err
		}
		ms := slices.Clone(a.Materials)
		for _, m := range stamp(p.Materials, rev) {
			if i := slices.IndexFunc(ms, func(o Provided) bool { return o.Name == m.Name }); i >= 0 {
				ms[i] = m
			} else {
				ms = append(ms, m)
			}
		}
		a.Materials = ms
		if len(p.Form) > 0 {
			form := maps.Clone(a.Form)
			if form == nil {
				form = map[string]string{}
			}
			maps.Copy(form, p.Form)
			a.Form = form
		}
		a.State = Submitted
		return nil
	},
	ActAccept: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[acceptPayload](e)
		if err != nil {
			return err
		}
		a.State, a.AcceptedAt, a.NoticeNo = Reviewing, e.At, p.NoticeNo
		a.LegalDue, a.PromisedDue, a.Step = p.LegalDue, p.PromisedDue, 0
		if len(p.Promise) > 0 {
			a.Promise = &Promise{Materials: p.Promise, SignedAt: e.At, VerifyDue: p.VerifyDue}
		}
		return nil
	},
	ActRefuse: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[Refuse](e)
		if err != nil {
			return err
		}
		a.State, a.Reason, a.EndedAt = Refused, p.Reason, e.At
		return nil
	},
	ActReview: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[stepPayload](e)
		if err != nil {
			return err
		}
		a.Opinions = append(slices.Clip(a.Opinions), Opinion{Step: p.Step, StaffID: e.ActorID, At: e.At, Text: p.Opinion})
		a.Step++
		return nil
	},
	ActPause: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[PauseClock](e)
		if err != nil {
			return err
		}
		a.Pauses = append(slices.Clip(a.Pauses), Pause{Reason: p.Reason, Note: p.Note, Days: p.Days, From: e.At})
		a.State = Paused
		return nil
	},
	ActResume: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[resumePayload](e)
		if err != nil {
			return err
		}
		pauses := slices.Clone(a.Pauses)
		last := &pauses[len(pauses)-1]
		last.To, last.Working = e.At, p.Working
		a.Pauses = pauses
		a.LegalDue, a.PromisedDue, a.State = p.LegalDue, p.PromisedDue, Reviewing
		return nil
	},
	ActApprove: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[stepPayload](e)
		if err != nil {
			return err
		}
		a.Opinions = append(slices.Clip(a.Opinions), Opinion{Step: p.Step, StaffID: e.ActorID, At: e.At, Text: p.Opinion})
		a.State, a.DecidedAt = Approved, e.At
		return nil
	},
	ActDeny: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[stepPayload](e)
		if err != nil {
			return err
		}
		a.Opinions = append(slices.Clip(a.Opinions), Opinion{Step: p.Step, StaffID: e.ActorID, At: e.At, Text: p.Opinion})
		a.State, a.DecidedAt, a.Reason, a.EndedAt = Denied, e.At, p.Opinion, e.At
		return nil
	},
	ActIssue: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[Issue](e)
		if err != nil {
			return err
		}
		a.State, a.CertificateNo, a.IssuedAt, a.IssuedUnitID = Issued, p.CertificateNo, e.At, e.UnitID
		return nil
	},
	ActDeliver: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[Deliver](e)
		if err != nil {
			return err
		}
		a.State, a.Delivery = Delivered, &Delivery{Method: p.Method, Ref: p.Ref, At: e.At}
		return nil
	},
	ActRate: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[ratePayload](e)
		if err != nil {
			return err
		}
		a.Ratings = append(slices.Clip(a.Ratings), Rating{Channel: p.Channel, Score: p.Score, Comment: p.Comment, At: e.At, Bad: p.Bad})
		return nil
	},
	ActWithdraw: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[Withdraw](e)
		if err != nil {
			return err
		}
		a.State, a.Reason, a.EndedAt = Withdrawn, p.Reason, e.At
		return nil
	},
	ActVerifyOK: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[VerifyOK](e)
		if err != nil {
			return err
		}
		pr := *a.Promise
		pr.Result, pr.VerifiedAt, pr.Note = PromiseKept, e.At, p.Note
		a.Promise = &pr
		return nil
	},
	ActVerifyFailed: func(a *Application, e eventlog.Event, _ int64) error {
		p, err := decode[VerifyFailed](e)
		if err != nil {
			return err
		}
		pr := *a.Promise
		pr.Result, pr.VerifiedAt, pr.Note = PromiseBroken, e.At, p.Note
		a.Promise = &pr
		a.State, a.Reason, a.EndedAt = Revoked, p.Note, e.At
		return nil
	},
}

// stamp returns copies of ms marked as provided at version rev.
func stamp(ms []Provided, rev int64) []Provided {
	if len(ms) == 0 {
		return nil
	}
	out := make([]Provided, len(ms))
	for i, m := range ms {
		if m.Source == "" {
			m.Source = SourceHanded
		}
		m.Rev = rev
		out[i] = m
	}
	return out
}
