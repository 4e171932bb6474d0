use super::position;
use crate::syntax::{Arguments, Command, Keyword, parse};

#[test]
fn continuation_words_map_back_to_their_lines() {
    let source = "FROM a\nRUN echo a \\\n  && echo b\n";
    let file = parse(source);
    let run = &file.instructions[1];
    assert_eq!(run.keyword.span.text(source), "RUN");
    assert_eq!(run.span.text(source), "RUN echo a \\\n  && echo b");
    assert_eq!(run.full_span, run.span);
    let Arguments::Command(Command::Shell(word)) = &run.args else {
        panic!("{:?}", run.args)
    };
    assert_eq!(word.text, "echo a   && echo b");
    assert_eq!(word.span.text(source), "echo a \\\n  && echo b");
    let amp = run.line.text.find("&&").unwrap();
    let span = run.line.span(amp, amp + 2);
    assert_eq!(span.text(source), "&&");
    assert_eq!(position(source, span), (3, 3));
}

#[test]
fn from_words_and_stage_name() {
    let source = "from --platform=$BUILDPLATFORM golang:1.22 AS build\n";
    let file = parse(source);
    let from = &file.instructions[0];
    assert_eq!(from.kind, Keyword::From);
    assert_eq!(from.keyword.value, "from");
    let flag = &from.flags[0];
    assert_eq!(flag.span.text(source), "--platform=$BUILDPLATFORM");
    assert_eq!(flag.name.span.text(source), "platform");
    let value = flag.value.as_ref().unwrap();
    assert_eq!(value.span.text(source), "$BUILDPLATFORM");
    assert_eq!(flag.raw, "--platform=$BUILDPLATFORM");
    let Arguments::Words { words, json } = &from.args else {
        panic!()
    };
    assert!(!json);
    let texts: Vec<_> = words.iter().map(|w| w.span.text(source)).collect();
    assert_eq!(texts, ["golang:1.22", "AS", "build"]);
}

#[test]
fn quoted_and_escaped_flag_values() {
    let source = "COPY --from=build --chown=\"a b\" --link src dst\n";
    let file = parse(source);
    let flags = &file.instructions[0].flags;
    assert_eq!(flags.len(), 3);
    assert_eq!(flags[1].raw, "--chown=a b");
    let chown = flags[1].value.as_ref().unwrap();
    assert_eq!(chown.value, "a b");
    assert_eq!(chown.span.text(source), "\"a b\"");
    assert_eq!(flags[2].name.value, "link");
    assert!(flags[2].value.is_none());
    assert_eq!(flags[2].name.span.text(source), "link");
    assert!(file.instructions[0].flag("from").is_some());
}

#[test]
fn json_elements_are_their_quoted_tokens() {
    let source = "CMD\t[\"echo\", \"a\\u0041\" ,\"\\/x\"]\n";
    let file = parse(source);
    let Arguments::Command(Command::Exec { elements, span }) = &file.instructions[0].args else {
        panic!()
    };
    assert_eq!(span.text(source), "[\"echo\", \"a\\u0041\" ,\"\\/x\"]");
    let decoded: Vec<_> = elements.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(decoded, ["echo", "aA", "/x"]);
    let tokens: Vec<_> = elements.iter().map(|e| e.span.text(source)).collect();
    assert_eq!(tokens, ["\"echo\"", "\"a\\u0041\"", "\"\\/x\""]);
}

#[test]
fn json_across_continuation_lines() {
    let source = "COPY [\"a\", \\\n      \"/dst\"]\n";
    let file = parse(source);
    let Arguments::Words { words, json: true } = &file.instructions[0].args else {
        panic!("{:?}", file.instructions[0].args)
    };
    assert_eq!(words[1].span.text(source), "\"/dst\"");
    assert_eq!(position(source, words[1].span), (2, 7));
}

#[test]
fn heredoc_marker_body_and_terminator() {
    let source = "FROM a\nRUN <<EOF cat > /x\nline 1\r\nline 2\nEOF\nRUN next\n";
    let file = parse(source);
    let run = &file.instructions[1];
    assert_eq!(run.span.text(source), "RUN <<EOF cat > /x");
    let heredoc = &run.heredocs[0];
    assert_eq!(heredoc.marker.text(source), "<<EOF");
    assert_eq!(heredoc.body.text(source), "line 1\r\nline 2\n");
    assert_eq!(heredoc.content, "line 1\r\nline 2\n");
    assert_eq!(heredoc.terminator.unwrap().text(source), "EOF");
    assert_eq!(
        run.full_span.text(source),
        "RUN <<EOF cat > /x\nline 1\r\nline 2\nEOF"
    );
    assert_eq!(file.instructions[2].keyword.span.text(source), "RUN");
    assert_eq!(position(source, file.instructions[2].span), (6, 1));
}

#[test]
fn onbuild_heredocs_and_inner_spans() {
    let source = "ONBUILD  copy --chmod=644 <<F /etc/f\nbody\nF\n";
    let file = parse(source);
    let outer = &file.instructions[0];
    let Arguments::Onbuild(Some(inner)) = &outer.args else {
        panic!()
    };
    assert_eq!(inner.kind, Keyword::Copy);
    assert_eq!(inner.keyword.span.text(source), "copy");
    assert_eq!(inner.flags[0].span.text(source), "--chmod=644");
    assert_eq!(inner.line.text, "copy --chmod=644 <<F /etc/f");
    assert_eq!(outer.heredocs.len(), 1);
    assert_eq!(inner.heredocs[0].body.text(source), "body\n");
    assert_eq!(inner.full_span.start, inner.span.start);
    assert_eq!(inner.full_span.end, outer.full_span.end);
    assert_eq!(outer.full_span.text(source), source.trim_end());
    let Arguments::Words { words, .. } = &inner.args else {
        panic!()
    };
    assert_eq!(words[1].span.text(source), "/etc/f");
}

