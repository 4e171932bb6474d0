//! Escaping for the XML formats (checkstyle, JUnit).

/// `text` escaped for an XML 1.0 attribute value or element content: markup
/// characters become entities, line breaks and tabs character references (so
/// attribute values keep them), and characters XML 1.0 cannot carry at all
/// (other C0 controls, U+FFFE, U+FFFF) become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' => escaped.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The declaration every XML report starts with.
pub const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(
            escape("a<b>&\"c\" 'd'\n\t\r\u{1}\u{ffff}é😀"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;&#10;&#9;&#13;\u{fffd}\u{fffd}é😀"
        );
    }
}
