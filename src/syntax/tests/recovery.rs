use crate::syntax::{Dockerfile, dump::buildkit_dump, parse};

/// `(layer, text of the span)` of every error.
fn errors<'a>(source: &'a str, file: &Dockerfile) -> Vec<(u8, &'a str)> {
    file.errors
        .iter()
        .map(|error| (error.layer, error.span.text(source)))
        .collect()
}

#[test]
fn env_word_without_equals_points_at_the_word() {
    let source = "FROM a\nENV a=b c d=e\nRUN after\n";
    let file = parse(source);
    assert_eq!(errors(source, &file), [(2, "c")]);
    assert_eq!(
        buildkit_dump(&file),
        "(from \"a\")\n(env \"a\" \"b\" \"=\" \"d\" \"e\" \"=\")\n(run \"after\")\n"
    );
}

#[test]
fn legacy_env_without_value() {
    let source = "ENV PATH\nLABEL x\nFROM a\n";
    let file = parse(source);
    assert_eq!(errors(source, &file), [(2, "PATH"), (2, "x")]);
    assert_eq!(file.instructions.len(), 3);
}

#[test]
fn non_string_json_element_is_located() {
    let source = "FROM a\nCMD [\"echo\", 42, [\"x\"]]\nRUN after\n";
    let file = parse(source);
    assert_eq!(errors(source, &file), [(2, "42")]);
    assert_eq!(file.instructions.len(), 3);
}

#[test]
fn unterminated_heredoc_keeps_its_body() {
    let source = "FROM a\nRUN cat <<EOF\nline\nmore";
    let file = parse(source);
    assert_eq!(errors(source, &file), [(2, "<<EOF")]);
    let heredoc = &file.instructions[1].heredocs[0];
    assert_eq!(heredoc.body.text(source), "line\nmore");
    assert!(heredoc.terminator.is_none());
    assert_eq!(
        file.instructions[1].full_span.text(source),
        "RUN cat <<EOF\nline\nmore"
    );
}

#[test]
fn empty_and_comment_only_files() {
    for source in ["", "# a\n\n# b\n", "\n\n   \n"] {
        let file = parse(source);
        assert_eq!(file.errors.len(), 1, "{source:?}");
        assert_eq!(file.errors[0].layer, 2);
        assert_eq!(file.errors[0].message, "file with no instructions");
        assert!(file.errors[0].span.is_empty());
        assert_eq!(file.errors[0].span.start as usize, source.len());
    }
}

#[test]
fn layer_3_problems_are_located() {
    let source = "\
FROM a b
COPY --frm=x only
RUNN echo
USER
HEALTHCHECK CONNECT x
HEALTHCHECK CMD
SHELL /bin/sh -c
ONBUILD FROM x
ONBUILD --x RUN a
ARG --whatever=1 A
STOPSIGNAL --x 9
HEALTHCHECK --y NONE
EXPOSE
ENV =v
";
    let file = parse(source);
    let found = errors(source, &file);
    assert_eq!(
        found,
        [
            (3, "FROM a b"),
            (3, "COPY --frm=x only"),
            (3, "--frm=x"),
            (3, "RUNN"),
            (3, "USER"),
            (3, "CONNECT"),
            (3, "CMD"),
            (3, "/bin/sh -c"),
            // `ONBUILD FROM x` is rule DL3043's finding, not a syntax error.
            (3, "--x"),
            (3, "EXPOSE"),
            (3, "="),
        ]
    );
    assert!(file.errors[3].message.contains("did you mean RUN?"));
    assert_eq!(file.instructions.len(), 14);
}

#[test]
fn valid_flags_are_not_reported() {
    let source = "FROM --platform=linux/amd64 a\n\
                  RUN --mount=type=cache,target=/x --network=none --security=sandbox a\n\
                  COPY --from=a --chown=1 --chmod=644 --link --parents --exclude=x a b\n\
                  ADD --checksum=sha256:0 --keep-git-dir --unpack --exclude=y a b\n\
                  HEALTHCHECK --interval=1s --timeout=1s --start-period=1s --start-interval=1s --retries=3 CMD x\n";
    let file = parse(source);
    assert!(file.errors.is_empty(), "{:?}", file.errors);
}

#[test]
fn never_panics_on_odd_input() {
    let pieces = [
        "FROM",
        " ",
        "\\",
        "`",
        "\n",
        "\r",
        "\r\n",
        "#",
        "# escape=`",
        "<<",
        "<<-",
        "EOF",
        "'",
        "\"",
        "[",
        "]",
        ",",
        "=",
        "--",
        "--x=",
        "é",
        "\u{feff}",
        "\u{a0}",
        "\t",
        "RUN",
        "ONBUILD",
        "COPY",
        "ENV",
        "ARG",
        "HEALTHCHECK",
        "CMD",
        "{",
        "}",
        "1",
        "\\u",
        "$",
        "${",
        "3<<",
    ];
    // A small deterministic generator (xorshift) so the test needs no dependency.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut source = String::new();
        for _ in 0..(state % 24) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            source.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        let file = parse(&source);
        let _ = buildkit_dump(&file);
        for error in &file.errors {
            assert!(error.span.end as usize <= source.len());
            assert!(
                source.is_char_boundary(error.span.start as usize),
                "{source:?}"
            );
        }
        for instruction in &file.instructions {
            assert!(
                instruction.full_span.end as usize <= source.len(),
                "{source:?}"
            );
            assert!(instruction.span.start <= instruction.span.end, "{source:?}");
        }
    }
}

#[test]
fn hostile_input_stays_fast_and_shallow() {
    let nested = format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(20_000));
    let file = parse(&nested);
    assert_eq!(file.instructions.len(), 2);
    let glued = format!(
        "RUN {}<<{}EOF\nEOF\n",
        "1".repeat(30_000),
        " ".repeat(30_000)
    );
    let file = parse(&glued);
    assert_eq!(file.instructions.len(), 1);
    let deep_json = format!("CMD {}{}\n", "[".repeat(30_000), "]".repeat(30_000));
    assert_eq!(parse(&deep_json).instructions.len(), 1);
}

#[test]
fn flag_values_stage_names_and_heredoc_destinations() {
    let source = "\
FROM a AS 1bad
COPY --link=maybe --from=a --from=b --chown src dst
RUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/b x
COPY <<EOF <<DEST
x
EOF
y
DEST
FROM b AS Good.Name-1
";
    let file = parse(source);
    assert_eq!(
        errors(source, &file),
        [
            (3, "1bad"),
            (3, "maybe"),
            (3, "--from=b"),
            (3, "--chown"),
            (3, "<<DEST"),
        ]
    );
}
