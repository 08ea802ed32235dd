package core

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// The shadow types have the fields and json tags of the SDK's result
// types and no methods, so encoding/json handles them by reflection: the
// reference that MarshalJSON and fromJSON must match.

type shAuthResponse struct {
	Token  string         `json:"token"`
	Record map[string]any `json:"record"`
	Meta   map[string]any `json:"meta,omitempty"`
}

type shPasswordMethod struct {
	Enabled        bool     `json:"enabled"`
	IdentityFields []string `json:"identityFields"`
}

type shOAuth2Provider struct {
	Name                string `json:"name"`
	DisplayName         string `json:"displayName"`
	State               string `json:"state"`
	AuthURL             string `json:"authURL"`
	CodeVerifier        string `json:"codeVerifier"`
	CodeChallenge       string `json:"codeChallenge"`
	CodeChallengeMethod string `json:"codeChallengeMethod"`
}

type shOAuth2Method struct {
	Enabled   bool               `json:"enabled"`
	Providers []shOAuth2Provider `json:"providers"`
}

type shMFAMethod struct {
	Enabled  bool `json:"enabled"`
	Duration int  `json:"duration"`
}

type shOTPMethod struct {
	Enabled  bool `json:"enabled"`
	Duration int  `json:"duration"`
}

type shAuthMethods struct {
	Password shPasswordMethod `json:"password"`
	OAuth2   shOAuth2Method   `json:"oauth2"`
	MFA      shMFAMethod      `json:"mfa"`
	OTP      shOTPMethod      `json:"otp"`
}

type shListResult struct {
	Page       int              `json:"page"`
	PerPage    int              `json:"perPage"`
	TotalItems int              `json:"totalItems"`
	TotalPages int              `json:"totalPages"`
	Items      []map[string]any `json:"items"`
}

type shOTPResponse struct {
	OTPID string `json:"otpId"`
	MFAID string `json:"mfaId,omitempty"`
}

type shRecordEvent struct {
	Action string         `json:"action"`
	Record map[string]any `json:"record"`
}

// Conversions to the shadow types keep nil and empty apart.

func shadowAuthResponse(r AuthResponse) shAuthResponse {
	return shAuthResponse{Token: r.Token, Record: map[string]any(r.Record), Meta: r.Meta}
}

func shadowProvider(p OAuth2Provider) shOAuth2Provider { return shOAuth2Provider(p) }

func shadowAuthMethods(m AuthMethods) shAuthMethods {
	var ps []shOAuth2Provider
	if m.OAuth2.Providers != nil {
		ps = make([]shOAuth2Provider, len(m.OAuth2.Providers))
		for i, p := range m.OAuth2.Providers {
			ps[i] = shadowProvider(p)
		}
	}
	return shAuthMethods{
		Password: shPasswordMethod(m.Password),
		OAuth2:   shOAuth2Method{Enabled: m.OAuth2.Enabled, Providers: ps},
		MFA:      shMFAMethod(m.MFA),
		OTP:      shOTPMethod(m.OTP),
	}
}

func shadowListResult(l ListResult) shListResult {
	var items []map[string]any
	if l.Items != nil {
		items = make([]map[string]any, len(l.Items))
		for i, r := range l.Items {
			items[i] = map[string]any(r)
		}
	}
	return shListResult{l.Page, l.PerPage, l.TotalItems, l.TotalPages, items}
}

func shadowOTPResponse(r OTPResponse) shOTPResponse { return shOTPResponse(r) }

func shadowRecordEvent(e RecordEvent) shRecordEvent {
	return shRecordEvent{Action: e.Action, Record: map[string]any(e.Record)}
}

// sampleRecord is a realistic record: nested expand, arrays, numbers,
// characters encoding/json escapes.
func sampleRecord(id string) Record {
	return Record{
		"id": id, "collectionId": "pbc_3142635823", "collectionName": "posts",
		"title": "<b>Tom & Jerry</b>\u2028", "views": 12345678.0, "ratio": 0.1, "draft": false,
		"tags": []any{"a", "b", nil}, "meta": map[string]any{"k": []any{1.0, map[string]any{}}},
		"created": "2026-11-22 10:00:00.123Z", "empty": "", "nothing": nil,
		"expand": map[string]any{"author": map[string]any{"id": "u1", "email": "ann@example.com"},
			"nested": Record{"id": "n1", "z": 1e21, "a": math.Copysign(0, -1)}},
	}
}

