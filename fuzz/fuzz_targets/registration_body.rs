//! The body of `POST /api/v1/registration-requests` (and the revocation and
//! role-change forms): JSON decoded into the core's `NewRequest` (the HTTP
//! body is the same form with the kind taken from the path), then filed by
//! the fixture's Admin through `Service::file_request`, which runs every
//! check of the form. A request that passes is stored, so the next run
//! starts again from the fixture's store.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use stratmon_core::Service;
use stratmon_core::service::NewRequest;

thread_local! {
    static SERVICE: RefCell<Option<Service>> = const { RefCell::new(None) };
}

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<NewRequest>(data) else {
        return;
    };
    let region = stratmon_fuzz::region();
    let service =
        SERVICE.with_borrow_mut(|s| s.get_or_insert_with(stratmon_fuzz::fresh_service).clone());
    let filed =
        stratmon_fuzz::runtime().block_on(service.file_request(&region.fixture.admin, request));
    match filed {
        Ok(request) => {
            let _ = serde_json::to_vec(&request);
            SERVICE.with_borrow_mut(|s| *s = None);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
