//! A remembered device's secret (its random SRP password) leaves no copy in freed heap memory
//! on its way to and from this browser's storage (`auth::devices::{to_stored, from_stored}`,
//! what `ui::device_store` keeps in localStorage).
//!
//! A global allocator looks at every block as it is freed and records whether it still holds
//! the secret. A positive control first shows the scan finds a plain copy.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

use cognito_2fa::auth::devices::{from_stored, to_stored};
use cognito_2fa::auth::{Device, Secret};

/// Base64 of 40 random bytes, as a device password is; specific enough never to occur by chance.
const DEVICE_PASSWORD: &str = "q3V0dG9uLXNlY3JldC1kZXZpY2UtcGFzc3dvcmQtNDAtYnl0ZXM=";
/// 24 bytes from its middle: what the scan looks for.
fn needle() -> &'static [u8] {
    &DEVICE_PASSWORD.as_bytes()[12..36]
}

struct Scanning;
static ARMED: AtomicBool = AtomicBool::new(false);
static FOUND: AtomicBool = AtomicBool::new(false);

// SAFETY: forwards to `System`; blocks are handed out zeroed, so reading one back in `dealloc`
// reads only initialised bytes.
unsafe impl GlobalAlloc for Scanning {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::SeqCst) {
            // SAFETY: the block is still allocated, `layout.size()` bytes long and initialised.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if block.windows(needle().len()).any(|w| w == needle()) {
                FOUND.store(true, Ordering::SeqCst);
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Scanning = Scanning;

/// Runs `f` with the scan armed; whether a freed block held the secret.
fn leaves_a_copy(f: impl FnOnce()) -> bool {
    FOUND.store(false, Ordering::SeqCst);
    ARMED.store(true, Ordering::SeqCst);
    f();
    ARMED.store(false, Ordering::SeqCst);
    FOUND.load(Ordering::SeqCst)
}

fn device() -> Device {
    Device {
        key: "us-east-1_4f1c2a3b-aaaa-bbbb-cccc-123456789012".into(),
        group_key: "-Ab12Cd34".into(),
        password: Secret::from(DEVICE_PASSWORD),
        remembered: true,
    }
}

#[test]
fn a_device_secret_kept_and_read_back_leaves_no_copy_behind() {
    // Positive control: a plain copy, dropped, is found.
    assert!(leaves_a_copy(|| drop(std::hint::black_box(
        DEVICE_PASSWORD.to_owned()
    ))));
    // The secret's own wiping is not what is tested here: it lives in a Secret throughout.
    assert!(!leaves_a_copy(|| drop(device())));
    assert!(!leaves_a_copy(|| {
        let text = to_stored(&device()).expect("serialisable");
        assert!(text.contains(DEVICE_PASSWORD));
        let back = from_stored(&text).expect("readable");
        assert_eq!(back, device());
    }));
}