func TestMarshalJSONMatchesShadows(t *testing.T) {
	t.Parallel()
	rec := sampleRecord("r1")
	type marshaler interface{ MarshalJSON() ([]byte, error) }
	cases := []struct {
		name   string
		value  marshaler
		shadow any
	}{}
	add := func(name string, v marshaler, shadow any) {
		cases = append(cases, struct {
			name   string
			value  marshaler
			shadow any
		}{name, v, shadow})
	}

	for i, r := range []AuthResponse{
		{},
		{Token: "eyJhbGciOiJIUzI1NiJ9.e30.sig", Record: rec},
		{Token: "t", Record: Record{}, Meta: map[string]any{}},                      // empty meta omitted
		{Token: "t", Record: nil, Meta: map[string]any{"isNew": true, "id": "g-1"}}, // nil record → null
		{Token: "<&>", Record: rec, Meta: map[string]any{"rawUser": map[string]any{"n": 1.5}, "avatarURL": ""}},
	} {
		add("AuthResponse#"+string(rune('0'+i)), r, shadowAuthResponse(r))
	}
	provider := OAuth2Provider{
		Name: "google", DisplayName: "Google", State: "st&ate<>", AuthURL: "https://accounts.google.com/o/oauth2/auth?client_id=x&state=s&redirect_uri=",
		CodeVerifier: "v", CodeChallenge: "c", CodeChallengeMethod: "S256",
	}
	for i, m := range []AuthMethods{
		{},
		{Password: PasswordMethod{Enabled: true, IdentityFields: []string{"email", "username"}},
			OAuth2: OAuth2Method{Enabled: true, Providers: []OAuth2Provider{provider, {Name: "gitlab"}}},
			MFA:    MFAMethod{Enabled: true, Duration: 1800}, OTP: OTPMethod{Enabled: true, Duration: 180}},
		{Password: PasswordMethod{IdentityFields: []string{}}, OAuth2: OAuth2Method{Providers: []OAuth2Provider{}}},
		{MFA: MFAMethod{Duration: -1}, OTP: OTPMethod{Duration: math.MaxInt64}},
	} {
		add("AuthMethods#"+string(rune('0'+i)), m, shadowAuthMethods(m))
		add("PasswordMethod#"+string(rune('0'+i)), m.Password, shPasswordMethod(m.Password))
		add("OAuth2Method#"+string(rune('0'+i)), m.OAuth2, shadowAuthMethods(m).OAuth2)
		add("MFAMethod#"+string(rune('0'+i)), m.MFA, shMFAMethod(m.MFA))
		add("OTPMethod#"+string(rune('0'+i)), m.OTP, shOTPMethod(m.OTP))
	}
	add("OAuth2Provider", provider, shadowProvider(provider))
	add("OAuth2Provider zero", OAuth2Provider{}, shOAuth2Provider{})
	for i, l := range []ListResult{
		{},
		{Page: 1, PerPage: 30, TotalItems: 2, TotalPages: 1, Items: []Record{rec, sampleRecord("r2")}},
		{Page: 3, PerPage: 500, TotalItems: -1, TotalPages: -1, Items: []Record{}},
		{Items: []Record{nil, {}, {"id": "x"}}},
	} {
		add("ListResult#"+string(rune('0'+i)), l, shadowListResult(l))
	}
	for i, r := range []OTPResponse{{}, {OTPID: "otp_1"}, {OTPID: "otp_1", MFAID: "mfa_2"}, {MFAID: "m"}} {
		add("OTPResponse#"+string(rune('0'+i)), r, shadowOTPResponse(r))
	}
	for i, e := range []RecordEvent{{}, {Action: "create", Record: rec}, {Action: "delete", Record: Record{}}} {
		add("RecordEvent#"+string(rune('0'+i)), e, shadowRecordEvent(e))
	}
	for i, r := range []Record{nil, {}, rec} {
		add("Record#"+string(rune('0'+i)), r, map[string]any(r))
	}

	for _, c := range cases {
		want, err := json.Marshal(c.shadow)
		if err != nil {
			t.Fatalf("%s: json.Marshal(shadow): %v", c.name, err)
		}
		got, err := c.value.MarshalJSON()
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: MarshalJSON\n got %s, %v\nwant %s", c.name, got, err, want)
		}
		// Through encoding/json (which calls MarshalJSON) and encodeJSON.
		if got, err := json.Marshal(c.value); err != nil || string(got) != string(want) {
			t.Errorf("%s: json.Marshal\n got %s, %v\nwant %s", c.name, got, err, want)
		}
		if got, err := encodeJSON(c.value); err != nil || string(got) != string(want) {
			t.Errorf("%s: encodeJSON\n got %s, %v\nwant %s", c.name, got, err, want)
		}
	}
}

