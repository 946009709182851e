// Package workorder is the domain core of 12345 hotline work orders (工单):
// intake, dispatch (派单) down the organisation tree, sign (签收),
// sub-dispatch (下派), return (退单), extension (延期), suspension (挂起),
// reply (答复), review (审核), callback (回访), re-handling (重办), closing
// (办结 / 研判销号), urging (催办), supervision (督办) and merging (并单).
//
// An order is event-sourced. Decide checks a Command against the current
// Order, the actor and the clock and returns the events that record it; Apply
// folds one event into the Order; Replay folds a whole stream. Decide never
// changes the Order it is given, and Apply never consults a clock or a
// calendar: every deadline is computed once, at decision time, and stored in
// the event payload, so a replay years later (after the holiday schedule or an
// admin's limits changed) reproduces the order exactly as it was.
//
// The package is plain Go: storage persists the events (eventlog envelope,
// hash chain), HTTP and UI surfaces call Decide and Allowed, and the deadline
// sweeper calls Warnings and the Warn/AutoUrge system commands.
package workorder
