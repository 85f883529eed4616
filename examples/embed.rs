//! Embedding hoso: one `Engine` built once and shared by several threads, each checking and
//! rendering dossiers in memory, then writing them with the atomic path helper.
//!
//!     cargo run --release --example embed -- samples/vi-nguoi-ngheo-2023.json out/embed

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dossier = PathBuf::from(args.next().unwrap_or_else(|| "samples/vi-nguoi-ngheo-2023.json".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/example-out".into()));

    // Fonts, forms and Typst's library load once; the engine is Send + Sync.
    let engine = hoso::Engine::new()?;

    // Four threads render the same dossier at once into their own folders.
    std::thread::scope(|scope| {
        for k in 0..4 {
            let (engine, dossier, out) = (&engine, &dossier, out.join(format!("thread-{k}")));
            scope.spawn(move || {
                let checked = match engine.check_file(dossier) {
                    Ok(Ok(c)) => c,
                    Ok(Err(problems)) => return eprintln!("{}: invalid\n{problems}", dossier.display()),
                    Err(e) => return eprintln!("{}: {e}", dossier.display()),
                };
                match engine.render(&checked, None) {
                    Ok(rendered) => {
                        rendered.write(&out).expect("writable output folder");
                        println!(
                            "thread {k}: {} documents, {} pages into {}",
                            rendered.documents.len(),
                            rendered.pages(),
                            out.display()
                        );
                    }
                    Err(e) => eprintln!("thread {k}: {e}"),
                }
            });
        }
    });
    Ok(())
}
