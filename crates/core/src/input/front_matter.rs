//! Front matter: the `question:` of a YAML (`---`) or TOML (`+++`) block at the top of an
//! answer file, with the line of any error.
//!
//! Reads one key; must not interpret anything else in the block.

/// A problem at a 1-based line, with its message.
type LineError = (usize, String);

/// Front matter at `start`: the `question` it names and where the body begins.
/// `Ok(None)` when there is no front matter block (no opening fence, or no closing one).
/// A block that does not parse is an error: (1-based line in the file, message).
///
/// YAML (`---`) goes through yaml-rust2 and TOML (`+++`) through the toml crate, so lists
/// (`tags:`), comments (`question: q04 # draft`) and quoting work as people write them.
/// Keys other than `question` are ignored.
pub(super) fn front_matter(text: &str, start: usize) -> Result<Option<(Option<String>, usize)>, LineError> {
    let rest = &text[start..];
    let fence = if rest.starts_with("---") {
        "---"
    } else if rest.starts_with("+++") {
        "+++"
    } else {
        return Ok(None);
    };
    let Some(first_newline) = rest.find('\n') else {
        return Ok(None);
    };
    if rest[..first_newline].trim() != fence {
        return Ok(None);
    }
    let content_start = first_newline + 1;
    let mut offset = content_start;
    let mut content_end = None;
    for line in rest[content_start..].split_inclusive('\n') {
        let trimmed = line.trim();
        // YAML also ends a document with `...`.
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            content_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((content_end, body)) = content_end else {
        return Ok(None);
    };
    let content = &rest[content_start..content_end];
    // The block's first line is the line after the opening fence.
    let first_line = text[..start].matches('\n').count() + 2;
    let question = if fence == "---" {
        yaml_question(content).map_err(|(line, message)| (first_line + line - 1, message))?
    } else {
        toml_question(content).map_err(|(line, message)| (first_line + line - 1, message))?
    };
    Ok(Some((question, start + body)))
}

/// Deeper nesting than this in front matter is refused: a parsed YAML tree is dropped
/// recursively, and a hostile `[[[[…` must not overflow the stack.
pub(super) const MAX_FRONT_MATTER_DEPTH: usize = 64;

/// The `question` of a YAML front matter block; errors carry the block's 1-based line.
pub(super) fn yaml_question(content: &str) -> Result<Option<String>, (usize, String)> {
    let mut depth = 0usize;
    let mut line = 1;
    for c in content.chars() {
        match c {
            '[' | '{' => {
                depth += 1;
                if depth > MAX_FRONT_MATTER_DEPTH {
                    return Err((
                        line,
                        format!("front matter nested deeper than {MAX_FRONT_MATTER_DEPTH} levels"),
                    ));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            '\n' => line += 1,
            _ => {}
        }
    }
    let docs = yaml_rust2::YamlLoader::load_from_str(content).map_err(|err| {
        (
            err.marker().line().max(1),
            format!("front matter is not valid YAML: {}", err.info()),
        )
    })?;
    use yaml_rust2::Yaml;
    match docs.first() {
        None | Some(Yaml::Null) => Ok(None),
        Some(Yaml::Hash(map)) => {
            let value = map.iter().find_map(|(key, value)| match key {
                Yaml::String(key) if key.eq_ignore_ascii_case("question") => Some(value),
                _ => None,
            });
            match value {
                None | Some(Yaml::Null) => Ok(None),
                Some(Yaml::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
                Some(Yaml::Integer(n)) => Ok(Some(n.to_string())),
                Some(_) => Err((
                    question_key_line(content, ':'),
                    "front matter `question` must be a question id or slug, e.g. `question: q04`".to_string(),
                )),
            }
        }
        Some(_) => Err((
            1,
            "front matter is not a list of `key: value` lines, e.g. `question: q04`".to_string(),
        )),
    }
}

/// The `question` of a TOML front matter block; errors carry the block's 1-based line.
pub(super) fn toml_question(content: &str) -> Result<Option<String>, (usize, String)> {
    let table: toml::Table = toml::from_str(content).map_err(|err| {
        let line = err.span().map_or(1, |span| {
            content[..span.start.min(content.len())].matches('\n').count() + 1
        });
        (
            line,
            format!("front matter is not valid TOML: {}", err.message().trim()),
        )
    })?;
    let value = table
        .iter()
        .find_map(|(key, value)| key.eq_ignore_ascii_case("question").then_some(value));
    match value {
        None => Ok(None),
        Some(toml::Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Some(toml::Value::Integer(n)) => Ok(Some(n.to_string())),
        Some(_) => Err((
            question_key_line(content, '='),
            "front matter `question` must be a question id or slug, e.g. `question = \"q04\"`".to_string(),
        )),
    }
}

/// The 1-based line of the block's `question` key, for messages about its value.
pub(super) fn question_key_line(content: &str, separator: char) -> usize {
    content
        .lines()
        .position(|line| {
            line.split_once(separator)
                .is_some_and(|(key, _)| key.trim().trim_matches(['"', '\'']).eq_ignore_ascii_case("question"))
        })
        .map_or(1, |i| i + 1)
}
