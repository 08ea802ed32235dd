package core_test

import (
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/core/storetest"
)

func TestMemoryStoreContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(*testing.T) core.AuthStore { return core.NewMemoryStore() })
}

func TestMemoryStoreZeroValueContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(*testing.T) core.AuthStore { return &core.MemoryStore{} })
}

func TestMemoryStoreClock(t *testing.T) {
	t.Parallel()
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &core.MemoryStore{Now: func() time.Time { return now }}
	tok := storetest.UnsignedToken(map[string]any{"id": "u1", "type": "auth", "exp": now.Add(time.Minute).Unix()})
	if err := s.Save(tok, nil); err != nil {
		t.Fatal(err)
	}
	if !s.IsValid() {
		t.Error("IsValid() = false one minute before exp on the store's clock")
	}
	now = now.Add(time.Minute - core.ExpiryLeeway)
	if s.IsValid() {
		t.Error("IsValid() = true within ExpiryLeeway of exp on the store's clock")
	}
}

func TestMemoryStoreSaveEmptyTokenSignsOut(t *testing.T) {
	t.Parallel()
	s := core.NewMemoryStore()
	tok := storetest.UnsignedToken(map[string]any{"id": "u1", "type": "auth"})
	if err := s.Save(tok, core.Record{"id": "u1"}); err != nil {
		t.Fatal(err)
	}
	var kinds []core.AuthEventKind
	defer s.OnChange(func(ev core.AuthEvent) { kinds = append(kinds, ev.Kind) })()
	if err := s.Save("", core.Record{"id": "u1"}); err != nil {
		t.Fatal(err)
	}
	if s.Token() != "" || s.Record() != nil {
		t.Errorf("Save(\"\", rec) left Token/Record = %q/%v, want a signed-out store", s.Token(), s.Record())
	}
	if len(kinds) != 1 || kinds[0] != core.AuthSignedOut {
		t.Errorf("Save(\"\", rec) events = %v, want [signed-out]", kinds)
	}
}
