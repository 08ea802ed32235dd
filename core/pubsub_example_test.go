//go:build !js

package core_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/coder/websocket"

	"github.com/bosgo/bosgo/core"
)

func ExamplePubSubService() {
	url, stop := startExamplePubSub() // a stand-in for a BosBase server
	defer stop()
	ctx := context.Background()

	pb := core.New(url)
	defer pb.PubSub.Close()

	got := make(chan string, 1)
	unsubscribe, err := pb.PubSub.Subscribe(ctx, "chat.lobby", func(m core.PubSubMessage) {
		var msg struct{ Text string }
		if err := m.Decode(&msg); err == nil {
			got <- m.Topic + ": " + msg.Text
		}
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer unsubscribe()

	ack, err := pb.PubSub.Publish(ctx, "chat.lobby", map[string]string{"text": "hello"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("published", ack.ID)
	fmt.Println(<-got)
	// Output:
	// published msg-1
	// chat.lobby: hello
}

// startExamplePubSub serves a minimal one-connection pub/sub for the
// example: ready, subscribe, and publish delivered back to the publisher.
func startExamplePubSub() (url string, stop func()) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := r.Context()
		send := func(v map[string]any) {
			b, _ := json.Marshal(v)
			_ = c.Write(ctx, websocket.MessageText, b)
		}
		send(map[string]any{"type": "ready", "clientId": "example"})
		subscribed, published := map[string]bool{}, 0
		for {
			_, b, err := c.Read(ctx)
			if err != nil {
				return
			}
			var f struct {
				Type, Topic, RequestID string
				Data                   json.RawMessage
			}
			if json.Unmarshal(b, &f) != nil {
				continue
			}
			switch f.Type {
			case "subscribe":
				subscribed[f.Topic] = true
				send(map[string]any{"type": "subscribed", "requestId": f.RequestID})
			case "unsubscribe":
				delete(subscribed, f.Topic)
				send(map[string]any{"type": "unsubscribed", "requestId": f.RequestID})
			case "publish":
				published++
				id := fmt.Sprintf("msg-%d", published)
				send(map[string]any{"type": "published", "requestId": f.RequestID, "id": id, "topic": f.Topic})
				if subscribed[f.Topic] {
					send(map[string]any{"type": "message", "id": id, "topic": f.Topic, "data": f.Data})
				}
			}
		}
	}))
	return srv.URL, srv.Close
}