// decodeCase checks decodeJSON into a fresh T against json.Unmarshal into
// a fresh shadow S, compared through toShadow.
func decodeCase[T any, S any](t *testing.T, name, data string, toShadow func(T) S) {
	t.Helper()
	var want S
	wantErr := json.Unmarshal([]byte(data), &want)
	var got T
	err := decodeJSON([]byte(data), &got)
	if (err != nil) != (wantErr != nil) {
		t.Errorf("%s: decodeJSON(%s) error = %v, encoding/json error = %v", name, data, err, wantErr)
		return
	}
	if err == nil && !reflect.DeepEqual(toShadow(got), want) {
		t.Errorf("%s: decodeJSON(%s)\n got %#v\nwant %#v", name, data, toShadow(got), want)
	}
}

func TestDecodeJSONMatchesShadows(t *testing.T) {
	t.Parallel()
	recJSON := string(mustJSON(sampleRecord("r1")))
	for _, in := range []string{
		`{}`, `null`, ` {"token":"t","record":` + recJSON + `} `,
		`{"token":"t","record":{},"meta":{}}`, `{"token":"t","record":null,"meta":null}`,
		`{"token":"t","record":{"id":"x"},"meta":{"isNew":true,"rawUser":{"a":[1,2]}},"extra":[1]}`,
		`{"token":null,"token":"last"}`, `{"token":"\u00e9\ud83d\ude00"}`,
	} {
		decodeCase(t, "AuthResponse", in, shadowAuthResponse)
	}
	for _, in := range []string{
		`{}`, `null`, `{"token":5}`, `{"token":true}`, `{"record":[]}`, `{"record":"x"}`, `{"meta":[1]}`, `[]`, `"x"`,
	} {
		decodeCase(t, "AuthResponse", in, shadowAuthResponse)
	}

	for _, in := range []string{
		`{}`, `null`,
		`{"password":{"enabled":true,"identityFields":["email","username"]},
		  "oauth2":{"enabled":true,"providers":[{"name":"google","displayName":"Google","state":"s","authURL":"https://x/?a=1&redirect_uri=",
		    "codeVerifier":"v","codeChallenge":"c","codeChallengeMethod":"S256"},{"name":"gitlab"},null]},
		  "mfa":{"enabled":true,"duration":1800},"otp":{"enabled":false,"duration":0}}`,
		`{"password":null,"oauth2":null,"mfa":null,"otp":null}`,
		`{"password":{"identityFields":[]},"oauth2":{"enabled":true}}`,
		`{"password":{"identityFields":null},"oauth2":{"providers":null}}`,
		`{"password":{"identityFields":["a",null]}}`,
		`{"mfa":{"duration":-3},"otp":{"duration":9007199254740992}}`,
		// Wrong types.
		`{"password":[]}`, `{"password":{"enabled":"yes"}}`, `{"password":{"identityFields":"email"}}`,
		`{"password":{"identityFields":[1]}}`, `{"oauth2":{"providers":{}}}`, `{"oauth2":{"providers":[1]}}`,
		`{"oauth2":{"providers":[{"name":5}]}}`, `{"oauth2":[]}`, `{"mfa":{"duration":1.5}}`,
		`{"mfa":{"duration":"1"}}`, `{"otp":{"enabled":1}}`, `{"otp":true}`, `[1]`,
	} {
		decodeCase(t, "AuthMethods", in, shadowAuthMethods)
	}

	for _, in := range []string{
		`{}`, `null`, `{"page":1,"perPage":30,"totalItems":2,"totalPages":1,"items":[` + recJSON + `,{"id":"b"}]}`,
		`{"page":1,"perPage":500,"totalItems":-1,"totalPages":-1,"items":[]}`,
		`{"items":null}`, `{"items":[null,{}]}`, `{"page":-0}`,
		// Wrong types.
		`{"page":"1"}`, `{"perPage":1.5}`, `{"totalItems":true}`, `{"totalPages":[]}`, `{"items":[1]}`,
		`{"items":["x"]}`, `{"items":{}}`, `{"items":[[]]}`, `"list"`,
	} {
		decodeCase(t, "ListResult", in, shadowListResult)
	}

	for _, in := range []string{
		`{}`, `null`, `{"otpId":"o1"}`, `{"otpId":"o1","mfaId":"m1"}`, `{"otpId":null,"mfaId":""}`,
		`{"otpId":1}`, `{"mfaId":{}}`, `[]`,
	} {
		decodeCase(t, "OTPResponse", in, shadowOTPResponse)
	}

	for _, in := range []string{
		`{}`, `null`, `{"action":"create","record":` + recJSON + `}`, `{"action":"delete","record":{}}`,
		`{"action":"update","record":null}`,
		`{"action":1}`, `{"record":"r"}`, `{"record":[{}]}`, `5`,
	} {
		decodeCase(t, "RecordEvent", in, shadowRecordEvent)
	}
}

