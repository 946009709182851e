package storage

import (
	"context"
	"fmt"
	"log/slog"

	"tongban/internal/catalog"
	"tongban/internal/category"
	"tongban/internal/region"
	"tongban/internal/workday"
)

// Bootstrap loads what every installation starts with into an empty
// database: Alxa's regions, the default request categories, the league's
// departments that own service items and the built-in official holiday
// schedules.
// Data already there (imported or edited by an administrator) is kept.
func (s *Store) Bootstrap(ctx context.Context) error {
	rs, err := s.Regions(ctx)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		if err := s.ImportRegions(ctx, region.Alxa()); err != nil {
			return fmt.Errorf("load default regions: %w", err)
		}
		slog.Info("loaded default regions", slog.Int("count", len(region.Alxa())))
	}
	cs, err := s.Categories(ctx)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		if err := s.ReplaceCategories(ctx, category.Default()); err != nil {
			return fmt.Errorf("load default categories: %w", err)
		}
	}
	// The league's departments (委办局) that own service items, so a catalog
	// file can be imported into a fresh database; which unit handles each
	// is set on the administration page once the units exist.
	ds, err := s.Departments(ctx)
	if err != nil {
		return err
	}
	if len(ds) == 0 {
		if err := s.SaveDepartments(ctx, catalog.Departments()); err != nil {
			return fmt.Errorf("load default departments: %w", err)
		}
	}
	have, err := s.Schedules(ctx)
	if err != nil {
		return err
	}
	loaded := map[int]bool{}
	for _, sc := range have {
		loaded[sc.Year] = true
	}
	for _, sc := range workday.Builtin() {
		if !loaded[sc.Year] {
			if err := s.SaveSchedule(ctx, sc); err != nil {
				return fmt.Errorf("load built-in schedule %d: %w", sc.Year, err)
			}
		}
	}
	return nil
}
