//! What a lab holds while `pack test` runs it, so two labs that would
//! trip over each other never run at once: the Docker objects it removes
//! and creates (`[resources]`, `[setup]`), those its setup containers use,
//! and the host ports it publishes or asks about.
//!
//! Two labs clash when one owns an object the other owns or uses, or when
//! they share a host port. Objects a lab only uses (such as
//! `opslab/base:1` under a setup container) clash with nothing else, so
//! labs built on the same base image still run side by side.

use std::collections::BTreeSet;

use crate::pack::checks::{CompareCheck, ContainerCheck, HttpCheck, Source};
use crate::pack::{parse_port, parse_volume, CheckSpec, Lab};

/// A Docker object by kind and name, e.g. `("container", "web")`.
type Object = (&'static str, String);

/// The objects and host ports one lab holds while it is tested.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Claims {
    /// Objects the lab removes before and after each step, or creates.
    owns: BTreeSet<Object>,
    /// Objects its setup containers start from or attach to.
    uses: BTreeSet<Object>,
    /// Host ports it publishes (setup containers) or reaches (checks).
    ports: BTreeSet<u16>,
}

impl Claims {
    /// Everything `lab` declares: `[resources]`, `[setup]` and the host
    /// ports of its setup containers and of its `container.port`,
    /// `http.*` and `compare` (http source) checks. Ports a solve script
    /// publishes without a check naming them are not seen.
    pub fn of(lab: &Lab) -> Claims {
        let mut claims = Claims::default();
        claims.resources(lab);
        claims.setup(lab);
        for check in &lab.checks {
            claims.ports.extend(check_ports(&check.spec));
        }
        claims
    }

    /// Whether the two labs must not run at the same time.
    pub fn clash(&self, other: &Claims) -> bool {
        !self.owns.is_disjoint(&other.owns)
            || !self.owns.is_disjoint(&other.uses)
            || !self.uses.is_disjoint(&other.owns)
            || !self.ports.is_disjoint(&other.ports)
    }

    /// Claims owning only the container `name`, for tests.
    #[cfg(test)]
    pub fn owning(name: &str) -> Claims {
        let mut claims = Claims::default();
        claims.owns.insert(("container", name.to_string()));
        claims
    }

    fn resources(&mut self, lab: &Lab) {
        let r = &lab.resources;
        let kinds: [(&'static str, &Vec<String>); 5] = [
            ("container", &r.containers),
            ("image", &r.images),
            ("volume", &r.volumes),
            ("network", &r.networks),
            ("compose project", &r.compose_projects),
        ];
        for (kind, names) in kinds {
            self.owns.extend(names.iter().map(|n| (kind, n.clone())));
        }
    }

    fn setup(&mut self, lab: &Lab) {
        let s = &lab.setup;
        let owns = &mut self.owns;
        owns.extend(s.images.iter().map(|i| ("image", i.tag.clone())));
        owns.extend(s.volumes.iter().map(|v| ("volume", v.name.clone())));
        owns.extend(s.networks.iter().map(|n| ("network", n.name.clone())));
        for c in &s.containers {
            self.owns.insert(("container", c.name.clone()));
            self.uses.insert(("image", c.image.clone()));
            if let Some(network) = &c.network {
                self.uses.insert(("network", network.clone()));
            }
            for mount in c.volumes.iter().filter_map(|v| parse_volume(v).ok()) {
                self.uses.insert(("volume", mount.volume));
            }
            let ports = c.ports.iter().filter_map(|p| parse_port(p).ok());
            self.ports.extend(ports.map(|p| p.host_port));
        }
    }
}

/// The host ports a check publishes or reaches, if any.
fn check_ports(spec: &CheckSpec) -> Vec<u16> {
    match spec {
        CheckSpec::Container(ContainerCheck::Port {
            host_port: Some(p), ..
        }) => vec![*p],
        CheckSpec::Http(HttpCheck::Get { port, .. } | HttpCheck::Metric { port, .. }) => {
            vec![*port]
        }
        CheckSpec::Compare(CompareCheck::Compare(c)) => [&c.left, &c.right]
            .into_iter()
            .filter_map(|s| match s {
                Source::Http { port, .. } => Some(*port),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pack;

    const PACK: &str = "format = 1\nid = \"claims\"\ntitle = \"Claims\"\nversion = \"0.1.0\"\n\n[[stage]]\nid = \"s\"\ntitle = \"S\"\n";

    /// The claims of each lab of a pack whose labs have these extra lines.
    fn claims(labs: &[(&str, &str)]) -> Vec<Claims> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pack.toml"), PACK).unwrap();
        for (id, extra) in labs {
            let lab = dir.path().join(id);
            std::fs::create_dir_all(lab.join("starter")).unwrap();
            std::fs::create_dir_all(lab.join("solution")).unwrap();
            std::fs::write(lab.join("solution/README.md"), "Done.\n").unwrap();
            std::fs::write(lab.join("brief.md"), "Do it.\n").unwrap();
            let head = format!(
                "id = \"{id}\"\ntitle = \"T\"\nstage = \"s\"\nsummary = \"S.\"\nminutes = 5\n"
            );
            let check = "\n[[check]]\nid = \"f\"\nkind = \"file.exists\"\npath = \"f.txt\"\n";
            std::fs::write(lab.join("lab.toml"), head + extra + check).unwrap();
        }
        let pack = Pack::from_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        pack.labs.iter().map(Claims::of).collect()
    }

    #[test]
    fn labs_sharing_a_host_port_clash() {
        let http = "[[check]]\nid = \"up\"\nkind = \"http.get\"\nport = 18431\n";
        let published = "[resources]\ncontainers = [\"pj-a\"]\n\n[[check]]\nid = \"p\"\nkind = \"container.port\"\ncontainer = \"pj-a\"\nport = 80\nhost_port = 18431\n";
        let other = "[[check]]\nid = \"up\"\nkind = \"http.get\"\nport = 18432\n";
        let c = claims(&[("a", http), ("b", published), ("c", other)]);
        assert!(c[0].clash(&c[1]) && c[1].clash(&c[0]), "{c:?}");
        assert!(!c[0].clash(&c[2]) && !c[1].clash(&c[2]), "{c:?}");
    }

    #[test]
    fn a_shared_base_image_is_no_clash_but_an_owned_one_is() {
        let base = "[resources]\ncontainers = [\"NAME\"]\n\n[[setup.container]]\nname = \"NAME\"\nimage = \"opslab/base:1\"\n";
        let owner = "[resources]\nimages = [\"opslab/base:1\"]\n";
        let c = claims(&[
            ("a", &base.replace("NAME", "pj-one")),
            ("b", &base.replace("NAME", "pj-two")),
            ("c", owner),
        ]);
        assert!(!c[0].clash(&c[1]), "{c:?}");
        assert!(c[0].clash(&c[2]) && c[2].clash(&c[1]), "{c:?}");
    }
}
