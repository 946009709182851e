// Package eventlog defines the append-only, hash-chained event envelope that
// work orders and applications share: every action is an immutable,
// attributed, timestamped event, and the events of one stream (one order, one
// application) form a SHA-256 chain so that an edited, deleted or reordered
// event is detected by Verify.
package eventlog

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
)

// Event is one immutable fact in a stream.
type Event struct {
	Stream  string    // e.g. "order:20261126000123"
	Seq     int64     // 1-based, contiguous within the stream
	Type    string    // the action, e.g. "dispatch"
	At      time.Time // UTC
	ActorID int64     // staff account, 0 for citizens and the system
	UnitID  int64     // the actor's unit, 0 when none
	// Payload is the action's data as stored, byte for byte: the hash covers
	// these exact bytes, so storage must keep them as text (not jsonb, which
	// reorders keys).
	Payload []byte
	Prev    string // hex hash of the previous event, "" for the first
	Hash    string // hex hash of this event
}

// Sum computes the hash of e chained to prev. Fields are length-prefixed so
// that no two different events share an encoding.
func (e *Event) Sum(prev string) string {
	h := sha256.New()
	var n [8]byte
	field := func(b []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	num := func(v int64) {
		binary.BigEndian.PutUint64(n[:], uint64(v))
		h.Write(n[:])
	}
	field([]byte(prev))
	field([]byte(e.Stream))
	num(e.Seq)
	field([]byte(e.Type))
	num(e.At.UTC().UnixMicro())
	num(e.ActorID)
	num(e.UnitID)
	field(e.Payload)
	return hex.EncodeToString(h.Sum(nil))
}

// Seal sets Prev and Hash so that e follows an event whose hash is prev.
// Times are truncated to microseconds first, the precision both databases keep.
func (e *Event) Seal(prev string) {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Prev = prev
	e.Hash = e.Sum(prev)
}

// ChainError names the first event at which a stream's chain breaks.
type ChainError struct {
	Stream string
	Seq    int64
	Reason string
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("%s: event %d: %s", e.Stream, e.Seq, e.Reason)
}

// Verify checks that events (one stream, in stored order) are numbered 1..n
// without gaps, each links to its predecessor's hash, and each hash matches
// its content.
func Verify(events []Event) error {
	prev := ""
	for i, e := range events {
		want := int64(i + 1)
		switch {
		case e.Seq != want:
			return &ChainError{e.Stream, e.Seq, fmt.Sprintf("sequence %d where %d was expected (deleted or reordered)", e.Seq, want)}
		case e.Prev != prev:
			return &ChainError{e.Stream, e.Seq, "does not link to the previous event (deleted or reordered)"}
		case e.Sum(prev) != e.Hash:
			return &ChainError{e.Stream, e.Seq, "content does not match its hash (edited)"}
		}
		prev = e.Hash
	}
	return nil
}
