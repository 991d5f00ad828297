//! Front matter: the `question:` of a YAML (`---`) or TOML (`+++`) block at the top of an
//! answer file, with the line of any error.
//!
//! Reads one key; must not interpret anything else in the block.

/// A problem at a 1-based line, with its message.
type LineError = (usize, String);

/// Front matter at `start`: the `question` it names and where the body begins.
/// `Ok(None)` when there is no front matter block (no opening fence).
/// A block that does not parse, or is opened and never closed, is an error: (1-based line
/// in the file, message).
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
    // The line of the opening fence.
    let opening_line = text[..start].matches('\n').count() + 1;
    let first_newline = rest.find('\n').unwrap_or(rest.len());
    if rest[..first_newline].trim() != fence {
        return Ok(None);
    }
    let content_start = (first_newline + 1).min(rest.len());
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
    // Opened and never closed: reading the block as answer text would score its keys and
    // ignore its `question`, silently.
    let Some((content_end, body)) = content_end else {
        let example = if fence == "---" {
            "question: q04"
        } else {
            "question = \"q04\""
        };
        return Err((
            opening_line,
            format!(
                "front matter opened here with `{fence}` is never closed, so anscov cannot tell where the answer begins; close it with a `{fence}` line after its keys (`{example}`), or remove this line"
            ),
        ));
    };
    let content = &rest[content_start..content_end];
    // The block's first line is the line after the opening fence.
    let first_line = opening_line + 1;
    let question = if fence == "---" {
        yaml_question(content).map_err(|(line, message)| (first_line + line - 1, message))?
    } else {
        toml_question(content).map_err(|(line, message)| (first_line + line - 1, message))?
    };
    Ok(Some((question, start + body)))
}

/// Deeper nesting than this in front matter is refused, counting every sequence and
/// mapping, block (`- - -`, indented keys) or flow (`[[[`, `{{{`): nothing anscov reads is
/// nested, and a hostile block must cost neither stack nor time in proportion to its depth.
pub(super) const MAX_FRONT_MATTER_DEPTH: usize = 64;

