package server

import (
	"database/sql"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// PoolStatser exposes database pool statistics by pool name.
type PoolStatser interface {
	PoolStats() map[string]sql.DBStats
}

// latencyBuckets are the histogram's upper bounds in seconds.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type routeStats struct {
	count   map[int]uint64 // by status
	buckets []uint64
	sum     float64
	total   uint64
}

// Metrics counts requests and latencies per route and writes them, with the
// database pool statistics, in the Prometheus text exposition format. A
// hand-written exporter: the client library would be the biggest dependency
// of the binary for a dozen lines of output.
type Metrics struct {
	mu     sync.Mutex
	routes map[string]*routeStats
	pools  PoolStatser
	start  time.Time
}

// NewMetrics returns an empty registry.
func NewMetrics(pools PoolStatser) *Metrics {
	return &Metrics{routes: map[string]*routeStats{}, pools: pools, start: time.Now()}
}

// Observe records one request.
func (m *Metrics) Observe(route string, status int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	rs := m.routes[route]
	if rs == nil {
		rs = &routeStats{count: map[int]uint64{}, buckets: make([]uint64, len(latencyBuckets))}
		m.routes[route] = rs
	}
	rs.count[status]++
	for i, b := range latencyBuckets {
		if sec <= b {
			rs.buckets[i]++
		}
	}
	rs.sum += sec
	rs.total++
}

func label(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// ServeHTTP writes the metrics.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	m.mu.Lock()
	routes := make([]string, 0, len(m.routes))
	for k := range m.routes {
		routes = append(routes, k)
	}
	sort.Strings(routes)
	b.WriteString("# HELP tongban_http_requests_total HTTP requests by route and status.\n# TYPE tongban_http_requests_total counter\n")
	for _, rt := range routes {
		rs := m.routes[rt]
		codes := make([]int, 0, len(rs.count))
		for c := range rs.count {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		for _, c := range codes {
			fmt.Fprintf(&b, "tongban_http_requests_total{route=\"%s\",status=\"%d\"} %d\n", label(rt), c, rs.count[c])
		}
	}
	b.WriteString("# HELP tongban_http_request_duration_seconds HTTP request latency by route.\n# TYPE tongban_http_request_duration_seconds histogram\n")
	for _, rt := range routes {
		rs := m.routes[rt]
		for i, ub := range latencyBuckets {
			fmt.Fprintf(&b, "tongban_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %d\n", label(rt), ub, rs.buckets[i])
		}
		fmt.Fprintf(&b, "tongban_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %d\n", label(rt), rs.total)
		fmt.Fprintf(&b, "tongban_http_request_duration_seconds_sum{route=\"%s\"} %g\n", label(rt), rs.sum)
		fmt.Fprintf(&b, "tongban_http_request_duration_seconds_count{route=\"%s\"} %d\n", label(rt), rs.total)
	}
	m.mu.Unlock()
	if m.pools != nil {
		stats := m.pools.PoolStats()
		names := make([]string, 0, len(stats))
		for n := range stats {
			names = append(names, n)
		}
		sort.Strings(names)
		gauge := func(name, help string, val func(sql.DBStats) float64) {
			fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
			for _, n := range names {
				fmt.Fprintf(&b, "%s{pool=\"%s\"} %g\n", name, n, val(stats[n]))
			}
		}
		gauge("tongban_db_open_connections", "Open database connections.", func(s sql.DBStats) float64 { return float64(s.OpenConnections) })
		gauge("tongban_db_in_use_connections", "Database connections in use.", func(s sql.DBStats) float64 { return float64(s.InUse) })
		gauge("tongban_db_idle_connections", "Idle database connections.", func(s sql.DBStats) float64 { return float64(s.Idle) })
		gauge("tongban_db_max_open_connections", "Maximum open database connections.", func(s sql.DBStats) float64 { return float64(s.MaxOpenConnections) })
		gauge("tongban_db_wait_count", "Connections waited for, total.", func(s sql.DBStats) float64 { return float64(s.WaitCount) })
		gauge("tongban_db_wait_seconds", "Time spent waiting for connections, total.", func(s sql.DBStats) float64 { return s.WaitDuration.Seconds() })
	}
	fmt.Fprintf(&b, "# HELP tongban_uptime_seconds Seconds since the process started.\n# TYPE tongban_uptime_seconds gauge\ntongban_uptime_seconds %g\n", time.Since(m.start).Seconds())
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(b.String()))
}
