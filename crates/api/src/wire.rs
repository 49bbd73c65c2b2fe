//! The one way to define a wire enum: a C-like enum whose JSON name, query-string value and
//! database text are the same word, with `ALL`, `as_str` and `parse`.

/// Defines a wire enum with `ALL` (every variant, in order), `as_str` (its wire name) and
/// `parse` (the inverse). Serde writes and reads each variant as the name given here, so JSON,
/// query strings and the database cannot disagree. Extra derives (`Default`, `PartialOrd`…)
/// and doc comments go on the enum and its variants as usual.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every variant, in the order of the definition.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The wire name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The variant whose wire name is `s`.
            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.as_str() == s)
            }
        }
    };
}

pub(crate) use wire_enum;
