//! HTTP checks against a published port on this machine.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum HttpCheck {
    #[serde(rename = "http.get")]
    Get {
        port: u16,
        #[serde(default = "root")]
        path: String,
        #[serde(default = "ok")]
        status: u16,
    },
}

fn root() -> String {
    "/".into()
}
fn ok() -> u16 {
    200
}

impl HttpCheck {
    pub fn describe(&self) -> String {
        match self {
            HttpCheck::Get { port, path, status } => {
                format!("GET http://127.0.0.1:{port}{path} answers {status}")
            }
        }
    }
}
