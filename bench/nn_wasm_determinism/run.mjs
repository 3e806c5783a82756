// Instantiate the wasm32 build and print its fingerprint. Any imports the module has
// (none are used by the CPU backend) are stubbed so that instantiation succeeds.
import { readFileSync } from "node:fs";
const bytes = readFileSync(process.argv[2]);
const module = await WebAssembly.compile(bytes);
const imports = {};
for (const imp of WebAssembly.Module.imports(module)) {
  imports[imp.module] ??= {};
  imports[imp.module][imp.name] = imp.kind === "function"
    ? () => { throw new Error(`unexpected call to ${imp.module}.${imp.name}`); }
    : undefined;
}
const instance = await WebAssembly.instantiate(module, imports);
// An i64 result arrives as a signed BigInt: read it back as the u64 it is.
const fp = BigInt.asUintN(64, instance.exports.nn_fingerprint());
console.log(fp.toString(16).padStart(16, "0"));
