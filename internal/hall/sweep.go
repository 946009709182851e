package hall

import (
	"context"
	"log/slog"
	"time"

	"tongban/internal/application"
	"tongban/internal/fault"
	"tongban/internal/periodic"
	"tongban/internal/storage"
	"tongban/internal/workday"
)

// dayLength is the office time of one working day of the calendar, to
// express working time in working days.
func dayLength(cal application.Calendar) time.Duration {
	c, ok := cal.(*workday.Calendar)
	if !ok {
		return application.DefaultWorkday
	}
	var d time.Duration
	for _, sp := range c.Hours().Spans {
		d += time.Duration(sp.End-sp.Start) * time.Minute
	}
	if d <= 0 {
		return application.DefaultWorkday
	}
	return d
}

// rank orders warning levels: red over yellow over none.
func rank(level string) int {
	switch level {
	case application.Red:
		return 2
	case application.Yellow:
		return 1
	}
	return 0
}

// row computes the projection's warning level and the next instant the
// sweeper must look at the application. After an action (swept false) an
// application with a warning due now is looked at right away, so that the
// sweeper records it; after a sweep the next look is the next instant a
// clock turns yellow (75% of its working time used) or red (overdue).
// A calendar that cannot compute leaves the row without warning or check:
// the next action recomputes it.
func (s *Service) row(a *application.Application, now time.Time, cal application.Calendar, swept bool) storage.ApplicationRow {
	var r storage.ApplicationRow
	ws, err := application.Warnings(a, now, cal)
	if err != nil {
		return r
	}
	for _, w := range ws {
		if rank(w.Level) > rank(r.Warning) {
			r.Warning = w.Level
		}
	}
	if len(ws) > 0 && !swept {
		r.NextDue = now
		return r
	}
	for _, t := range turns(a, cal) {
		if t.After(now) && (r.NextDue.IsZero() || t.Before(r.NextDue)) {
			r.NextDue = t
		}
	}
	return r
}

// turns returns the instants at which the application's running clocks
// turn yellow and red, as application.Warnings sees them: the legal and
// promised limits while under review (a pause stops them, so none then),
// and the verification of a notify-and-commit promise.
func turns(a *application.Application, cal application.Calendar) []time.Time {
	var out []time.Time
	add := func(start time.Time, period, offset time.Duration) {
		// Yellow once used*4 >= period*3, red once used > period, where
		// used is the working time since start less offset (the pauses).
		if y, err := cal.AddWorking(start, offset+(period*3+3)/4); err == nil {
			out = append(out, y)
		}
		if r, err := cal.AddWorking(start, offset+period+time.Microsecond); err == nil {
			out = append(out, r)
		}
	}
	if a.State == application.Reviewing {
		paused := a.PausedWorking()
		for _, due := range []time.Time{a.LegalDue, a.PromisedDue} {
			span, err := cal.WorkingTime(a.AcceptedAt, due)
			if err != nil {
				continue
			}
			add(a.AcceptedAt, span-paused, paused)
		}
	}
	if p := a.Promise; p != nil && p.Result == "" {
		switch a.State {
		case application.Reviewing, application.Paused, application.Approved, application.Issued, application.Delivered:
			if span, err := cal.WorkingTime(p.SignedAt, p.VerifyDue); err == nil {
				add(p.SignedAt, span, 0)
			}
		}
	}
	return out
}

// Sweep records the deadline warnings of applications whose next check
// time has come: yellow at 75% of a limit's working time, red when it is
// overdue, for the legal and the promised limit and a promise's
// verification. Each is recorded once per application, clock and level,
// also with several processes sweeping one PostgreSQL database. It returns
// how many warnings it recorded.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	now := s.Now()
	cal, err := s.calendar()
	if err != nil {
		return 0, err
	}
	nos, err := s.st.DueApplications(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, no := range nos {
		sum, err := s.st.Application(ctx, no)
		if err != nil {
			slog.WarnContext(ctx, "sweep application", slog.String("application", no), slog.Any("err", err))
			continue
		}
		ws, err := application.Warnings(sum.App, now, cal)
		if err != nil {
			slog.WarnContext(ctx, "sweep application", slog.String("application", no), slog.Any("err", err))
			continue
		}
		n, err := s.st.RecordApplicationWarnings(ctx, no, sum.App.Version, s.row(sum.App, now, cal, true), ws, now)
		if fault.Is(err, fault.Conflict) {
			continue // an action got there first; the next round sees it
		}
		if err != nil {
			slog.WarnContext(ctx, "sweep application", slog.String("application", no), slog.Any("err", err))
			continue
		}
		total += n
	}
	return total, nil
}

// RunSweeper sweeps every interval until ctx ends.
func (s *Service) RunSweeper(ctx context.Context, every time.Duration) {
	periodic.Run(ctx, every, "sweep applications", s.Sweep)
}
