//! Settings: the bodies of the settings endpoints and the validation both sides share (the app
//! checks as you type, the server checks again and answers a `validation` problem naming the
//! field).

use serde::{Deserialize, Serialize};

/// A tag as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagSetting {
    pub id: i64,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// Conversations that carry the tag: what deleting it would affect.
    pub conversations: u64,
}

/// `POST /api/tags` and `PATCH /api/tags/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagInput {
    pub name: String,
    pub color: String,
}

/// The longest tag name: tags show as chips in list rows.
pub const TAG_NAME_MAX: usize = 40;

/// A field that failed validation and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl TagInput {
    /// The name trimmed and the colour lower-cased, or the first field that is wrong.
    pub fn normalized(&self) -> Result<TagInput, FieldError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(FieldError {
                field: "name",
                message: "Give the tag a name.".into(),
            });
        }
        if name.chars().count() > TAG_NAME_MAX {
            return Err(FieldError {
                field: "name",
                message: format!("Keep the name to {TAG_NAME_MAX} characters or fewer."),
            });
        }
        let color = self.color.trim().to_ascii_lowercase();
        let hex = color.strip_prefix('#').unwrap_or("");
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(FieldError {
                field: "color",
                message: "Pick a colour as #rrggbb, for example #2563eb.".into(),
            });
        }
        Ok(TagInput {
            name: name.to_owned(),
            color,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, color: &str) -> TagInput {
        TagInput {
            name: name.into(),
            color: color.into(),
        }
    }

    #[test]
    fn names_are_trimmed_and_colours_lower_cased() {
        assert_eq!(
            input("  VIP  ", "#AABBCC").normalized(),
            Ok(input("VIP", "#aabbcc"))
        );
    }

    #[test]
    fn bad_input_names_its_field() {
        assert_eq!(
            input(" ", "#aabbcc").normalized().unwrap_err().field,
            "name"
        );
        assert_eq!(
            input(&"x".repeat(41), "#aabbcc")
                .normalized()
                .unwrap_err()
                .field,
            "name"
        );
        for color in ["", "aabbcc", "#abc", "#gggggg", "#aabbccdd", "red"] {
            assert_eq!(
                input("VIP", color).normalized().unwrap_err().field,
                "color",
                "{color}"
            );
        }
    }
}
