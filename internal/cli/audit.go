package cli

import (
	"context"
	"fmt"
)

// runAudit verifies the event chain of every work order and every
// application and names each one whose events were edited, deleted or
// reordered; it exits non-zero if any was.
func runAudit(ctx context.Context, env Env, args []string) error {
	const summary = "check the hash chain of every work order's and application's events"
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			newFlags(env, "audit", "verify [flags]", summary).Usage()
			return nil
		}
		return usageError{"say verify"}
	}
	cfg, err := parseConfig(env, "audit verify", "[flags]", summary, args[1:])
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	bad := 0
	n, err := st.VerifyChains(ctx, func(kind, no string, err error) {
		bad++
		fmt.Fprintf(env.Stdout, "TAMPERED %s %s: %v\n", kind, no, err)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d orders and %d applications checked, %d with broken chains\n", n.Orders, n.Applications, bad)
	if bad > 0 {
		return fmt.Errorf("%d event chains are broken", bad)
	}
	return nil
}
