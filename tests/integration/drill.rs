//! A drill declared in a test: the world a test is about, inside the
//! smallest scenario that parses (a title, a clock, one check), started as
//! a live session. Tests name only what matters to them.

use dockdrill::scenario;
use dockdrill::session::Session;

/// The clock every test drill starts at.
pub const CLOCK: &str = "2026-11-27T09:00:00Z";

pub struct Drill {
    name: &'static str,
    tools: &'static str,
    world: String,
}

impl Drill {
    /// A drill named `name` (IDs derive from it) whose learner has `docker`.
    pub fn new(name: &'static str) -> Self {
        Drill {
            name,
            tools: "docker",
            world: String::new(),
        }
    }

    /// The tools the brief offers, e.g. `"docker curl"`.
    pub fn tools(mut self, tools: &'static str) -> Self {
        self.tools = tools;
        self
    }

    /// Adds KDL nodes (images, containers, networks ...) to the world.
    pub fn world(mut self, nodes: &str) -> Self {
        self.world.push_str(nodes);
        self.world.push('\n');
        self
    }

    /// The scenario file this drill stands for.
    pub fn text(&self) -> String {
        let Drill { name, tools, world } = self;
        format!(
            "scenario \"{name}\" {{\n    title \"t\"\n    difficulty easy\n    tools {tools}\n    clock \"{CLOCK}\"\n    brief \"b\"\n}}\ncheck \"c\" {{\n    about \"a\"\n    ran \"docker\"\n}}\nworld {{\n{world}}}\n"
        )
    }

    /// A live session on the drill's world; a parse or build error fails
    /// the test with its diagnostic.
    pub fn session(&self) -> Session {
        let parsed = match scenario::parse("t.kdl", &self.text()) {
            Ok(s) => s,
            Err(d) => panic!("{d}"),
        };
        match Session::from_scenario(&parsed) {
            Ok(s) => s,
            Err(e) => panic!("world builds: {e}"),
        }
    }
}

/// What a terminal shows for one command line.
pub fn out(session: &mut Session, line: &str) -> String {
    session.run_line(line).terminal()
}
