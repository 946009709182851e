package cli

import (
	"context"

	"tongban/internal/config"
	"tongban/internal/demo"
	"tongban/internal/storage"
)

// seedDemo creates the demo data set when the database has no units yet.
func seedDemo(ctx context.Context, st *storage.Store, cfg *config.Config) error {
	units, err := st.Units(ctx)
	if err != nil || len(units) > 0 {
		return err
	}
	return demo.Seed(ctx, st)
}
