//! The object a check names (a container, image, volume, network, file,
//! published port or the repository), from which `needs` infers which
//! checks wait for which.

use super::check::CheckSpec;
use super::checks::{ContainerCheck, FileCheck, HttpCheck, ImageCheck};

/// The thing a check looks at, for inferring needs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Object {
    Container(String),
    Image(String),
    Volume(String),
    Network(String),
    File(String),
    Port(u16),
    Repository,
}

/// How well a check says its object exists: 0 for `*.exists`, 1 for
/// `container.running` (used when a lab has no `container.exists`), none for
/// checks that look inside the object.
pub(crate) fn existence_rank(spec: &CheckSpec) -> Option<u8> {
    match spec {
        CheckSpec::Container(ContainerCheck::Exists { .. }) => Some(0),
        CheckSpec::Container(ContainerCheck::Running { .. }) => Some(1),
        CheckSpec::Image(
            ImageCheck::Exists { .. }
            | ImageCheck::VolumeExists { .. }
            | ImageCheck::NetworkExists { .. },
        ) => Some(0),
        CheckSpec::File(FileCheck::Exists { .. }) => Some(0),
        _ => None,
    }
}

/// The object a check names, if it names one.
pub(crate) fn object(spec: &CheckSpec) -> Option<Object> {
    Some(match spec {
        CheckSpec::Container(c) => Object::Container(c.container().to_string()),
        CheckSpec::Image(c) => return image_object(c),
        CheckSpec::File(c) => return file_object(c),
        CheckSpec::Git(_) => Object::Repository,
        CheckSpec::Http(HttpCheck::Get { port, .. } | HttpCheck::Metric { port, .. }) => {
            Object::Port(*port)
        }
    })
}

fn image_object(check: &ImageCheck) -> Option<Object> {
    use ImageCheck::*;
    Some(match check {
        Exists { image }
        | Size { image, .. }
        | Layers { image, .. }
        | User { image, .. }
        | Healthcheck { image }
        | Exposes { image, .. }
        | Entrypoint { image, .. }
        | Cmd { image, .. }
        | Same { image, .. } => Object::Image(image.clone()),
        Env(e) => Object::Image(e.image.clone()),
        Label(l) => Object::Image(l.image.clone()),
        VolumeExists { volume, .. } | VolumeUsedBy { volume, .. } => Object::Volume(volume.clone()),
        NetworkExists { network, .. } | NetworkConnected { network, .. } => {
            Object::Network(network.clone())
        }
        ContainerInspect(i) => Object::Container(i.name.clone()),
        ImageInspect(i) => Object::Image(i.name.clone()),
        VolumeInspect(i) => Object::Volume(i.name.clone()),
        NetworkInspect(i) => Object::Network(i.name.clone()),
        // These pass when objects are missing, or count many: they wait
        // for no existence check.
        ContainerAbsent { .. } | Absent { .. } | VolumeAbsent { .. } | NetworkAbsent { .. } => {
            return None
        }
        ContainerCount(_) | ImageCount(_) | VolumeCount(_) | NetworkCount(_) => return None,
    })
}

/// `file.absent` names no object: it passes when the file is missing.
fn file_object(check: &FileCheck) -> Option<Object> {
    use FileCheck::*;
    let path = match check {
        Absent { .. } => return None,
        Exists { path }
        | Matches { path, .. }
        | NotMatches { path, .. }
        | Base { path, .. }
        | User { path }
        | Healthcheck { path }
        | NoLatest { path }
        | Dockerignore { path, .. } => path,
        Query(q) => &q.path,
        Stages(s) => &s.path,
    };
    Some(Object::File(path.to_string()))
}
