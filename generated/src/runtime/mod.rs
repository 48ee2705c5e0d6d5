//! The hand-written core shared by every generated service: values, paths,
//! intrinsic functions, JSONata and the ASL JSON writer. Nothing here knows
//! about a particular AWS service.

mod intrinsic;
mod jsonata;
mod path;
mod value;
mod writer;

pub use intrinsic::{Intrinsic, IntrinsicError};
pub use jsonata::{Jsonata, JsonataError};
pub use path::{JsonPath, PathError};
pub use value::{AslRef, Blob, Dynamic, Field, Timestamp, ToAsl};
pub use writer::{ObjectWriter, render_field};
