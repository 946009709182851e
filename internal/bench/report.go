package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// The targets of the intake benchmark.
const (
	// TargetThroughput is the sustained rate SQLite must reach, orders/s.
	TargetThroughput = 2000
	// TargetP99 is the order p99 allowed at TargetP99Rate, ms.
	TargetP99 = 50
	// TargetP99Rate is the offered rate, orders/s, the p99 target is for.
	TargetP99Rate = 500
)

// Check is a target and whether the run met it.
type Check struct {
	Target string `json:"target"`
	Met    bool   `json:"met"`
	Got    string `json:"got"`
}

// Checks compares the run with the targets that apply to it: throughput for
// a closed loop, p99 for an open loop at the target rate or above.
func (r *Result) Checks() []Check {
	var cs []Check
	if r.Mode == "closed-loop" {
		target := fmt.Sprintf("≥ %d orders/s sustained", TargetThroughput)
		if r.DB != "sqlite" {
			target += " (set for SQLite; for comparison)"
		}
		cs = append(cs, Check{target,
			r.Throughput >= TargetThroughput, fmt.Sprintf("%.0f orders/s", r.Throughput)})
	}
	if r.Rate >= TargetP99Rate {
		cs = append(cs, Check{fmt.Sprintf("order p99 ≤ %d ms at %d orders/s", TargetP99, TargetP99Rate),
			r.Order.Count > 0 && r.Order.P99 <= TargetP99, fmt.Sprintf("%.1f ms at %.0f orders/s", r.Order.P99, r.Throughput)})
	}
	if r.Rate > 0 && r.Throughput < 0.98*r.Rate {
		cs = append(cs, Check{fmt.Sprintf("keeps up with the offered %.0f orders/s", r.Rate), false,
			fmt.Sprintf("%.0f orders/s; latencies include the queue that built up", r.Throughput)})
	}
	if r.Errors > 0 {
		cs = append(cs, Check{"no errors", false, fmt.Sprintf("%d errors", r.Errors)})
	}
	return cs
}

// WriteJSON writes the result with its checks as one JSON object.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		*Result
		Checks []Check `json:"checks"`
	}{r, r.Checks()})
}

// WriteText writes the result for people.
func (r *Result) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	m := r.Machine
	fmt.Fprintf(tw, "tongban bench intake: register + dispatch through the JSON API over loopback HTTP\n\n")
	fmt.Fprintf(tw, "date\t%s\n", r.Date.Format(time.RFC3339))
	fmt.Fprintf(tw, "machine\t%s/%s, %d CPUs (GOMAXPROCS %d), %s, kernel %s\n", m.OS, m.Arch, m.CPUs, m.GOMAXPROCS, m.CPUModel, m.Kernel)
	fmt.Fprintf(tw, "go\t%s\n", m.GoVersion)
	fmt.Fprintf(tw, "database\t%s\n", r.DBVersion)
	load := fmt.Sprintf("%s, %d workers", r.Mode, r.Concurrency)
	if r.Rate > 0 {
		load = fmt.Sprintf("%s at %.0f orders/s offered, up to %d in flight", r.Mode, r.Rate, r.Concurrency)
	}
	fmt.Fprintf(tw, "load\t%s; warm-up %s, measured %s\n", load, secs(r.WarmupSec), secs(r.DurationSec))
	fmt.Fprintf(tw, "note\t%s\n\n", r.Note)

	fmt.Fprintf(tw, "orders\t%d in %s = %.1f orders/s (%.1f requests/s)\n", r.Orders, secs(r.DurationSec), r.Throughput, 2*r.Throughput)
	fmt.Fprintf(tw, "errors\t%d (whole run, warm-up included)\n", r.Errors)
	for _, s := range r.ErrorSamples {
		fmt.Fprintf(tw, "\t%s\n", s)
	}
	fmt.Fprintf(tw, "cpu\t%.2f of %d cores busy; %.0f µs CPU, %.0f KiB allocated per order; %d GCs\n",
		r.CPUCores, m.CPUs, r.CPUPerOrderUs, r.AllocPerOrder/1024, r.GCs)
	noise := ""
	switch {
	case r.DB == "postgres":
		noise = " (a local PostgreSQL server is part of this)"
	case r.OtherCores > 0.1:
		noise = " (the machine was not idle: treat these numbers as noisy)"
	}
	fmt.Fprintf(tw, "others\tother processes used %.2f cores meanwhile%s\n", r.OtherCores, noise)
	if r.Rate > 0 {
		fmt.Fprintf(tw, "lag\tlatest send %.1f ms after its scheduled time\n", r.MaxLagMs)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nlatency (ms)\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\tcount\tmean\tp50\tp95\tp99\tmax\t\n")
	row := func(name string, s Summary) {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t\n", name, s.Count, s.Mean, s.P50, s.P95, s.P99, s.Max)
	}
	orderName := "order (register+dispatch)"
	if r.Rate > 0 {
		orderName = "order (from scheduled start)"
	}
	row(orderName, r.Order)
	row("register  POST /api/v1/orders", r.Register)
	row("dispatch  POST /api/v1/orders/{no}/dispatch", r.Dispatch)
	tw.Flush()

	if cs := r.Checks(); len(cs) > 0 {
		fmt.Fprintf(w, "\ntargets\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, c := range cs {
			verdict := "MET"
			if !c.Met {
				verdict = "NOT MET"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", verdict, c.Target, c.Got)
		}
		tw.Flush()
	}
	return nil
}

func secs(s float64) string { return time.Duration(s * float64(time.Second)).String() }
