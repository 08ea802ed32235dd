package core

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"http://h/api/x", "http://h/api/x"},
		{"http://h/api/x?page=2&filter=a", "http://h/api/x?filter=a&page=2"},
		{"http://h/api/pubsub?token=eyJ.secret.sig", "http://h/api/pubsub?token=REDACTED"},
		{"http://h/x?Token=a&PASSWORD=b&passwordConfirm=c&code=d&codeVerifier=e&code_verifier=f&otp=g&mfaId=h&access_token=i&refresh_token=j&client_secret=k&state=l&keep=m",
			"http://h/x?PASSWORD=REDACTED&Token=REDACTED&access_token=REDACTED&client_secret=REDACTED&code=REDACTED&codeVerifier=REDACTED&code_verifier=REDACTED&keep=m&mfaId=REDACTED&otp=REDACTED&passwordConfirm=REDACTED&refresh_token=REDACTED&state=REDACTED"},
		{"http://user:pass@h/x", "http://h/x"},
		{"http://h/x#access_token=secret", "http://h/x"},
		{"http://h/x?token=a&token=b", "http://h/x?token=REDACTED"},
		{"%zz?token=secret", "%zz?REDACTED"},
		{"%zz", "%zz"},
		// Unparsable URLs keep no user part either.
		{"http://user:secret@h:bad/x", "http://h:bad/x"},
		{"https://u:pa/ss@h/%zz?token=secret", "https://h/%zz?REDACTED"},
		{"", ""},
	}
	for _, tc := range cases {
		got := redactURL(tc.in)
		if got != tc.want {
			t.Errorf("redactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.Contains(got, "=secret") || strings.Contains(got, "eyJ") || strings.Contains(got, "pass@") || strings.Contains(got, "secret@") || strings.Contains(got, "pa/ss") {
			t.Errorf("redactURL(%q) = %q leaks a secret", tc.in, got)
		}
	}
}
