//! The field tables as a reference: plain text for `playground schema`, Markdown for
//! `docs/scenarios.md` (a test keeps that file equal to [`markdown`]).

use super::{Field, FieldKind, KindForm, Omitted, Section, TypeForm};

/// The allowed values of a field, in words.
pub fn allowed(kind: &FieldKind) -> String {
    match *kind {
        FieldKind::Number {
            min,
            max,
            exclusive_min,
            ..
        } if exclusive_min => format!("a number above {min} and at most {max}"),
        FieldKind::Number { min, max, .. } => format!("a number from {min} to {max}"),
        FieldKind::Integer { min, max } => format!("a whole number from {min} to {max}"),
        FieldKind::Optional { min, max, .. } => {
            format!("a number above {min} and at most {max}, or left out")
        }
        FieldKind::Bool => "true or false".into(),
        FieldKind::List {
            min,
            max,
            exclusive_min,
        } if exclusive_min => {
            format!("a list of numbers, each above {min} and at most {max}")
        }
        FieldKind::List { min, max, .. } => format!("a list of numbers, each from {min} to {max}"),
        FieldKind::Table {
            min,
            max,
            exclusive_min,
        } => {
            let lo = if exclusive_min { "above" } else { "from" };
            let hi = if exclusive_min { "and at most" } else { "to" };
            format!("a list of numbers, or a list of such rows, each number {lo} {min} {hi} {max}")
        }
        FieldKind::CountOrTuples { max } => {
            format!("a whole number from 1 to {max}, or a list of index tuples (see below)")
        }
        FieldKind::Choice { options } => {
            let quoted: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
            format!("one of {}", quoted.join(", "))
        }
        FieldKind::Subset { options } => {
            let quoted: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
            format!("a list of distinct words from {}", quoted.join(", "))
        }
        FieldKind::Text { max_chars } => format!("text, 1 to {max_chars} characters"),
        FieldKind::Map => "lines of map characters (see below)".into(),
        FieldKind::Entries { key, .. } => format!("a table per {key}"),
    }
}

/// What leaving the field out means, in words.
pub fn when_omitted(o: &Omitted) -> String {
    match o {
        Omitted::Required => "required".into(),
        Omitted::Is(json) => format!("default {json}"),
        Omitted::Means(words) => format!("left out: {words}"),
    }
}

fn line(f: &Field) -> String {
    let mut s = format!(
        "{} — {}. {}; {}.",
        f.name,
        f.help,
        capitalise(&allowed(&f.kind)),
        when_omitted(&f.omitted)
    );
    if let Some(rule) = f.rule {
        s += &format!(" Also: {rule}.");
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn sub_fields(f: &Field) -> Option<&'static [Field]> {
    match f.kind {
        FieldKind::Entries { fields, .. } => Some(fields),
        _ => None,
    }
}

/// Every field of one kind (or of every kind), as plain text.
pub fn text(kind: &KindForm) -> String {
    let mut out = format!("kind = \"{}\" — {}\n{}\n", kind.kind, kind.title, kind.help);
    for section in kind.sections {
        let at = section_name(section.path());
        out += &format!("\n{} ({at})\n", section.title());
        match section {
            Section::Fields { fields, .. } => {
                for f in *fields {
                    out += &format!("  {}\n", line(f));
                    for sub in sub_fields(f).unwrap_or_default() {
                        out += &format!("      {}\n", line(sub));
                    }
                }
            }
            Section::OneOf { types, .. } | Section::ListOf { types, .. } => {
                if let Section::ListOf { common, max, .. } = section {
                    out += &format!("  1 to {max} entries, each with a type below and:\n");
                    for f in *common {
                        out += &format!("    {}\n", line(f));
                    }
                }
                for t in *types {
                    out += &type_text(t);
                }
            }
        }
    }
    out += &format!("\nExample:\n{}", indent(kind.example));
    out
}

fn type_text(t: &TypeForm) -> String {
    let mut out = format!("  type = \"{}\" — {}\n", t.type_name, t.title);
    for f in t.fields {
        out += &format!("    {}\n", line(f));
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

fn section_name(path: &str) -> String {
    if path.is_empty() {
        "top level".into()
    } else {
        format!("[{path}]")
    }
}

/// The reference page, `docs/scenarios.md`.
pub fn markdown(kinds: &[KindForm]) -> String {
    let mut out = String::from(
        "# Scenario reference\n\n\
         Generated by `playground schema --markdown` from the same tables the web editor \
         is built from; a test keeps this file current. A Scenario is a TOML (or JSON) \
         file; `kind` says which demo runs it. Every file may also give `version = 1`.\n",
    );
    for kind in kinds {
        out += &format!(
            "\n## `kind = \"{}\"`: {}\n\n{}\n",
            kind.kind, kind.title, kind.help
        );
        for section in kind.sections {
            out += &format!(
                "\n### {}: {}\n\n",
                section.title(),
                md_section(section.path())
            );
            match section {
                Section::Fields { fields, .. } => out += &md_table(fields),
                Section::OneOf { types, .. } | Section::ListOf { types, .. } => {
                    if let Section::ListOf { common, max, .. } = section {
                        out += &format!(
                            "1 to {max} entries (`[[{}]]`), each with a `type` below.\n\n",
                            section.path()
                        );
                        out += &md_table(common);
                    }
                    for t in *types {
                        out += &format!("\n#### `type = \"{}\"`: {}\n\n", t.type_name, t.title);
                        out += &md_table(t.fields);
                    }
                }
            }
        }
        out += &format!("\nExample:\n\n```toml\n{}```\n", kind.example);
    }
    out
}

fn md_section(path: &str) -> String {
    if path.is_empty() {
        "top level".into()
    } else {
        format!("`[{path}]`")
    }
}

fn md_table(fields: &[Field]) -> String {
    if fields.is_empty() {
        return "No fields.\n".into();
    }
    let mut out = String::from("| field | meaning | allowed | if left out |\n|---|---|---|---|\n");
    for f in fields {
        out += &md_row(f, "");
        for sub in sub_fields(f).unwrap_or_default() {
            out += &md_row(sub, &format!("{}.*.", f.name));
        }
    }
    out
}

fn md_row(f: &Field, prefix: &str) -> String {
    let mut allowed = allowed(&f.kind);
    if let Some(rule) = f.rule {
        allowed += &format!("; {rule}");
    }
    format!(
        "| `{prefix}{}` | {} | {} | {} |\n",
        f.name,
        f.help.replace('|', "\\|"),
        allowed.replace('|', "\\|"),
        when_omitted(&f.omitted).replace('|', "\\|")
    )
}
