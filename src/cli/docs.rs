//! `anscov completions SHELL` and `anscov man [COMMAND…]`: shell completion scripts and roff
//! man pages generated from the same clap definition the parser uses, so neither can drift
//! from the real flags. Both print to stdout and must not write a file: where a script or page is
//! installed is the user's choice (README "Install").

use std::io::{self, Write};

use anyhow::Result;
use clap::CommandFactory;

use super::{Cli, Exit};

#[derive(Debug, clap::Args)]
pub(super) struct CompletionsArgs {
    /// The shell to print a completion script for.
    #[arg(value_name = "SHELL")]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub(super) struct ManArgs {
    /// A command to print the page of (`score`, `bank lint`…) instead of anscov's own page,
    /// which lists the commands.
    #[arg(value_name = "COMMAND")]
    command: Vec<String>,
}

pub(super) fn completions(args: &CompletionsArgs) -> Result<Exit> {
    // Into a buffer first: clap_complete panics when its writer fails, and a closed pipe
    // (`anscov completions bash | head`) must end quietly, not with a panic.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "anscov", &mut script);
    let mut out = io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Exit::Ok)
}

pub(super) fn man(args: &ManArgs) -> Result<Exit> {
    let mut command = Cli::command().disable_help_subcommand(true);
    // Gives each subcommand its display name (`anscov-bank-lint`): the page's title.
    command.build();
    for (depth, name) in args.command.iter().enumerate() {
        let Some(sub) = command.find_subcommand(name).cloned() else {
            let known: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            let parent = args.command[..depth].join(" ");
            return Err(anscov_core::Error::Usage(format!(
                "`anscov {parent}{}{name}` is not a command; man pages exist for: {}",
                if parent.is_empty() { "" } else { " " },
                known.join(", ")
            ))
            .into());
        };
        command = sub;
    }
    let title = command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
        .to_uppercase();
    let mut page = Vec::new();
    // Subcommands carry no version of their own: the footer names anscov's on every page.
    clap_mangen::Man::new(command)
        .title(title)
        .source(format!("anscov {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)?;
    let mut out = io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(Exit::Ok)
}
