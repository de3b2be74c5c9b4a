//! Image, volume and network checks (`image.*`, `volume.*`, `network.*`).

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum ImageCheck {
    /// An image with this reference exists locally.
    #[serde(rename = "image.exists")]
    Exists { image: String },
}

impl ImageCheck {
    pub fn describe(&self) -> String {
        match self {
            ImageCheck::Exists { image } => format!("Image `{image}` exists"),
        }
    }
}
