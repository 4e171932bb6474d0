//! Errors are recorded and parsing goes on; nothing panics, overflows the
//! stack or runs in more than linear time, whatever the input.

use shipshape::shell;

use super::argv;

#[test]
fn errors_are_recorded_and_parsing_goes_on() {
    let cases = [
        ("echo 'unterminated && rm -rf /", 1),
        ("echo \"open $(date", 1),
        ("fi; echo ok", 1),
        ("echo a ) ; echo b", 2),
        ("if true; then echo x; done; echo y", 3),
        ("&& echo a", 1),
        ("echo a | | echo b", 2),
        ("case x in a) echo a ;; esac ;; echo b", 2),
    ];
    for (text, min_commands) in cases {
        let script = shell::parse(text);
        assert!(!script.errors.is_empty(), "no error for {text:?}");
        assert!(
            script.commands.len() >= min_commands,
            "{text:?}: {:?}",
            argv(&script, text)
        );
        for error in &script.errors {
            assert!(error.span.end as usize <= text.len());
        }
    }
}

#[test]
fn pathological_inputs_do_not_panic() {
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    let inputs = vec![
        "$(((((".repeat(20_000),
        deep("$(", ")", 100_000),
        deep("(", ")", 100_000),
        deep("\"$(", ")\"", 50_000),
        deep("${x:-", "}", 100_000),
        deep("{ ", "; }", 50_000),
        deep("if a; then ", "; fi", 30_000),
        deep("<(", ")", 100_000),
        deep("$(( $(( ", " )) ))", 50_000),
        deep("((", "))", 50_000),
        deep("sh -c '", "'", 1000),
        "`".repeat(100_001),
        "\\".repeat(100_001),
        "'\"".repeat(50_000),
        "((((((((((((((((((((".to_string(),
        ")))))))))))".to_string(),
        ";;;;&&&&||||||&&".to_string(),
        "<<<<<<>>>>>>&>&>".to_string(),
        "cat <<".to_string(),
        "cat <<EOF\n".to_string(),
        "case".to_string(),
        "for".to_string(),
        "f() ".to_string(),
        "x=(".to_string(),
        "$".to_string(),
        "${".to_string(),
        "$'\\".to_string(),
        "é$(ü)`ö`\"ß\\".to_string(),
        "\u{0}\u{1}\r\n\r".to_string(),
        "a\\\n\\\n".to_string(),
    ];
    for input in inputs {
        // Half of a default thread stack, to keep a margin for callers.
        let handle = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                let script = shell::parse(&input);
                for command in script.commands() {
                    for word in &command.words {
                        let _ = word.literal(&input);
                        assert!(word.span.end as usize <= input.len());
                    }
                }
                let _ = shell::packages::package_invocations(&script, &input);
            })
            .unwrap();
        handle.join().expect("parser panicked or overflowed");
    }
}

#[test]
fn random_inputs_never_panic_and_spans_stay_in_bounds() {
    // Shell-significant pieces, glued at random (a small deterministic LCG).
    const PIECES: [&str; 40] = [
        " ",
        "\n",
        "\t",
        "\\",
        "\\\n",
        "'",
        "\"",
        "`",
        "$",
        "$(",
        "$((",
        "${",
        "}",
        "{",
        "(",
        ")",
        "|",
        "||",
        "&&",
        "&",
        ";",
        ";;",
        "<",
        ">",
        "<<",
        "<<-",
        "EOF",
        "#",
        "=",
        "if",
        "then",
        "fi",
        "do",
        "done",
        "case",
        "in",
        "esac",
        "sh -c",
        "apt-get install",
        "é",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    for _ in 0..20_000 {
        let len = next(24);
        let text: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
        let script = shell::parse(&text);
        let in_bounds =
            |span: shipshape::Span| span.start <= span.end && span.end as usize <= text.len();
        for command in script.commands() {
            assert!(in_bounds(command.span), "{text:?}");
            for word in command
                .words
                .iter()
                .chain(command.assignments.iter().map(|a| &a.value))
            {
                assert!(in_bounds(word.span), "{text:?}");
                let _ = word.literal(&text);
                let _ = word.has_glob(&text);
            }
            let _ = command.effective(&text).name(&text);
            let _ = command.set_options(&text);
        }
        for pipeline in &script.pipelines {
            assert!(in_bounds(pipeline.span), "{text:?}");
            assert!(
                pipeline
                    .commands
                    .iter()
                    .all(|&index| index < script.commands.len())
            );
        }
        for error in &script.errors {
            assert!(in_bounds(error.span), "{text:?}");
        }
        for (index, command) in script.commands().enumerate() {
            assert!(
                (command.pipeline as usize) < script.pipelines.len(),
                "{text:?}"
            );
            assert!(
                command
                    .nesting
                    .shell_wrapper
                    .is_none_or(|wrapper| (wrapper as usize) < index),
                "{text:?}"
            );
            let _ = script.pipefail_at(&text, index);
        }
        for invocation in shell::packages::package_invocations(&script, &text) {
            assert!(
                invocation
                    .packages
                    .iter()
                    .all(|package| in_bounds(package.span)),
                "{text:?}"
            );
            assert!(
                invocation
                    .options
                    .iter()
                    .all(|option| in_bounds(option.span)),
                "{text:?}"
            );
        }
    }
}
