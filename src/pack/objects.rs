//! The object a check names (a container, image, volume, network, file,
//! published port or the repository), from which `needs` infers which
//! checks wait for which.

use super::check::CheckSpec;
use super::checks::{
    CompareCheck, ContainerCheck, DockerObject, FileCheck, HttpCheck, ImageCheck, ProbeCheck,
    Source,
};

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
        CheckSpec::File(FileCheck::Exists(stat)) => stat.existence_rank(),
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
        CheckSpec::Probe(c) => probe_object(c),
        // A comparison names up to two objects: see `compared_objects`.
        CheckSpec::Compare(_) => return None,
    })
}

/// The objects a `compare` check reads, one a side: it waits for each one's
/// existence check, but is never the first check naming an object that
/// the others wait for (its failures are about two values, not one object).
pub(crate) fn compared_objects(spec: &CheckSpec) -> Vec<Object> {
    let CheckSpec::Compare(c) = spec else {
        return Vec::new();
    };
    let CompareCheck::Compare(c) = c;
    [&c.left, &c.right]
        .into_iter()
        .filter_map(source_object)
        .collect()
}

fn source_object(source: &Source) -> Option<Object> {
    Some(match source {
        Source::Inspect { object, name, .. } => match object {
            DockerObject::Container => Object::Container(name.clone()),
            DockerObject::Image => Object::Image(name.clone()),
            DockerObject::Volume => Object::Volume(name.clone()),
            DockerObject::Network => Object::Network(name.clone()),
        },
        Source::Text { path, .. } | Source::Document { path, .. } => Object::File(path.to_string()),
        Source::Git { .. } => Object::Repository,
        Source::Http { port, .. } => Object::Port(*port),
        Source::Containers { .. } | Source::Literal(_) => return None,
    })
}

/// A probe check names the image it runs or reads, the volume it reads or
/// the network it joins.
fn probe_object(check: &ProbeCheck) -> Object {
    match check {
        ProbeCheck::Run(r) => Object::Image(r.image.clone()),
        ProbeCheck::ImageFile(f) => Object::Image(f.image.clone()),
        ProbeCheck::VolumeFile(f) => Object::Volume(f.volume.clone()),
        ProbeCheck::Reach(r) => Object::Network(r.network.clone()),
    }
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
        Exists(stat) => &stat.path,
        Matches { path, .. }
        | NotMatches { path, .. }
        | Base { path, .. }
        | User { path }
        | Healthcheck { path }
        | NoLatest { path }
        | Dockerignore { path, .. } => path,
        Query(q) => &q.path,
        Stages(s) => &s.path,
        Instruction(i) => &i.path,
        Order(o) => &o.path,
    };
    Some(Object::File(path.to_string()))
}
