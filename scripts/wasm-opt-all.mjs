// Optimises every .wasm file given, in one process (binaryen's wasm-opt -Oz,
// with the features Rust's wasm output uses): the split bundle has a main
// module and some hundreds of small chunks, and starting wasm-opt once per
// file took minutes.
//   node scripts/wasm-opt-all.mjs target/site/pkg/*.wasm
import binaryen from 'binaryen';
import { readFileSync, writeFileSync } from 'node:fs';

// The features rustc's wasm32 output uses (its target_features section,
// which the wasm-opt command reads too).
const features = binaryen.Features.MVP | binaryen.Features.SignExt
  | binaryen.Features.MutableGlobals | binaryen.Features.BulkMemory
  | binaryen.Features.BulkMemoryOpt | binaryen.Features.NontrappingFPToInt
  | binaryen.Features.ReferenceTypes | binaryen.Features.Multivalue;
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);

let before = 0;
let after = 0;
for (const file of process.argv.slice(2)) {
  const input = readFileSync(file);
  const module = binaryen.readBinary(input);
  module.setFeatures(features);
  if (!module.validate()) throw new Error(`${file} is not valid wasm`);
  module.optimize();
  const output = module.emitBinary();
  module.dispose();
  writeFileSync(file, output);
  before += input.length;
  after += output.length;
}
console.log(`wasm-opt -Oz: ${process.argv.length - 2} modules, ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB`);
