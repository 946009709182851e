package eventlog

import (
	"errors"
	"testing"
	"time"
)

func chain(n int) []Event {
	var es []Event
	prev := ""
	for i := 1; i <= n; i++ {
		e := Event{Stream: "order:20261126000123", Seq: int64(i), Type: "note", At: time.Date(2026, 11, 26, 9, i, 0, 123456789, time.UTC),
			ActorID: 7, UnitID: 3, Payload: []byte(`{"text":"备注"}`)}
		e.Seal(prev)
		prev = e.Hash
		es = append(es, e)
	}
	return es
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name   string
		tamper func([]Event) []Event
		seq    int64 // 0: the chain verifies
	}{
		{"untouched", func(es []Event) []Event { return es }, 0},
		{"payload edited", func(es []Event) []Event { es[1].Payload = []byte(`{"text":"改过"}`); return es }, 2},
		{"actor edited", func(es []Event) []Event { es[2].ActorID = 8; return es }, 3},
		{"time edited", func(es []Event) []Event { es[0].At = es[0].At.Add(time.Second); return es }, 1},
		{"event deleted", func(es []Event) []Event { return append(es[:1], es[2:]...) }, 3},
		{"events swapped", func(es []Event) []Event { es[1], es[2] = es[2], es[1]; return es }, 3},
		{"renumbered after a delete", func(es []Event) []Event {
			es = append(es[:1], es[2:]...)
			es[1].Seq = 2
			return es
		}, 2},
		{"last event removed", func(es []Event) []Event { return es[:3] }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.tamper(chain(4)))
			var ce *ChainError
			switch {
			case tt.seq == 0 && err != nil:
				t.Fatalf("got %v, want the chain to verify", err)
			case tt.seq != 0 && (!errors.As(err, &ce) || ce.Seq != tt.seq):
				t.Fatalf("got %v, want a break at event %d", err, tt.seq)
			}
		})
	}
}

func TestSealTruncatesToMicroseconds(t *testing.T) {
	es := chain(1)
	if es[0].At.Nanosecond()%1000 != 0 {
		t.Fatalf("sealed time %v keeps nanoseconds the databases cannot store", es[0].At)
	}
	// A round trip through a database that keeps microseconds verifies.
	es[0].At = es[0].At.Local()
	if err := Verify(es); err != nil {
		t.Fatal(err)
	}
}
