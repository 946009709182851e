package cli

import (
	"context"
	"fmt"
)

// runAudit verifies every order's event chain and names each order whose
// events were edited, deleted or reordered; it exits non-zero if any was.
func runAudit(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			newFlags(env, "audit", "verify [flags]", "check the hash chain of every order's events").Usage()
			return nil
		}
		return usageError{"say verify"}
	}
	cfg, err := parseConfig(env, "audit verify", "[flags]", "check the hash chain of every order's events", args[1:])
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	bad := 0
	n, err := st.VerifyOrderChains(ctx, func(no string, err error) {
		bad++
		fmt.Fprintf(env.Stdout, "TAMPERED %s: %v\n", no, err)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d orders checked, %d with broken chains\n", n, bad)
	if bad > 0 {
		return fmt.Errorf("%d orders have broken event chains", bad)
	}
	return nil
}