// TestDecodeJSONErrorsAreFieldErrors checks that a wrong-typed member
// gives an error naming the member, without the value.
func TestDecodeJSONErrorsAreFieldErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		data  string
		out   any
		field string
	}{
		{`{"token":5}`, &AuthResponse{}, "token"},
		{`{"record":[]}`, &AuthResponse{}, "record"},
		{`{"page":"1"}`, &ListResult{}, "page"},
		{`{"items":[1]}`, &ListResult{}, "items"},
		{`{"password":[]}`, &AuthMethods{}, "password"},
		{`{"mfa":{"duration":"secret-value"}}`, &AuthMethods{}, "duration"},
		{`{"oauth2":{"providers":[{"state":7}]}}`, &AuthMethods{}, "state"},
		{`{"otpId":false}`, &OTPResponse{}, "otpId"},
		{`{"action":[]}`, &RecordEvent{}, "action"},
	}
	for _, c := range cases {
		err := decodeJSON([]byte(c.data), c.out)
		var fe *jsonv.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("decodeJSON(%s, %T) = %v; want a FieldError for %q", c.data, c.out, err, c.field)
			continue
		}
		if strings.Contains(err.Error(), "secret-value") {
			t.Errorf("error %q quotes the value", err)
		}
	}
	// Invalid JSON is a syntax error for every target.
	for _, out := range []any{&AuthResponse{}, &AuthMethods{}, &ListResult{}, &OTPResponse{}, &RecordEvent{},
		new(any), new(map[string]any), new(Record), new([]any), new([]Record)} {
		var se *jsonv.SyntaxError
		if err := decodeJSON([]byte(`{"token":`), out); !errors.As(err, &se) {
			t.Errorf("decodeJSON(invalid, %T) = %v; want a *jsonv.SyntaxError", out, err)
		}
	}
}

// decodeDynamic compares decodeJSON with json.Unmarshal for one
// dynamic target type.
func decodeDynamic[T any](t *testing.T, data string) {
	t.Helper()
	var got, want T
	err := decodeJSON([]byte(data), &got)
	wantErr := json.Unmarshal([]byte(data), &want)
	if (err != nil) != (wantErr != nil) {
		t.Errorf("decodeJSON(%s, %T) error = %v, encoding/json error = %v", data, &got, err, wantErr)
		return
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Errorf("decodeJSON(%s, %T)\n got %#v\nwant %#v", data, &got, got, want)
	}
}

