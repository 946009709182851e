// Package outbox publishes the event notifications that storage writes to
// the outbox table, in the same transaction as each change, to NATS
// JetStream. Other systems and read models on other machines subscribe to
// tongban.order.<no>; without NATS configured the messages simply stay in
// the table, and nothing else depends on them.
package outbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"tongban/internal/periodic"
	"tongban/internal/storage"
)

// Stream is the JetStream stream that keeps tongban's events.
const Stream = "TONGBAN"

// Publisher moves outbox rows to JetStream.
type Publisher struct {
	st     *storage.Store
	nc     *nats.Conn
	js     jetstream.JetStream
	prefix string
}

// Connect connects to NATS and makes sure the stream exists.
func Connect(ctx context.Context, st *storage.Store, url string) (*Publisher, error) {
	return ConnectStream(ctx, st, url, Stream, "tongban")
}

// ConnectStream is Connect with another stream name and subject prefix, so
// that tests and several installations can share one NATS server.
func ConnectStream(ctx context.Context, st *storage.Store, url, stream, prefix string) (*Publisher, error) {
	nc, err := nats.Connect(url, nats.Name("tongban"), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("connect to NATS %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: stream, Subjects: []string{prefix + ".>"}, Storage: jetstream.FileStorage,
		Duplicates: 10 * time.Minute, MaxAge: 30 * 24 * time.Hour,
	})
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("create stream %s: %w", stream, err)
	}
	return &Publisher{st: st, nc: nc, js: js, prefix: prefix}, nil
}

// Close closes the connection.
func (p *Publisher) Close() { p.nc.Close() }

// Flush publishes what is waiting and returns how many messages it
// published. The message ID is the subject and a hash of the payload
// (which carries the order's version), so JetStream drops a message
// published twice after a crash between publishing and committing.
func (p *Publisher) Flush(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := p.st.PublishOutbox(ctx, 200, func(m storage.OutboxMessage) error {
			subject := p.prefix + "." + strings.TrimPrefix(m.Subject, "tongban.")
			sum := sha256.Sum256(m.Payload)
			_, err := p.js.Publish(ctx, subject, m.Payload, jetstream.WithMsgID(subject+":"+hex.EncodeToString(sum[:8])))
			return err
		})
		total += n
		if err != nil || n < 200 {
			return total, err
		}
	}
}

// Run flushes every interval until ctx ends.
func (p *Publisher) Run(ctx context.Context, every time.Duration) {
	periodic.Run(ctx, every, "publish outbox", p.Flush)
}
