//go:build race

package workday

// raceEnabled shrinks the reference walks, which the race detector slows
// tenfold without adding anything: they run on one goroutine.
const raceEnabled = true
