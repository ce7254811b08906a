//! Signing in (flow B): the sign-in page at `/` (User ID and password), then the second
//! factor at `/signin` (authenticator code, recovery code, or a one-time PIN by SMS or email).
//! Each step is a `ServerForm`: hydrated, the page calls the server function and moves on in
//! the app; without JavaScript the form posts and the server sends the browser on.

pub mod authenticator;
pub mod channels;
pub mod password;
pub mod pin;
pub mod recovery;
pub mod second_factor;
pub mod shared;

pub use password::SignInPage;
pub use second_factor::SecondFactorPage;
