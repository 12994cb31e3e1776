//! Front-end files, compiled into the binary so `dockdrill serve` needs no
//! files beside the scenarios. xterm.js is vendored unmodified from the npm
//! registry; assets/README.md records its version and checksums.

pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/app.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/app.js"),
    },
    Asset {
        name: "xterm.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/xterm/xterm.css"),
    },
    Asset {
        name: "xterm.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/xterm/xterm.js"),
    },
    Asset {
        name: "xterm-LICENSE.txt",
        content_type: "text/plain; charset=utf-8",
        bytes: include_bytes!("../../assets/xterm/LICENSE"),
    },
];

/// The asset named exactly `name`; a lookup in a fixed table, so no path
/// a request names ever reaches the file system.
pub fn get(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}
