// sdk.js — the drop-in entry of bosgo's browser build: its default export
// is the ready client class, as the npm bosbase package's is, so a page
// written for the BosBase JS SDK switches by changing its import line:
//
//   import BosBase from "bosbase";            // the JS SDK
//   import BosBase from "@bosgo/web/sdk";     // bosgo (this file)
//
//   const pb = new BosBase("/");
//
// It loads the WebAssembly module with top-level await (dist/bosbase.wasm
// next to this file), so importing it finishes once the module is running.
// Pages that show load progress import load() from bosbase.js instead.
// Everything bosbase.js exports is exported here too.

import { load } from "./bosbase.js";

export * from "./bosbase.js";

const Client = await load();

export { Client };
export default Client;
