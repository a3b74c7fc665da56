#[cfg(target_arch = "wasm32")]
fn main() {
    cognito_2fa::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "This is a browser app: build it with `trunk build --release` or run `./scripts/run.sh`."
    );
}
