package urlx

import "strings"

// parseAuthority splits authority at its last '@' into the user
// information and the host, and checks and decodes both.
func parseAuthority(authority string) (*Userinfo, string, error) {
	i := strings.LastIndexByte(authority, '@')
	host, err := parseHost(authority[i+1:])
	if err != nil || i < 0 {
		return nil, host, err
	}
	user, err := parseUserinfo(authority[:i])
	if err != nil {
		return nil, "", err
	}
	return user, host, nil
}

// parseHost checks and decodes host, which keeps its ":port". A host is
// either "[IPv6]" with an optional zone ("%25" then the zone) or a name or
// IPv4 address, followed by an optional ':' and digits. The port starts at
// the first ':' outside brackets. Escapes are allowed only for bytes >=
// 0x80 (and %25 in a zone); the result is decoded.
func parseHost(host string) (string, error) {
	if open := strings.LastIndexByte(host, '['); open > 0 {
		return "", errIPLiteral
	} else if open == 0 {
		return parseIPLiteral(host)
	}
	if strings.IndexByte(host, ']') >= 0 {
		return "", errIPLiteral // stricter than net/url, which lets it through
	}
	if i := strings.IndexByte(host, ':'); i >= 0 && !validOptionalPort(host[i:]) {
		return "", errPort
	}
	return unescape(host, encodeHost)
}

// parseIPLiteral parses a host that starts with '['.
func parseIPLiteral(host string) (string, error) {
	end := strings.LastIndexByte(host, ']')
	if end < 0 {
		return "", errMissingClose
	}
	colonPort := host[end+1:]
	if !validOptionalPort(colonPort) {
		return "", errPort
	}
	name := host[1:end]
	var addr string
	if zone := strings.Index(name, "%25"); zone >= 0 {
		ip, err := unescape(name[:zone], encodeHost)
		if err != nil {
			return "", err
		}
		z, err := unescape(name[zone:], encodeZone)
		if err != nil {
			return "", err
		}
		addr = ip + z
	} else {
		var err error
		if addr, err = unescape(name, encodeHost); err != nil {
			return "", err
		}
	}
	if !isIPv6(addr) {
		return "", errIPLiteral
	}
	return "[" + addr + "]" + colonPort, nil
}

// validOptionalPort reports whether port is "" or ':' then digits.
func validOptionalPort(port string) bool {
	if port == "" {
		return true
	}
	if port[0] != ':' {
		return false
	}
	for i := 1; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return false
		}
	}
	return true
}

// isIPv6 reports whether s is an IPv6 address with an optional non-empty
// "%zone", by the rules of net/netip.ParseAddr: groups of one to four hex
// digits, at most one "::" standing for at least one zero group, and an
// optional dotted IPv4 address (no leading zeros) in the last 32 bits. An
// IPv4 address alone is not an IPv6 address.
func isIPv6(s string) bool {
	// ParseAddr picks the family by the first of '.', ':' and '%'.
	if i := strings.IndexAny(s, ".:%"); i < 0 || s[i] != ':' {
		return false
	}
	if i := strings.IndexByte(s, '%'); i >= 0 {
		if i == len(s)-1 {
			return false // empty zone
		}
		s = s[:i]
	}
	ellipsis := -1 // the group index where "::" stands
	if strings.HasPrefix(s, "::") {
		ellipsis = 0
		s = s[2:]
		if s == "" {
			return true
		}
	}
	n := 0 // bytes of the address read so far
	for n < 16 {
		off := 0
		for off < len(s) && ishex(s[off]) {
			off++
			if off > 4 {
				return false
			}
		}
		if off == 0 {
			return false
		}
		if off < len(s) && s[off] == '.' {
			if ellipsis < 0 && n != 12 || n+4 > 16 || !isIPv4(s) {
				return false
			}
			s = ""
			n += 4
			break
		}
		n += 2
		s = s[off:]
		if s == "" {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return false
		}
		s = s[1:]
		if s[0] == ':' {
			if ellipsis >= 0 {
				return false
			}
			ellipsis = n
			s = s[1:]
			if s == "" {
				break
			}
		}
	}
	if s != "" {
		return false
	}
	if n < 16 {
		return ellipsis >= 0
	}
	return ellipsis < 0
}

// isIPv4 reports whether s is a dotted-decimal IPv4 address of four
// fields, each 0-255 without leading zeros.
func isIPv4(s string) bool {
	fields, val, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			if digits == 1 && val == 0 {
				return false
			}
			val = val*10 + int(c-'0')
			digits++
			if val > 255 {
				return false
			}
		case c == '.':
			if digits == 0 || i == len(s)-1 || fields == 3 {
				return false
			}
			fields++
			val, digits = 0, 0
		default:
			return false
		}
	}
	return fields == 3 && digits > 0
}
