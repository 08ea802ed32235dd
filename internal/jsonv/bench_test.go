package jsonv_test

import (
	"testing"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// authResponse is a typical auth-with-password response of about 1 KB.
var authResponse = []byte(`{
  "token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjb2xsZWN0aW9uSWQiOiJfcGJfdXNlcnNfYXV0aF8iLCJleHAiOjE3MzAwMDAwMDAsImlkIjoiYWJjMTIzZGVmNDU2Z2hpIiwicmVmcmVzaGFibGUiOnRydWUsInR5cGUiOiJhdXRoIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU",
  "record": {
    "avatar": "",
    "collectionId": "_pb_users_auth_",
    "collectionName": "users",
    "created": "2024-05-01 10:20:30.123Z",
    "email": "someone@example.com",
    "emailVisibility": false,
    "id": "abc123def456ghi",
    "name": "Some One",
    "updated": "2024-06-01 11:22:33.456Z",
    "verified": true,
    "settings": {"theme": "dark", "lang": "en-GB", "notifications": [true, false, true], "limit": 25},
    "roles": ["admin", "editor", "viewer"],
    "bio": "Ünïcödé text with \"quotes\" and a \\ backslash, \u00e9 and an emoji \ud83d\ude00.",
    "score": 1234.5678,
    "visits": 98765
  },
  "meta": {"id": "oauth-id", "rawUser": {"login": "someone", "public_repos": 12}}
}`)

func BenchmarkDecode(b *testing.B) {
	b.SetBytes(int64(len(authResponse)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsonv.Decode(authResponse); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshal(b *testing.B) {
	v, err := jsonv.Decode(authResponse)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsonv.Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}