#[test]
fn crlf_spans_exclude_carriage_returns() {
    let source = "FROM a\r\nRUN a \\\r\n  b\r\n# note\r\nUSER me\r\n";
    let file = parse(source);
    let run = &file.instructions[1];
    assert_eq!(run.span.text(source), "RUN a \\\r\n  b");
    assert_eq!(run.line.text, "RUN a   b");
    assert_eq!(file.comments[0].span.text(source), "# note");
    assert_eq!(file.comments[0].text, " note");
    let Arguments::Text(user) = &file.instructions[2].args else {
        panic!()
    };
    assert_eq!(user.text, "me");
    assert_eq!(user.span.text(source), "me");
    assert_eq!(file.instructions[2].comments, [0]);
}

#[test]
fn bom_is_skipped_but_offsets_include_it() {
    let source = "\u{feff}FROM a\nRUN b\n";
    let file = parse(source);
    assert!(file.bom);
    assert_eq!(file.instructions[0].keyword.value, "FROM");
    assert_eq!(file.instructions[0].keyword.span.start, 3);
    assert_eq!(file.instructions[0].span.text(source), "FROM a");
}

#[test]
fn tabs_and_utf8_in_key_values() {
    let source = "LABEL\tdesc=\"héllo wörld\" \tx=1\nENV PATH /usr/bin:$PATH\n";
    let file = parse(source);
    let Arguments::KeyValues(pairs) = &file.instructions[0].args else {
        panic!()
    };
    assert_eq!(pairs[0].key.span.text(source), "desc");
    assert_eq!(pairs[0].equals.unwrap().text(source), "=");
    assert_eq!(pairs[0].value.span.text(source), "\"héllo wörld\"");
    assert_eq!(pairs[1].key.span.text(source), "x");
    // Columns count characters: `x` follows two multi-byte letters and a tab.
    assert_eq!(position(source, pairs[1].key.span), (1, 27));
    let Arguments::KeyValues(legacy) = &file.instructions[1].args else {
        panic!()
    };
    assert_eq!(legacy[0].key.span.text(source), "PATH");
    assert_eq!(legacy[0].value.span.text(source), "/usr/bin:$PATH");
    assert!(legacy[0].equals.is_none());
}

#[test]
fn arg_names_and_defaults() {
    let source = "ARG A B=\"x y\" C=\n";
    let file = parse(source);
    let Arguments::Arg(declarations) = &file.instructions[0].args else {
        panic!()
    };
    let names: Vec<_> = declarations
        .iter()
        .map(|d| d.name.span.text(source))
        .collect();
    assert_eq!(names, ["A", "B", "C"]);
    assert!(declarations[0].default.is_none());
    let default = declarations[1].default.as_ref().unwrap();
    assert_eq!(default.text, "\"x y\"");
    assert_eq!(default.span.text(source), "\"x y\"");
    assert_eq!(declarations[2].default.as_ref().unwrap().text, "");
    assert_eq!(declarations[1].word.span.text(source), "B=\"x y\"");
}

#[test]
fn directives_and_comments_are_located() {
    let source = "# syntax = docker/dockerfile:1\n#  ESCAPE=`\n\n# about a\nFROM a\nRUN x `\n # inside\n  y\n";
    let file = parse(source);
    assert_eq!(file.escape, '`');
    let directive = &file.directives[1];
    assert_eq!(directive.key.span.text(source), "ESCAPE");
    assert_eq!(directive.value.span.text(source), "`");
    assert_eq!(directive.span.text(source), "#  ESCAPE=`");
    assert_eq!(file.comments.len(), 2);
    assert!(!file.comments[0].inside_instruction);
    assert!(file.comments[1].inside_instruction);
    assert_eq!(file.comments[1].span.text(source), "# inside");
    assert_eq!(file.instructions[0].comments, [0]);
    assert!(file.instructions[1].comments.is_empty());
    assert_eq!(file.instructions[1].line.text, "RUN x   y");
}

#[test]
fn empty_comment_clears_attachment_but_blank_lines_do_not() {
    let source = "# a\n#\n# b\n\nFROM x\n";
    let file = parse(source);
    assert_eq!(file.instructions[0].comments, [2]);
}

#[test]
fn lone_carriage_return_stays_in_the_line() {
    let source = "FROM a\rb\nEXPOSE 80\r443\n";
    let file = parse(source);
    assert_eq!(file.instructions.len(), 2);
    let Arguments::Words { words, .. } = &file.instructions[1].args else {
        panic!()
    };
    let texts: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, ["80", "443"]);
}

#[test]
fn continuation_at_end_of_file() {
    let source = "FROM a\nRUN foo \\";
    let file = parse(source);
    assert!(file.errors.is_empty());
    assert_eq!(file.instructions[1].span.text(source), "RUN foo \\");
}

#[test]
fn healthcheck_shapes() {
    let source = "HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\"]\nHEALTHCHECK NONE\n";
    let file = parse(source);
    let Arguments::Healthcheck(check) = &file.instructions[0].args else {
        panic!()
    };
    assert_eq!(check.kind.as_ref().unwrap().span.text(source), "CMD");
    assert!(matches!(check.command, Some(Command::Exec { .. })));
    let Arguments::Healthcheck(none) = &file.instructions[1].args else {
        panic!()
    };
    assert!(none.is_none());
}
