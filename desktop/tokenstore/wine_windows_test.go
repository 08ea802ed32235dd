package tokenstore

import _ "github.com/bosgo/bosgo/internal/winetest" // Go 1.26 file removal under Wine 8
