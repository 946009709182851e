package cli

import (
	"context"
	"time"

	"tongban/internal/config"
	"tongban/internal/demo"
	"tongban/internal/hotline"
	"tongban/internal/storage"
	"tongban/internal/workday"
)

// seedDemo creates the demo data set when the database has no units yet.
func seedDemo(ctx context.Context, st *storage.Store, cfg *config.Config) error {
	units, err := st.Units(ctx)
	if err != nil || len(units) > 0 {
		return err
	}
	return demo.Seed(ctx, st)
}

// seedDemoOrders creates the demo work orders once the service exists (the
// generator drives them through the service, with its clock).
func seedDemoOrders(ctx context.Context, st *storage.Store, svc *hotline.Service) error {
	return demo.SeedOrders(ctx, st, svc)
}

// seedDemoHall loads the demo catalog, bundles and applications.
func seedDemoHall(ctx context.Context, st *storage.Store, cal *workday.Calendar) error {
	_, err := demo.SeedHall(ctx, st, cal, time.Now())
	return err
}
