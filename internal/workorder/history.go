package workorder

import (
	"encoding/json"
	"fmt"

	"tongban/internal/eventlog"
)

// History returns the events of o as actor may see them (DOMAIN.md §4): the
// citizen does not see internal notes, and whoever may not see the caller
// (CallerVisible) gets the register event with the caller's name, phone and
// address removed. The events are copies; a redacted event no longer matches
// its hash, so History is for display, never for eventlog.Verify.
func History(o *Order, events []eventlog.Event, actor Actor) ([]eventlog.Event, error) {
	showCaller := CallerVisible(o, actor)
	out := make([]eventlog.Event, 0, len(events))
	for _, e := range events {
		switch e.Type {
		case ActionNote:
			if actor.Role == RoleCitizen {
				var n Note
				if err := json.Unmarshal(e.Payload, &n); err != nil {
					return nil, fmt.Errorf("workorder: history: %w", err)
				}
				if n.Internal {
					continue
				}
			}
		case ActionRegister:
			if !showCaller {
				var p RegisterPayload
				if err := json.Unmarshal(e.Payload, &p); err != nil {
					return nil, fmt.Errorf("workorder: history: %w", err)
				}
				p.Caller.Name, p.Caller.Phone, p.Address = "", "", ""
				b, err := json.Marshal(p)
				if err != nil {
					return nil, fmt.Errorf("workorder: history: %w", err)
				}
				e.Payload = b
			}
		}
		out = append(out, e)
	}
	return out, nil
}
