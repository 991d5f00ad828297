//! Paths in a config: `exclude` globs (gitignore syntax, rooted at the config file's
//! folder) and joining or relativising paths without touching the file system.
//!
//! Path arithmetic only: it must not walk folders (`crate::input` does) or read files.

use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::Result;

use super::{Config, Origin};

impl Config {
    /// Whether `path` matches an `exclude` glob (gitignore syntax, rooted at the config
    /// file's folder, or at `cwd` without one).
    pub fn excluder(&self, cwd: &Path) -> Result<Excluder> {
        let root = self
            .file
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        // Where the list came from, for errors: `anscov.toml:3: exclude` or `--exclude`.
        let origin = match &self.exclude.origin {
            Origin::Flag => "--exclude".to_string(),
            other => format!("{other}: exclude"),
        };
        let mut builder = ignore::gitignore::GitignoreBuilder::new(&root);
        for glob in &self.exclude.value {
            builder.add_line(None, glob).map_err(|e| {
                Error::Usage(format!(
                    "{origin}: bad glob `{glob}` ({e}); use gitignore syntax such as `drafts/` or `*.txt`"
                ))
            })?;
        }
        // Each glob can be valid while all of them together are too big for the matcher
        // ("error building NFA", with no file or key).
        let matcher = builder.build().map_err(|e| {
            Error::Usage(format!(
                "{origin}: the globs ({} of them) are too complex to match together ({e}); use fewer or simpler globs, such as a folder (`drafts/`) instead of a list of files",
                self.exclude.value.len()
            ))
        })?;
        Ok(Excluder {
            matcher,
            cwd: cwd.to_path_buf(),
        })
    }
}

/// Filters answer files by the config's `exclude` globs.
pub struct Excluder {
    matcher: ignore::gitignore::Gitignore,
    cwd: PathBuf,
}

impl Excluder {
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.matcher.is_empty() {
            return false;
        }
        let absolute = join(&self.cwd, path);
        // Paths outside the root cannot match; `matched_path_or_any_parents` panics on them.
        if !absolute.starts_with(self.matcher.path()) {
            return false;
        }
        self.matcher
            .matched_path_or_any_parents(&absolute, absolute.is_dir())
            .is_ignore()
    }
}

/// `base/path`, lexically normalised (`.` and `..` folded) when `path` is relative.
pub fn join(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// `path` relative to `base` when both are absolute (with `..` as needed); otherwise as is.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    if !path.is_absolute() || !base.is_absolute() {
        return path.to_path_buf();
    }
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts.iter().zip(&base_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}
