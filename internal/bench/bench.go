// Package bench measures tongban end to end. Intake starts a real server in
// the process, over a database created for the run, and drives it through
// its JSON API over loopback HTTP the way a busy 12345 centre would: orders
// registered and dispatched to departments. It reports throughput and
// latency percentiles; it is a program (`tongban bench intake`), not a
// timed test.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Options configure a run of the intake benchmark.
type Options struct {
	// DB is "sqlite" (a fresh file in a temporary directory, durable
	// commits as in production) or "postgres" (a fresh schema, dropped
	// afterwards, in the database at DatabaseURL).
	DB          string
	DatabaseURL string
	// Warmup is run but not measured; Duration is the measured window
	// after it.
	Warmup, Duration time.Duration
	// Concurrency is the number of client workers, each with at most one
	// request in flight.
	Concurrency int
	// Rate, when positive, is a fixed arrival rate in orders per second
	// (open loop): order i is due at start + i/Rate whether or not earlier
	// ones have finished, and its latency counts from then, so a stalled
	// server is charged for the orders that queued behind the stall
	// (no coordinated omission). Zero runs a closed loop: every worker
	// starts its next order when the previous one is done.
	Rate float64
	// CPUProfile, when not nil, receives a CPU profile of the load phase
	// (warm-up and measured window). Samples carry the label side=server
	// or side=client, so `go tool pprof -tagfocus side=server` separates
	// the server from the load generator; on SQLite, the goroutine that
	// runs every write (storage's group commit) also has storage=batcher.
	CPUProfile io.Writer
	// Log, when not nil, receives progress lines.
	Log io.Writer
}

// Result is what a run measured.
type Result struct {
	Benchmark   string    `json:"benchmark"`
	Date        time.Time `json:"date"`
	Machine     Machine   `json:"machine"`
	DB          string    `json:"db"`
	DBVersion   string    `json:"db_version"`
	Mode        string    `json:"mode"` // closed-loop or open-loop
	Concurrency int       `json:"concurrency"`
	Rate        float64   `json:"target_rate,omitempty"` // orders/s, open loop
	WarmupSec   float64   `json:"warmup_s"`
	DurationSec float64   `json:"duration_s"`

	// Orders completed (register 201 and dispatch 200) in the measured
	// window, and the throughput that makes.
	Orders     int     `json:"orders"`
	Throughput float64 `json:"throughput_per_s"`
	// Errors counts failed requests over the whole run, warm-up included:
	// any status other than the expected one, or a transport error.
	Errors       int      `json:"errors"`
	ErrorSamples []string `json:"error_samples,omitempty"`

	// Order is the latency of register + dispatch, from the scheduled
	// start in open loop; Register and Dispatch are single requests from
	// the moment they were sent.
	Order    Summary `json:"order"`
	Register Summary `json:"register"`
	Dispatch Summary `json:"dispatch"`
	// MaxLagMs is, in open loop, how late the latest order was sent after
	// its scheduled start (all workers busy).
	MaxLagMs float64 `json:"max_lag_ms,omitempty"`

	// CPUCores is the process's CPU time over the measured window divided
	// by its length: server and load generator together. OtherCores is
	// what the rest of the machine used meanwhile (from /proc/stat): on a
	// shared machine, a run with a high value is noise, not a result.
	CPUCores      float64 `json:"cpu_cores"`
	OtherCores    float64 `json:"other_processes_cores"`
	CPUPerOrderUs float64 `json:"cpu_per_order_us"`
	AllocPerOrder float64 `json:"alloc_bytes_per_order"`
	GCs           uint32  `json:"gcs"`

	Note string `json:"note"`
}

// sample is one completed order as a worker recorded it.
type sample struct {
	order, register, dispatch time.Duration
	registered, done          time.Time // when each request completed
}

// Intake runs the intake benchmark.
func Intake(ctx context.Context, o Options) (*Result, error) {
	if o.Concurrency < 1 {
		return nil, fmt.Errorf("concurrency %d: must be at least 1", o.Concurrency)
	}
	if o.Duration <= 0 || o.Warmup < 0 || o.Rate < 0 {
		return nil, fmt.Errorf("duration must be positive, warm-up and rate not negative")
	}
	logf := func(format string, a ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", a...)
		}
	}
	res := &Result{Benchmark: "intake", Date: time.Now().UTC().Truncate(time.Second), Machine: thisMachine(), DB: o.DB,
		Mode: "closed-loop", Concurrency: o.Concurrency, Rate: o.Rate,
		WarmupSec: o.Warmup.Seconds(), DurationSec: o.Duration.Seconds(),
		Note: fmt.Sprintf("server and load generator run in one process and share the %d CPUs", runtime.NumCPU())}
	if o.DB == "postgres" {
		res.Note += "; a PostgreSQL server on this machine shares them too (it counts as other processes)"
	}
	if o.Rate > 0 {
		res.Mode = "open-loop"
	}

	// Goroutines inherit profiler labels from the goroutine that starts
	// them, so everything started here (the storage batcher, the HTTP
	// server and its connections, the sweeper) is side=server.
	logf("setting up a fresh %s database and the demo organisation", o.DB)
	var inst *instance
	var err error
	pprof.Do(ctx, pprof.Labels("side", "server"), func(ctx context.Context) {
		inst, err = startServer(ctx, o)
	})
	if err != nil {
		return nil, err
	}
	res.DBVersion = inst.dbVersion
	logf("server at %s, database %s", inst.url, inst.dbWhere)
	runErr := run(ctx, o, inst, res, logf)
	if err := inst.stop(); err != nil {
		runErr = errors.Join(runErr, fmt.Errorf("shut down: %w", err))
	}
	if runErr != nil {
		return nil, runErr
	}
	return res, nil
}

