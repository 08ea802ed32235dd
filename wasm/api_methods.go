//go:build js && wasm

package main

// asyncMethods are the bridge's blocking methods, run by __bosgo.call.
var asyncMethods = mergeMethods(authMethods, recordMethods, realtimeMethods, pubsubMethods,
	map[string]asyncMethod{"authWithOAuth2": oauth2Method})

func mergeMethods(tables ...map[string]asyncMethod) map[string]asyncMethod {
	all := map[string]asyncMethod{}
	for _, t := range tables {
		for name, m := range t {
			if _, dup := all[name]; dup {
				panic("bosgo: duplicate bridge method " + name)
			}
			all[name] = m
		}
	}
	return all
}
