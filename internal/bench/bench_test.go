package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestIntakeSQLite runs the benchmark briefly against SQLite: every order
// must be registered and dispatched without an error, and the report must
// carry the numbers. Nothing here depends on how fast the machine is.
func TestIntakeSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server and seeds the demo organisation")
	}
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil))) // no per-request logs

	for _, tt := range []struct {
		name string
		rate float64
	}{
		{"closed loop", 0},
		{"open loop", 50},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Intake(context.Background(), Options{DB: "sqlite", Duration: time.Second, Warmup: 200 * time.Millisecond,
				Concurrency: 4, Rate: tt.rate})
			if err != nil {
				t.Fatal(err)
			}
			if r.Errors != 0 {
				t.Fatalf("got %d errors, want 0: %q", r.Errors, r.ErrorSamples)
			}
			if r.Orders == 0 || r.Order.Count != r.Orders || r.Dispatch.Count != r.Orders || r.Register.Count == 0 {
				t.Fatalf("got %d orders, %d order, %d register and %d dispatch samples; want orders > 0 in each",
					r.Orders, r.Order.Count, r.Register.Count, r.Dispatch.Count)
			}
			if !(r.Order.P50 <= r.Order.P95 && r.Order.P95 <= r.Order.P99 && r.Order.P99 <= r.Order.Max) || r.Order.P50 <= 0 {
				t.Fatalf("percentiles out of order: %+v", r.Order)
			}

			var text bytes.Buffer
			if err := r.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"orders", "p99", "dispatch", "share the"} {
				if !strings.Contains(text.String(), want) {
					t.Errorf("text report lacks %q:\n%s", want, text.String())
				}
			}
			var js bytes.Buffer
			if err := r.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			var back struct {
				Orders int `json:"orders"`
				Order  struct {
					P99 float64 `json:"p99_ms"`
				} `json:"order"`
			}
			if err := json.Unmarshal(js.Bytes(), &back); err != nil {
				t.Fatal(err)
			}
			if back.Orders != r.Orders || back.Order.P99 != r.Order.P99 {
				t.Errorf("JSON report: got orders %d p99 %v, want %d %v", back.Orders, back.Order.P99, r.Orders, r.Order.P99)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		samples []time.Duration
		p       int
		want    time.Duration
	}{
		{ms(7), 50, 7 * time.Millisecond},
		{ms(7), 99, 7 * time.Millisecond},
		{ms(1, 2), 50, 1 * time.Millisecond},
		{ms(1, 2), 51, 2 * time.Millisecond},
		{ms(hundred...), 50, 50 * time.Millisecond},
		{ms(hundred...), 95, 95 * time.Millisecond},
		{ms(hundred...), 99, 99 * time.Millisecond},
		{ms(hundred...), 100, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.samples, tt.p); got != tt.want {
			t.Errorf("percentile(%d samples, %d): got %v, want %v", len(tt.samples), tt.p, got, tt.want)
		}
	}
	s := summarize(ms(5, 1, 3))
	if s.Count != 3 || s.P50 != 3 || s.Max != 5 || s.Mean != 3 {
		t.Errorf("summarize: got %+v, want count 3, p50 3, max 5, mean 3", s)
	}
}
