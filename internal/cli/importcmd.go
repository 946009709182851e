package cli

import (
	"context"
	"fmt"
	"os"

	"tongban/internal/category"
	"tongban/internal/region"
)

func runImport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "regions" && args[0] != "holidays" && args[0] != "categories") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			newFlags(env, "import", "regions FILE | holidays FILE... | categories FILE", "import division codes (alxa CSV or the modood NBS CSVs), holiday schedules (holiday-cn JSON) or the request category tree (taxonomy CSV or A->B->C paths)").Usage()
			return nil
		}
		return usageError{"say what to import: regions, holidays or categories"}
	}
	what := args[0]
	cfg, files, err := parseConfigArgs(env, "import "+what, "[flags] FILE...", "import "+what+" into the database; all or nothing per file", args[1:])
	if err != nil {
		return err
	}
	if len(files) == 0 || (what != "holidays" && len(files) != 1) {
		return usageError{"name the file(s) to import"}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	switch what {
	case "regions":
		existing, err := st.Regions(ctx)
		if err != nil {
			return err
		}
		known := make(map[string]bool, len(existing))
		for _, r := range existing {
			known[r.Code] = true
		}
		f, err := os.Open(files[0])
		if err != nil {
			return err
		}
		defer f.Close()
		rs, err := region.ParseFile(files[0], f, func(c string) bool { return known[c] })
		if err != nil {
			return err
		}
		if err := st.ImportRegions(ctx, rs); err != nil {
			return fmt.Errorf("%s: %w", files[0], err)
		}
		fmt.Fprintf(env.Stdout, "%s: imported %d regions\n", files[0], len(rs))
	case "categories":
		f, err := os.Open(files[0])
		if err != nil {
			return err
		}
		defer f.Close()
		cs, err := category.ParseFile(files[0], f)
		if err != nil {
			return err
		}
		if err := st.ReplaceCategories(ctx, cs); err != nil {
			return fmt.Errorf("%s: %w", files[0], err)
		}
		fmt.Fprintf(env.Stdout, "%s: imported %d categories (categories not in the file are kept but retired)\n", files[0], len(cs))
	case "holidays":
		// Parse every file before storing any, so one bad file stores nothing.
		scs, err := readSchedules(files)
		if err != nil {
			return err
		}
		for i, sc := range scs {
			if err := st.SaveSchedule(ctx, sc); err != nil {
				return fmt.Errorf("%s: %w", files[i], err)
			}
			fmt.Fprintf(env.Stdout, "%s: schedule %d with %d days\n", files[i], sc.Year, len(sc.Days))
		}
	}
	return nil
}
