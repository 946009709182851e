package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"tongban/internal/category"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/region"
)

// importKinds are what tongban import loads.
var importKinds = map[string]bool{"regions": true, "holidays": true, "categories": true, "catalog": true}

func runImport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || !importKinds[args[0]] {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			newFlags(env, "import", "regions FILE | holidays FILE... | categories FILE | catalog FILE",
				"import division codes (alxa CSV or the modood NBS CSVs), holiday schedules (holiday-cn JSON), the request category tree\n"+
					"(taxonomy CSV or A->B->C paths) or the service-item catalog (事项目录: CSV or XLSX with the columns of an export\n"+
					"from /admin/catalog; items are added or updated by code, items not in the file are kept). Every import is all or\n"+
					"nothing: a file with one bad row imports nothing, and every bad row is listed").Usage()
			return nil
		}
		return usageError{"say what to import: regions, holidays, categories or catalog"}
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
	case "catalog":
		return importCatalog(ctx, env, hall.New(st, nil, nil), files[0])
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

// importCatalog loads a catalog file as the administration page does, but
// without a signed-in subject: whoever runs the command may open the
// database. Every bad row goes to stderr, one a line, before the error.
func importCatalog(ctx context.Context, env Env, h *hall.Service, file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	n, err := h.ImportCatalogFile(ctx, file, b)
	var list fault.List // the file's problems, one a line
	if !errors.As(err, &list) {
		if fe := fault.As(err); fe != nil && fe.Code == fault.Invalid {
			list = fault.List{fe}
		}
	}
	if len(list) > 0 {
		count := 0
		for _, e := range list {
			fmt.Fprintln(env.Stderr, e.Message)
			if more, ok := e.Args["count"].(int); ok && e.Key == "catalog.import.more" {
				count += more // the importer lists the first 200 and counts the rest
			} else {
				count++
			}
		}
		what := "problems"
		if count == 1 {
			what = "problem"
		}
		return fmt.Errorf("%s: %d %s, nothing imported", file, count, what)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	fmt.Fprintf(env.Stdout, "%s: imported %d items\n", file, n)
	return nil
}
