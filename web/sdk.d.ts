// Type definitions for sdk.js, bosgo's drop-in entry for the BosBase JS
// SDK: everything bosbase.d.ts declares, and the ready client class as the
// default export (as the npm bosbase package's default export).
import { BosBase } from "./bosbase.js";

export * from "./bosbase.js";
export { BosBase as Client };
export default BosBase;