/// The `question` of a YAML front matter block; errors carry the block's 1-based line.
///
/// Read from yaml-rust2's parser events, never loaded into a tree: `YamlLoader` copies an
/// anchored node at every alias, so nine lines of `&a [*b,*b,…]` (billion laughs) grew into
/// GBs, and its loader and the tree's drop recurse once per level, so `- - - …` 30,000 deep
/// overflowed the stack. Here an alias costs nothing (only scalar anchors are kept, for a
/// `question: *id`), the parser's own state is a heap stack, and depth is capped.
/// Scalars are typed as `YamlLoader` types them, so `question: 4`, `'q04'`, `~` and
/// `q04 # draft` read as before; a key repeated at the top level is still an error.
pub(super) fn yaml_question(content: &str) -> Result<Option<String>, (usize, String)> {
    use yaml_rust2::parser::{Event, Parser};
    use yaml_rust2::Yaml;

    let invalid = |err: yaml_rust2::ScanError| {
        (
            err.marker().line().max(1),
            format!("front matter is not valid YAML: {}", err.info()),
        )
    };
    // Flow brackets are counted before parsing too: the scanner reads a run of `[[[…` ahead
    // of its first event and gives up at 255 levels with "recursion limit exceeded", a
    // message that names no fix.
    let nested_deeper = |line| {
        (
            line,
            format!(
                "front matter nested deeper than {MAX_FRONT_MATTER_DEPTH} levels; anscov reads only `question: q04` from it, so flatten or remove the nested value"
            ),
        )
    };
    let mut flow_depth = 0usize;
    let mut line = 1;
    for c in content.chars() {
        match c {
            '[' | '{' => {
                flow_depth += 1;
                if flow_depth > MAX_FRONT_MATTER_DEPTH {
                    return Err(nested_deeper(line));
                }
            }
            ']' | '}' => flow_depth = flow_depth.saturating_sub(1),
            '\n' => line += 1,
            _ => {}
        }
    }
    let mut parser = Parser::new_from_str(content);
    // Scalars with an anchor (`&id q04`), by anchor id: an alias of one is that scalar.
    // Each is stored once, so this is at most the size of the block.
    let mut anchors: rustc_hash::FxHashMap<usize, Yaml> = rustc_hash::FxHashMap::default();
    let mut depth = 0usize;
    let mut documents = 0usize;
    // Whether the first document's root is a mapping; `None` until its root is seen.
    let mut root_is_mapping = None;
    // In the root mapping: whether the next node at depth 1 is a key, the key just read
    // (when a string) with its line, and the top-level keys so far.
    let mut at_key = true;
    let mut key: Option<(String, usize)> = None;
    let mut keys: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    // The `question` value: its scalar (`None` for a list, a mapping or an alias of one),
    // and the line of its key.
    let mut question: Option<(Option<Yaml>, usize)> = None;
    loop {
        let (event, mark) = parser.next_token().map_err(invalid)?;
        let line = mark.line().max(1);
        // Past here the event starts a node: the scalar it is, if it is one (an alias of a
        // scalar anchor is that scalar).
        let node: Option<Yaml> = match &event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::Nothing => continue,
            Event::DocumentStart => {
                documents += 1;
                continue;
            }
            Event::DocumentEnd => continue,
            Event::SequenceEnd | Event::MappingEnd => {
                depth = depth.saturating_sub(1);
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                let scalar = typed_scalar(value, *style, tag.as_ref());
                if *anchor > 0 {
                    anchors.insert(*anchor, scalar.clone());
                }
                Some(scalar)
            }
            Event::Alias(anchor) => anchors.get(anchor).cloned(),
            Event::SequenceStart(..) | Event::MappingStart(..) => None,
        };
        let first_document = documents == 1;
        if first_document && depth == 0 {
            root_is_mapping = Some(matches!(event, Event::MappingStart(..)));
            if root_is_mapping == Some(false) && !matches!(node, Some(Yaml::Null)) {
                return Err((
                    1,
                    "front matter is not a list of `key: value` lines, e.g. `question: q04`".to_string(),
                ));
            }
        } else if first_document && depth == 1 && root_is_mapping == Some(true) {
            if at_key {
                key = match node {
                    Some(Yaml::String(k)) => Some((k, line)),
                    _ => None,
                };
                if let Some((k, key_line)) = &key {
                    if !keys.insert(k.clone()) {
                        return Err((
                            *key_line,
                            format!("front matter is not valid YAML: the key `{k}` is set twice; keep one"),
                        ));
                    }
                }
            } else if let Some((k, key_line)) = key.take() {
                if k.eq_ignore_ascii_case("question") {
                    if question.is_some() {
                        return Err((
                            key_line,
                            "front matter names `question` twice; keep one, e.g. `question: q04`".to_string(),
                        ));
                    }
                    question = Some((node, key_line));
                }
            }
            at_key = !at_key;
        }
        if matches!(event, Event::SequenceStart(..) | Event::MappingStart(..)) {
            depth += 1;
            if depth > MAX_FRONT_MATTER_DEPTH {
                return Err(nested_deeper(line));
            }
        }
    }
    match question {
        None | Some((Some(Yaml::Null), _)) => Ok(None),
        Some((Some(Yaml::String(s)), _)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Some((Some(Yaml::Integer(n)), _)) => Ok(Some(n.to_string())),
        Some((_, line)) => Err((
            line,
            "front matter `question` must be a question id or slug, e.g. `question: q04`".to_string(),
        )),
    }
}

/// A scalar typed as yaml-rust2's `YamlLoader` types it, as far as an id goes: quoted is a
/// string, plain by its look (`4`, `~`, `q04`, `true`), `!!int`/`!!null` as tagged.
fn typed_scalar(
    value: &str,
    style: yaml_rust2::scanner::TScalarStyle,
    tag: Option<&yaml_rust2::parser::Tag>,
) -> yaml_rust2::Yaml {
    use yaml_rust2::Yaml;
    if style != yaml_rust2::scanner::TScalarStyle::Plain {
        return Yaml::String(value.to_string());
    }
    let Some(tag) = tag else {
        return Yaml::from_str(value);
    };
    if tag.handle != "tag:yaml.org,2002:" {
        return Yaml::String(value.to_string());
    }
    match tag.suffix.as_str() {
        "int" => value.parse().map_or(Yaml::BadValue, Yaml::Integer),
        "null" if matches!(value, "~" | "null") => Yaml::Null,
        // `!!bool`, `!!float` or a bad `!!null`: never an id.
        "bool" | "float" | "null" => Yaml::BadValue,
        _ => Yaml::String(value.to_string()),
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