func TestDecodeJSONDynamicTargets(t *testing.T) {
	t.Parallel()
	recJSON := string(mustJSON(sampleRecord("r1")))
	inputs := []string{
		`null`, `{}`, `[]`, `"s"`, `1.5`, `true`, recJSON, `[` + recJSON + `,null,{}]`, `[1,"x",null,[{}]]`,
		` { "a" : [ 1 , 2 ] , "a" : 3 } `, `[{"a":1},{"b":[]}]`, `{"n":12345678901234567890}`,
		`[1]`, `["x"]`, `[[]]`, `1e400`, `{"x":1e400}`, `{"a":}`, `[1,]`, ``,
	}
	for _, in := range inputs {
		decodeDynamic[any](t, in)
		decodeDynamic[map[string]any](t, in)
		decodeDynamic[Record](t, in)
		decodeDynamic[[]any](t, in)
		decodeDynamic[[]Record](t, in)
	}
	// The decoded types are the plain ones callers type-switch on.
	var rs []Record
	if err := decodeJSON([]byte(`[{"e":{"k":[1]}}]`), &rs); err != nil {
		t.Fatal(err)
	}
	if _, ok := rs[0]["e"].(map[string]any); !ok {
		t.Errorf("nested object decoded as %T, want map[string]any", rs[0]["e"])
	}
}

// A caller's struct is none of the SDK's types: encodeJSON and
// decodeJSON hand it to encoding/json.
type callerPost struct {
	ID      string            `json:"id"`
	Title   string            `json:"title,omitempty"`
	Views   int               `json:"views"`
	Tags    []string          `json:"tags"`
	Counts  map[string]int    `json:"counts,omitempty"`
	When    time.Time         `json:"when"`
	Author  *callerPost       `json:"author,omitempty"`
	Extra   json.RawMessage   `json:"extra,omitempty"`
	Labels  map[string]string `json:"-"`
	private int
}

func TestEncodeJSONFallsBackForCallerTypes(t *testing.T) {
	t.Parallel()
	when := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	post := callerPost{ID: "p1", Title: "<T&J>", Views: 3, Tags: []string{"a"}, Counts: map[string]int{"b": 2, "a": 1},
		When: when, Author: &callerPost{ID: "u1"}, Extra: json.RawMessage(` {"k": 1} `), Labels: map[string]string{"x": "y"}, private: 7}
	values := []any{
		post, &post, callerPost{}, []callerPost{post}, map[string]callerPost{"p": post},
		[]int{1, 2}, map[string]int{"z": 1, "a": 2}, []float32{0.1}, [2]string{"a", "b"},
		map[string]any{"post": post, "n": 1}, []any{post, 1.0}, struct{}{},
	}
	data, _ := json.Marshal(post)
	if runtime.GOOS == "js" {
		// The browser build leaves encoding/json out: a clear error instead.
		for _, v := range values {
			if b, err := encodeJSON(v); !errors.Is(err, ErrJSONNeedsReflection) {
				t.Errorf("js: encodeJSON(%T) = %s, %v; want ErrJSONNeedsReflection", v, b, err)
			}
		}
		var p callerPost
		if err := decodeJSON(data, &p); !errors.Is(err, ErrJSONNeedsReflection) {
			t.Errorf("js: decodeJSON(callerPost) = %v; want ErrJSONNeedsReflection", err)
		}
		return
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal(%T): %v", v, err)
		}
		got, err := encodeJSON(v)
		if err != nil || string(got) != string(want) {
			t.Errorf("encodeJSON(%T)\n got %s, %v\nwant %s", v, got, err, want)
		}
	}
	// decodeJSON into a caller's struct is encoding/json too.
	var got, want callerPost
	if err := decodeJSON(data, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decodeJSON(callerPost) = %#v, want %#v", got, want)
	}
	var bad callerPost
	if err := decodeJSON([]byte(`{"views":"3"}`), &bad); err == nil {
		t.Error("decodeJSON(callerPost) accepted a string for an int")
	}
	// Record.Decode goes through the same path.
	var fromRec callerPost
	if err := (Record{"id": "r", "views": 2.0, "tags": []any{"x"}}).Decode(&fromRec); err != nil ||
		fromRec.ID != "r" || fromRec.Views != 2 || !reflect.DeepEqual(fromRec.Tags, []string{"x"}) {
		t.Errorf("Record.Decode = %+v, %v", fromRec, err)
	}
	// Values with no JSON form are errors, not fallbacks that succeed.
	for _, v := range []any{math.NaN(), map[string]any{"x": math.Inf(1)}, Record{"x": math.NaN()}, make(chan int)} {
		if b, err := encodeJSON(v); err == nil {
			t.Errorf("encodeJSON(%T) = %s, want an error", v, b)
		}
	}
}

