package outbox_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"tongban/internal/apptest"
	"tongban/internal/outbox"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

const natsURL = "nats://127.0.0.1:4222"

func TestPublishOutboxToJetStream(t *testing.T) {
	if c, err := net.DialTimeout("tcp", "127.0.0.1:4222", time.Second); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but NATS is not reachable at %s: %v", natsURL, err)
		}
		t.Skipf("NATS is not running at %s", natsURL)
	} else {
		c.Close()
	}
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		app := apptest.New(t, st)
		agent := app.Login("agent")
		var cats struct{ Categories []struct{ Code string } }
		agent.Do("GET", "/api/v1/categories", nil, 200).JSON(&cats)
		for i := 0; i < 3; i++ {
			agent.Do("POST", "/api/v1/orders", map[string]any{"channel": "web", "caller": map[string]any{"anonymous": true, "lang": "zh"},
				"title": "噪音扰民", "description": "夜间施工噪音。", "type": "complaint", "category": cats.Categories[0].Code,
				"region_code": "152921404000"}, 201)
		}
		if n, _ := st.OutboxPending(ctx); n != 3 {
			t.Fatalf("outbox has %d pending messages, want 3", n)
		}
		b := make([]byte, 4)
		rand.Read(b)
		suffix := hex.EncodeToString(b)
		stream, prefix := "TONGBAN_TEST_"+suffix, "tongbantest"+suffix
		p, err := outbox.ConnectStream(ctx, st, natsURL, stream, prefix)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		js, _ := jetstream.New(natsConn(t))
		defer js.DeleteStream(ctx, stream)
		if n, err := p.Flush(ctx); err != nil || n != 3 {
			t.Fatalf("flush: %d, %v; want 3", n, err)
		}
		if n, _ := st.OutboxPending(ctx); n != 0 {
			t.Fatalf("%d messages still pending after a flush", n)
		}
		if n, err := p.Flush(ctx); err != nil || n != 0 {
			t.Fatalf("second flush: %d, %v; want nothing", n, err)
		}
		s, err := js.Stream(ctx, stream)
		if err != nil {
			t.Fatal(err)
		}
		info, _ := s.Info(ctx)
		if info.State.Msgs != 3 {
			t.Fatalf("stream holds %d messages, want 3", info.State.Msgs)
		}
		msg, err := s.GetMsg(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			No    string `json:"no"`
			State string `json:"state"`
		}
		if err := json.Unmarshal(msg.Data, &body); err != nil || body.State != "registered" || msg.Subject != prefix+".order."+body.No {
			t.Fatalf("message %s %s", msg.Subject, msg.Data)
		}
	})
}

func natsConn(t *testing.T) *nats.Conn {
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}
