//! Splits the browser bundle at its `#[lazy]` split points (Leptos lazy
//! routes), as `cargo leptos --split` does, for `scripts/build`:
//!
//! ```text
//! wasm-split <app.wasm from rustc> <pkg dir> <main out.wasm> <js name>
//! ```
//!
//! Writes the main module (for wasm-bindgen) to `<main out.wasm>`, the
//! split modules and chunks and their loader to `<pkg dir>`, and
//! `<pkg dir>/__wasm_split_manifest.json`: which files each split point
//! needs, read by Leptos's `HydrationScripts` to preload a page's chunks.

use std::path::Path;

/// The loader's name: Leptos's `HydrationScripts` preloads it by this name
/// (twenty-two underscores, where a hashed build puts its hash).
const LINK_NAME: &str = "./__wasm_split.______________________.js";

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, pkg_dir, main_out, js_name] = args.as_slice() else {
        eprintln!("usage: wasm-split <app.wasm> <pkg dir> <main out.wasm> <js name>");
        std::process::exit(2);
    };
    let input_wasm = std::fs::read(input)?;
    let main_module = format!("./{js_name}.js");
    let mut options = wasm_split_cli_support::Options::new(&input_wasm);
    options.output_dir = Path::new(pkg_dir);
    options.main_out_path = Path::new(main_out);
    options.main_module = &main_module;
    options.link_name = LINK_NAME;
    options.target.web();
    let split = wasm_split_cli_support::transform(options)?;
    let manifest = serde_json::to_string_pretty(&split.prefetch_map)?;
    std::fs::write(Path::new(pkg_dir).join("__wasm_split_manifest.json"), manifest)?;
    println!(
        "split into {} modules: {}",
        split.split_modules.len(),
        split
            .split_modules
            .iter()
            .filter_map(|p| p.file_name().and_then(|n| n.to_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