func TestEncodeJSONDynamicBody(t *testing.T) {
	t.Parallel()
	bodies := []any{
		map[string]any{
			"record":  sampleRecord("r1"),
			"nilRec":  Record(nil),
			"list":    []any{1.0, "two", nil, true, Record{"id": "x"}, []any{}, map[string]any{"<": ">"}},
			"raw":     json.RawMessage(" [ 1 , {\"a\" : \"<&>\"} ] "),
			"nilRaw":  json.RawMessage(nil),
			"num":     json.Number("12345678901234567890"),
			"numFrac": json.Number("-1.5e-7"),
			"strs":    []string{"a", "<b>"},
			"smap":    map[string]string{"k": "v"},
			"bytes":   []byte{0, 1, 2, 250},
			"int":     42,
			"int64":   int64(math.MinInt64),
			"uint8":   uint8(255),
			"f32":     float32(3.14),
			"when":    time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC),
			"maps":    []map[string]any{{"a": 1.0}, nil},
			"\u2028":  "line sep key",
		},
		Record{"title": "x", "items": []any{Record{"nested": Record{}}}},
		[]any{Record{"id": "a"}, json.Number("1"), json.RawMessage(`null`)},
		map[string]any{},
		map[string]any(nil),
	}
	for _, b := range bodies {
		want, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("json.Marshal(%T): %v", b, err)
		}
		got, err := encodeJSON(b)
		if err != nil || string(got) != string(want) {
			t.Errorf("encodeJSON(%T)\n got %s, %v\nwant %s", b, got, err, want)
		}
		// And jsonv alone encodes it (no fallback needed in the browser).
		if got, err := jsonv.Marshal(b); err != nil || string(got) != string(want) {
			t.Errorf("jsonv.Marshal(%T)\n got %s, %v\nwant %s", b, got, err, want)
		}
	}
}

// Divergences from encoding/json found while testing the jsonv path, kept
// as regression tests.

func TestAuthMethodsEmptyProvidersStayEmpty(t *testing.T) {
	t.Parallel()
	decodeCase(t, "AuthMethods", `{"oauth2":{"enabled":false,"providers":[]}}`, shadowAuthMethods)
}

func TestRecordWithTypedValuesFallsBack(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "js" {
		t.Skip("native behaviour: the js build refuses these values")
	}
	cases := []struct{ v, shadow any }{
		{Record{"ids": []int{1, 2}}, map[string]any{"ids": []int{1, 2}}},
		{map[string]any{"rec": Record{"post": callerPost{ID: "p"}}}, map[string]any{"rec": map[string]any{"post": callerPost{ID: "p"}}}},
		{AuthResponse{Record: Record{"d": time.Duration(5)}}, shAuthResponse{Record: map[string]any{"d": time.Duration(5)}}},
	}
	for _, c := range cases {
		want, err := json.Marshal(c.shadow)
		if err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		if got, err := encodeJSON(c.v); err != nil || string(got) != string(want) {
			t.Errorf("encodeJSON(%#v) = %s, %v; want %s", c.v, got, err, want)
		}
	}
}

func TestNilPointerMarshalerFallsBack(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "js" {
		t.Skip("native behaviour: the js build refuses these values")
	}
	for _, v := range []any{(*AuthResponse)(nil), map[string]any{"when": (*time.Time)(nil)}} {
		want, _ := json.Marshal(v)
		if got, err := encodeJSON(v); err != nil || string(got) != string(want) {
			t.Errorf("encodeJSON(%#v) = %s, %v; want %s", v, got, err, want)
		}
	}
}
