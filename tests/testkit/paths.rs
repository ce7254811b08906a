//! Every path into the `keyturn` crate that the tests and benches use, in one place: when a
//! module moves in `src/`, the fix is a line here.

pub use keyturn::http::router;
pub use keyturn::server::admin;
pub use keyturn::server::clock::Clock;
pub use keyturn::server::config::Config;
pub use keyturn::server::crypto;
pub use keyturn::server::delivery::Worker;
pub use keyturn::server::factors::passwords;
pub use keyturn::server::factors::totp;
pub use keyturn::server::state::AppState;
pub use keyturn::server::store;
