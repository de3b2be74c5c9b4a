//! Evaluating image, volume and network checks.

use crate::pack::checks::ImageCheck;
use crate::verify::{Context, Outcome};

pub async fn evaluate_image(check: &ImageCheck, ctx: &Context) -> Outcome {
    let docker = match ctx.docker() {
        Ok(d) => d,
        Err(o) => return o,
    };
    match check {
        ImageCheck::Exists { image } => match docker.client.inspect_image(image).await {
            Ok(_) => Outcome::Passed,
            Err(e) => Outcome::failed(format!("image {image}"), e.to_string()),
        },
    }
}
