//go:build !race

package workday

const raceEnabled = false
