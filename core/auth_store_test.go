package core_test

import (
	"testing"

	"github.com/bosgo/bosgo/core"
)

func TestClassifyAuthChange(t *testing.T) {
	t.Parallel()
	u1 := core.Record{"id": "u1", "collectionName": "users"}
	u1b := core.Record{"id": "u1", "collectionName": "users", "name": "changed"}
	u2 := core.Record{"id": "u2", "collectionName": "users"}
	s1 := core.Record{"id": "u1", "collectionName": "_superusers"}
	cases := []struct {
		name         string
		prevTok, tok string
		prevRec, rec core.Record
		want         core.AuthEventKind
	}{
		{"first sign-in", "", "t1", nil, u1, core.AuthSignedIn},
		{"token without record", "", "t1", nil, nil, core.AuthSignedIn},
		{"another record", "t1", "t2", u1, u2, core.AuthSignedIn},
		{"same id, other collection", "t1", "t2", u1, s1, core.AuthSignedIn},
		{"new token, same record", "t1", "t2", u1, u1b, core.AuthRefreshed},
		{"same token, new data", "t1", "t1", u1, u1b, core.AuthRecordUpdated},
		{"same token, same data", "t1", "t1", u1, u1, core.AuthRecordUpdated},
		{"cleared", "t1", "", u1, nil, core.AuthSignedOut},
		{"cleared while empty", "", "", nil, nil, core.AuthSignedOut},
	}
	for _, tc := range cases {
		if got := core.ClassifyAuthChange(tc.prevTok, tc.prevRec, tc.tok, tc.rec); got != tc.want {
			t.Errorf("%s: ClassifyAuthChange = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestAuthEventKindString(t *testing.T) {
	t.Parallel()
	want := map[core.AuthEventKind]string{
		core.AuthSignedIn: "signed-in", core.AuthRefreshed: "refreshed", core.AuthRecordUpdated: "record-updated",
		core.AuthSignedOut: "signed-out", 0: "unknown", 99: "unknown",
	}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("AuthEventKind(%d).String() = %q, want %q", int(k), k.String(), s)
		}
	}
}
