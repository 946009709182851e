package workday

import (
	"math/rand"
	"testing"
	"time"
)

// The inputs are drawn before the timer starts, from 2024-2025 so that every
// query succeeds: the benchmarks measure look-ups, not error construction.
const benchCases = 4096 // a power of two, for i & (benchCases-1)

type dayCase struct {
	d Date
	n int
}

func benchDays() []dayCase {
	rng := rand.New(rand.NewSource(1))
	out := make([]dayCase, benchCases)
	for i := range out {
		day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.Intn(731))
		out[i] = dayCase{dateOfUTC(day), rng.Intn(120)}
	}
	return out
}

type instantCase struct {
	t time.Time
	d time.Duration
}

func benchInstants(c *Calendar) []instantCase {
	rng := rand.New(rand.NewSource(2))
	lo := time.Date(2024, 1, 1, 0, 0, 0, 0, c.Hours().Loc)
	out := make([]instantCase, benchCases)
	for i := range out {
		t := lo.Add(time.Duration(rng.Int63n(int64(731 * 24 * time.Hour))))
		out[i] = instantCase{t, time.Duration(rng.Int63n(int64(72 * time.Hour)))}
	}
	return out
}

var (
	sinkDate Date
	sinkInt  int
	sinkTime time.Time
	sinkDur  time.Duration
	sinkBool bool
)

func BenchmarkAddDays(b *testing.B) {
	c := builtinCalendar(b)
	cases := benchDays()
	b.ResetTimer()
	for i := range b.N {
		k := cases[i&(benchCases-1)]
		d, err := c.AddDays(k.d, k.n)
		if err != nil {
			b.Fatal(err)
		}
		sinkDate = d
	}
}

func BenchmarkIsWorkday(b *testing.B) {
	c := builtinCalendar(b)
	cases := benchDays()
	b.ResetTimer()
	for i := range b.N {
		ok, err := c.IsWorkday(cases[i&(benchCases-1)].d)
		if err != nil {
			b.Fatal(err)
		}
		sinkBool = ok
	}
}

func BenchmarkBetween(b *testing.B) {
	c := builtinCalendar(b)
	cases := benchDays()
	b.ResetTimer()
	for i := range b.N {
		n, err := c.Between(cases[i&(benchCases-1)].d, cases[(i+1)&(benchCases-1)].d)
		if err != nil {
			b.Fatal(err)
		}
		sinkInt = n
	}
}

func BenchmarkDeadline(b *testing.B) {
	c := builtinCalendar(b)
	cases := benchInstants(c)
	b.ResetTimer()
	for i := range b.N {
		k := cases[i&(benchCases-1)]
		t, err := c.Deadline(k.t, int(k.d%120))
		if err != nil {
			b.Fatal(err)
		}
		sinkTime = t
	}
}

func BenchmarkAddWorking(b *testing.B) {
	c := builtinCalendar(b)
	cases := benchInstants(c)
	b.ResetTimer()
	for i := range b.N {
		k := cases[i&(benchCases-1)]
		t, err := c.AddWorking(k.t, k.d)
		if err != nil {
			b.Fatal(err)
		}
		sinkTime = t
	}
}

func BenchmarkWorkingTime(b *testing.B) {
	c := builtinCalendar(b)
	cases := benchInstants(c)
	b.ResetTimer()
	for i := range b.N {
		d, err := c.WorkingTime(cases[i&(benchCases-1)].t, cases[(i+1)&(benchCases-1)].t)
		if err != nil {
			b.Fatal(err)
		}
		sinkDur = d
	}
}

// BenchmarkNew is the start-up cost of building the index from the three
// embedded schedules.
func BenchmarkNew(b *testing.B) {
	schedules, hours := Builtin(), DefaultHours()
	b.ResetTimer()
	for range b.N {
		if _, err := New(schedules, hours); err != nil {
			b.Fatal(err)
		}
	}
}
