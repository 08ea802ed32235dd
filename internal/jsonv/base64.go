package jsonv

// base64Std is the alphabet of base64.StdEncoding, which json.Marshal uses
// for []byte. encoding/base64 itself would pull in the slices package.
const base64Std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// appendBase64 appends src in padded standard base64.
func appendBase64(dst, src []byte) []byte {
	for ; len(src) >= 3; src = src[3:] {
		v := uint(src[0])<<16 | uint(src[1])<<8 | uint(src[2])
		dst = append(dst, base64Std[v>>18], base64Std[v>>12&63], base64Std[v>>6&63], base64Std[v&63])
	}
	switch len(src) {
	case 1:
		v := uint(src[0]) << 16
		dst = append(dst, base64Std[v>>18], base64Std[v>>12&63], '=', '=')
	case 2:
		v := uint(src[0])<<16 | uint(src[1])<<8
		dst = append(dst, base64Std[v>>18], base64Std[v>>12&63], base64Std[v>>6&63], '=')
	}
	return dst
}