func run(ctx context.Context, o Options, inst *instance, res *Result, logf func(string, ...any)) error {
	orders, err := prepareOrders(ctx, inst.st, uint64(time.Now().UnixNano()))
	if err != nil {
		return err
	}
	c := newClient(inst.url, o.Concurrency)
	defer c.close()
	if err := c.login(ctx, "dispatcher"); err != nil {
		return err
	}

	if o.CPUProfile != nil {
		if err := pprof.StartCPUProfile(o.CPUProfile); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	logf("warming up for %s, then measuring for %s (%s, %d workers)", o.Warmup, o.Duration, res.Mode, o.Concurrency)

	start := time.Now()
	measureFrom := start.Add(o.Warmup)
	end := measureFrom.Add(o.Duration)
	// Resource use is read when the measured window opens and closes, not
	// when the last in-flight order drains.
	var before, after usage
	var beforeOnce, afterOnce sync.Once
	opens := time.AfterFunc(o.Warmup, func() { beforeOnce.Do(func() { before = readUsage() }) })
	closes := time.AfterFunc(o.Warmup+o.Duration, func() { afterOnce.Do(func() { after = readUsage() }) })

	var next atomic.Int64 // open loop: index of the next scheduled order
	var errs errorLog
	per := make([][]sample, o.Concurrency)
	lags := make([]time.Duration, o.Concurrency)
	var wg sync.WaitGroup
	for w := range o.Concurrency {
		wg.Go(func() {
			pprof.Do(ctx, pprof.Labels("side", "client"), func(ctx context.Context) {
				for i := w; ; i += o.Concurrency {
					begin := time.Now()
					if o.Rate > 0 {
						n := next.Add(1) - 1
						due := start.Add(time.Duration(float64(n) * float64(time.Second) / o.Rate))
						if !due.Before(end) {
							return
						}
						if !sleepUntil(ctx, due) {
							return
						}
						lags[w] = max(lags[w], time.Since(due))
						begin = due
					}
					if !begin.Before(end) || ctx.Err() != nil {
						return
					}
					s, ok := c.order(ctx, orders[i%len(orders)], &errs)
					if !ok {
						continue
					}
					s.order = s.done.Sub(begin)
					per[w] = append(per[w], s)
				}
			})
		})
	}
	wg.Wait()
	opens.Stop()
	closes.Stop()
	// If the run ended early (cancelled), the timers may not have fired.
	beforeOnce.Do(func() { before = readUsage() })
	afterOnce.Do(func() { after = readUsage() })
	if err := ctx.Err(); err != nil {
		return err
	}

	var ords, regs, disps []time.Duration
	in := func(t time.Time) bool { return !t.Before(measureFrom) && t.Before(end) }
	for _, ss := range per {
		for _, s := range ss {
			if in(s.registered) {
				regs = append(regs, s.register)
			}
			if in(s.done) {
				disps = append(disps, s.dispatch)
				ords = append(ords, s.order)
			}
		}
	}
	res.Orders = len(ords)
	res.Throughput = float64(len(ords)) / o.Duration.Seconds()
	res.Order, res.Register, res.Dispatch = summarize(ords), summarize(regs), summarize(disps)
	res.Errors, res.ErrorSamples = errs.result()
	if o.Rate > 0 {
		res.MaxLagMs = ms(maxOf(lags))
	}
	wall := max(after.at.Sub(before.at).Seconds(), 1e-9)
	cpu := (after.cpu - before.cpu).Seconds()
	res.CPUCores = cpu / wall
	if res.Orders > 0 {
		res.CPUPerOrderUs = cpu * 1e6 / float64(res.Orders)
		res.AllocPerOrder = float64(after.alloc-before.alloc) / float64(res.Orders)
	}
	res.GCs = after.gcs - before.gcs
	if before.machine > 0 && after.machine > before.machine {
		res.OtherCores = max(0, (after.machine-before.machine).Seconds()/wall-res.CPUCores)
	}
	return nil
}

func maxOf(ds []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return true
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// usage is a snapshot of the process's and the machine's resource use.
type usage struct {
	at      time.Time
	cpu     time.Duration // this process, user + system
	machine time.Duration // all processes, non-idle; 0 if unknown
	alloc   uint64        // cumulative bytes allocated on the heap
	gcs     uint32
}

func readUsage() usage {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return usage{at: time.Now(), cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), machine: machineBusy(),
		alloc: m.TotalAlloc, gcs: m.NumGC}
}

// machineBusy returns the CPU time all processes used since boot, from the
// first line of /proc/stat (user nice system idle iowait irq softirq steal
// …, in USER_HZ ticks, 100 a second on every Linux ABI Go supports).
func machineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for i, v := range f[1:9] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0
		}
		if i != 3 && i != 4 { // idle, iowait
			busy += n
		}
	}
	return time.Duration(busy) * 10 * time.Millisecond
}

// errorLog counts failed requests and keeps the first few for the report.
type errorLog struct {
	mu      sync.Mutex
	n       int
	samples []string
}

const keepErrors = 5

func (e *errorLog) add(format string, a ...any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	if len(e.samples) < keepErrors {
		e.samples = append(e.samples, fmt.Sprintf(format, a...))
	}
}

func (e *errorLog) result() (int, []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.n, e.samples
}
