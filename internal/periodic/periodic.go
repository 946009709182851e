// Package periodic runs background work at a fixed interval: the deadline
// sweepers of both lines and the outbox publisher.
package periodic

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Run calls fn now and then every interval until ctx ends; every <= 0 runs
// nothing. fn returns how much it did, which is logged when non-zero, and
// an error, which is logged and does not stop the loop.
func Run(ctx context.Context, every time.Duration, name string, fn func(context.Context) (int, error)) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := fn(ctx); err != nil && !errors.Is(err, context.Canceled) {
			slog.WarnContext(ctx, name, slog.Any("err", err))
		} else if n > 0 {
			slog.Debug(name, slog.Int("done", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
