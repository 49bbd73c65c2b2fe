//! Layer 2: the typed API. `client.rs` sends requests and maps failures to [`ApiError`]; each
//! other module adds the typed methods of one resource to [`ApiClient`], so views never spell a
//! path or decode JSON themselves.

mod actions;
mod bulk;
mod client;
mod compose;
mod conversations;
mod credentials;
mod events;
mod onboarding;
mod presence;
mod session;
mod spaces;
mod start;

pub use client::{ApiClient, ApiError, ApiResult};
pub use compose::SendFailure;
pub use credentials::Credentials;
pub use events::EventStream;
pub use start::StartTarget;
