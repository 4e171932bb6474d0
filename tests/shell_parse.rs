//! Shell parser: exact ranges, structure, wrappers, `set` options, robustness.

use shipshape::shell::{self, Connector, RedirectOp, Script};

#[path = "shell_parse/corpus.rs"]
mod corpus;
#[path = "shell_parse/packages.rs"]
mod packages;
#[path = "shell_parse/robustness.rs"]
mod robustness;

/// Each command's words (raw text), in order.
pub fn argv(script: &Script, text: &str) -> Vec<Vec<String>> {
    script
        .commands()
        .map(|command| {
            command
                .words
                .iter()
                .map(|word| word.raw(text).to_string())
                .collect()
        })
        .collect()
}

#[test]
fn simple_list_and_pipeline() {
    let text = "apt-get update && apt-get install -y curl | tee log; echo done";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    assert_eq!(
        argv(&script, text),
        vec![
            vec!["apt-get", "update"],
            vec!["apt-get", "install", "-y", "curl"],
            vec!["tee", "log"],
            vec!["echo", "done"],
        ]
    );
    let connectors: Vec<_> = script.commands().map(|command| command.connector).collect();
    assert_eq!(
        connectors,
        vec![
            None,
            Some(Connector::And),
            Some(Connector::Pipe),
            Some(Connector::Semicolon)
        ]
    );
    let install = &script.commands[1];
    assert_eq!((install.index_in_pipeline, install.pipeline_len), (0, 2));
    assert_eq!(script.commands[2].index_in_pipeline, 1);
    assert!(script.has_pipe());
    assert_eq!(install.span.text(text), "apt-get install -y curl");
}

/// The text of a span.
fn at(text: &str, span: shipshape::Span) -> &str {
    span.text(text)
}

#[test]
fn word_ranges_with_quotes_escapes_and_continuations() {
    let text = "echo \"a b\"'c' d\\ e x\\\ny $'t\\n' \"$(date)\"";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let echo = &script.commands[0];
    let raw: Vec<_> = echo.words.iter().map(|word| word.raw(text)).collect();
    assert_eq!(
        raw,
        vec![
            "echo",
            "\"a b\"'c'",
            "d\\ e",
            "x\\\ny",
            "$'t\\n'",
            "\"$(date)\""
        ]
    );
    let values: Vec<_> = echo
        .words
        .iter()
        .map(|word| word.literal(text).map(|v| v.into_owned()))
        .collect();
    assert_eq!(
        values,
        vec![
            Some("echo".to_string()),
            Some("a bc".to_string()),
            Some("d e".to_string()),
            Some("xy".to_string()),
            Some("t\n".to_string()),
            None,
        ]
    );
    // The nested command is found, flagged, with its exact range.
    let date = &script.commands[1];
    assert_eq!(at(text, date.span), "date");
    assert!(date.nesting.in_substitution);
    assert!(!echo.nesting.in_substitution);
}

#[test]
fn crlf_continuations_join_words_and_commands() {
    let text = "apt-get install -y \\\r\n    curl \\\r\n && x\\\r\ny \"a\\\r\nb\"";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    assert_eq!(
        literal_argv_of(&script, text),
        vec![vec!["apt-get", "install", "-y", "curl"], vec!["xy", "ab"]]
    );
}

fn literal_argv_of(script: &Script, text: &str) -> Vec<Vec<String>> {
    script
        .commands()
        .map(|command| {
            command
                .words
                .iter()
                .map(|word| word.literal(text).unwrap_or_default().into_owned())
                .collect()
        })
        .collect()
}

#[test]
fn literal_rules() {
    let text = "x \"foo\"bar $X \"${X}\" 'a'\"b\" *.txt \"*.txt\"";
    let script = shell::parse(text);
    let words = &script.commands[0].words;
    assert_eq!(words[1].literal(text).as_deref(), Some("foobar"));
    assert_eq!(words[2].literal(text), None);
    assert_eq!(words[3].literal(text), None);
    assert!(words[3].has_expansion());
    assert_eq!(words[4].literal(text).as_deref(), Some("ab"));
    assert!(words[5].has_glob(text));
    assert!(!words[6].has_glob(text));
    assert!(words[6].is_quoted());
}

#[test]
fn assignments_and_env_prefix() {
    let text = "DEBIAN_FRONTEND=noninteractive A+=x B= apt-get install -y curl";
    let script = shell::parse(text);
    let command = &script.commands[0];
    let names: Vec<_> = command
        .assignments
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, vec!["DEBIAN_FRONTEND", "A", "B"]);
    assert_eq!(
        at(text, command.assignments[0].value.span),
        "noninteractive"
    );
    assert_eq!(
        command.assignments[0].value.literal(text).as_deref(),
        Some("noninteractive")
    );
    assert!(command.assignments[1].append);
    assert_eq!(
        command.assignments[2].value.literal(text).as_deref(),
        Some("")
    );
    assert_eq!(command.name(text).as_deref(), Some("apt-get"));
    assert_eq!(command.args().len(), 3);
    // After the command name, `x=y` is an argument.
    let text = "make CC=gcc";
    let script = shell::parse(text);
    assert!(script.commands[0].assignments.is_empty());
    assert_eq!(script.commands[0].words.len(), 2);
    // Arrays.
    let text = "pkgs=(a b \"c d\") && echo ${pkgs[@]}";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    assert_eq!(
        at(text, script.commands[0].assignments[0].value.span),
        "(a b \"c d\")"
    );
    assert_eq!(script.commands[1].name(text).as_deref(), Some("echo"));
}

#[test]
fn redirections() {
    let text = "make >out.log 2>&1 </dev/null &>all 3>>app cat <<<\"here\"";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let command = &script.commands[0];
    let ops: Vec<_> = command.redirects.iter().map(|r| (r.op, r.fd)).collect();
    assert_eq!(
        ops,
        vec![
            (RedirectOp::Output, None),
            (RedirectOp::DupOutput, Some(2)),
            (RedirectOp::Input, None),
            (RedirectOp::OutputAll, None),
            (RedirectOp::Append, Some(3)),
            (RedirectOp::HereString, None),
        ]
    );
    let targets: Vec<_> = command
        .redirects
        .iter()
        .map(|r| r.target.as_ref().map(|w| w.raw(text)).unwrap_or(""))
        .collect();
    assert_eq!(
        targets,
        vec!["out.log", "1", "/dev/null", "all", "app", "\"here\""]
    );
    assert_eq!(at(text, command.redirects[1].span), "2>&1");
    let argv: Vec<_> = command.words.iter().map(|w| w.raw(text)).collect();
    assert_eq!(argv, vec!["make", "cat"]);
}

#[test]
fn heredoc_bodies_inside_the_script() {
    let text = "cat <<EOF >/etc/x && echo after\nline $HOME\nEOF\ncat <<-'END' | sh\n\techo in\n\tEND\necho last";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let names: Vec<_> = script
        .commands()
        .map(|c| c.name(text).unwrap_or_default().into_owned())
        .collect();
    assert_eq!(names, vec!["cat", "echo", "cat", "sh", "echo"]);
    let heredoc = script.commands[0].redirects[0].heredoc.as_ref().unwrap();
    assert_eq!(heredoc.delimiter, "EOF");
    assert!(!heredoc.quoted);
    assert_eq!(at(text, heredoc.body.unwrap()), "line $HOME\n");
    assert_eq!(at(text, heredoc.terminator.unwrap()), "EOF");
    let second = script.commands[2].redirects[0].heredoc.as_ref().unwrap();
    assert!(second.quoted && second.strip_tabs);
    assert_eq!(second.delimiter, "END");
    assert_eq!(at(text, second.body.unwrap()), "\techo in\n");
    // Substitutions in an expanded body run; in a quoted one they are text.
    let text = "cat <<EOF\nv=$(uname -m)\nEOF\ncat <<'EOF'\n$(not run)\nEOF";
    let script = shell::parse(text);
    let found: Vec<_> = script
        .commands()
        .map(|c| (at(text, c.span), c.nesting.in_substitution))
        .collect();
    assert_eq!(
        found,
        vec![
            ("cat <<EOF", false),
            ("uname -m", true),
            ("cat <<'EOF'", false)
        ]
    );
    // A Dockerfile heredoc: the body is not in the script, which is fine.
    let text = "cat <<EOF > /app/run.sh";
    let script = shell::parse(text);
    assert!(script.errors.is_empty());
    assert_eq!(
        script.commands[0].redirects[0]
            .heredoc
            .as_ref()
            .unwrap()
            .body,
        None
    );
    // An unterminated body inside the script is an error, and nothing is lost.
    let text = "cat <<EOF\nbody\n";
    let script = shell::parse(text);
    assert_eq!(script.errors.len(), 1);
    assert_eq!(script.commands.len(), 1);
}

#[test]
fn nested_substitutions_backquotes_and_process_substitution() {
    let text = "echo \"$(dirname \"$(readlink -f `which python`)\")\" && diff <(ls a) >(tee b) ${X:-$(id -u)}";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let found: Vec<_> = script
        .commands()
        .map(|c| (at(text, c.span), c.nesting.in_substitution))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "echo \"$(dirname \"$(readlink -f `which python`)\")\"",
                false
            ),
            ("dirname \"$(readlink -f `which python`)\"", true),
            ("readlink -f `which python`", true),
            ("which python", true),
            ("diff <(ls a) >(tee b) ${X:-$(id -u)}", false),
            ("ls a", true),
            ("tee b", true),
            ("id -u", true),
        ]
    );
    // Arithmetic is not a command substitution, but substitutions inside it run.
    let text = "make -j$(( $(nproc) + 1 )) && for ((i = `seq 1`; i < 3; i++)); do x; done";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    assert_eq!(
        argv(&script, text),
        vec![
            vec!["make", "-j$(( $(nproc) + 1 ))"],
            vec!["nproc"],
            vec!["seq", "1"],
            vec!["x"]
        ]
    );
    let text = "echo $((1 + (2 * 3))) $[4+5] done";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    assert_eq!(script.commands.len(), 1);
    assert_eq!(script.commands[0].words.len(), 4);
}

#[test]
fn compound_commands_find_inner_commands() {
    let text = "if [ -f a ]; then rm a; elif test -d b; then rmdir b; else touch c; fi && \
for f in $(ls); do echo \"$f\"; done; while read l; do :; done < file | sort; \
case \"$x\" in a|b) one ;; (c) two;; *) three ;; esac; { grp; } > log; ( sub ) ; \
f() { body; }; function g { gbody; }; until false; do x; done; [[ -n $a && -z $b ]] && ok";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let names: Vec<_> = script
        .commands()
        .map(|c| c.name(text).unwrap_or_default().into_owned())
        .collect();
    assert_eq!(
        names,
        vec![
            "[", "rm", "test", "rmdir", "touch", "ls", "echo", "read", ":", "sort", "one", "two",
            "three", "grp", "sub", "body", "gbody", "false", "x", "[[", "ok",
        ]
    );
    let sub = script
        .commands()
        .find(|c| c.name(text).as_deref() == Some("sub"))
        .unwrap();
    assert!(sub.nesting.in_subshell);
    let sort = script
        .commands()
        .find(|c| c.name(text).as_deref() == Some("sort"))
        .unwrap();
    assert_eq!((sort.index_in_pipeline, sort.pipeline_len), (1, 2));
    let test = script
        .commands()
        .find(|c| c.name(text).as_deref() == Some("[["))
        .unwrap();
    assert_eq!(test.words.last().unwrap().raw(text), "]]");
}

#[test]
fn negation_background_and_connectors() {
    let text = "! grep -q x f || echo missing & sleep 1\nnext |& cat";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let summary: Vec<_> = script
        .commands()
        .map(|c| (c.connector, c.negated))
        .collect();
    assert_eq!(
        summary,
        vec![
            (None, true),
            (Some(Connector::Or), false),
            (Some(Connector::Background), false),
            (Some(Connector::Newline), false),
            (Some(Connector::PipeStderr), false),
        ]
    );
    assert!(script.pipelines[0].negated);
}

#[test]
fn comments_are_skipped() {
    let text = "# leading\napt-get update # trailing && rm x\necho a#b";
    let script = shell::parse(text);
    assert_eq!(
        argv(&script, text),
        vec![vec!["apt-get", "update"], vec!["echo", "a#b"]]
    );
}

#[test]
fn set_options_and_pipefail() {
    let text = "set -euxo pipefail && curl x | sh";
    let script = shell::parse(text);
    let options: Vec<_> = script.commands[0]
        .set_options(text)
        .into_iter()
        .map(|o| (o.name, o.enabled))
        .collect();
    assert_eq!(
        options,
        vec![
            ("errexit".to_string(), true),
            ("nounset".to_string(), true),
            ("xtrace".to_string(), true),
            ("pipefail".to_string(), true),
        ]
    );
    assert!(script.sets_pipefail(text));
    assert!(script.pipefail_at(text, 1));
    assert!(!script.pipefail_at(text, 0));

    let text = "curl x | sh; set -o pipefail; a | b; set +o pipefail; c | d";
    let script = shell::parse(text);
    let pipefail: Vec<_> = (0..script.commands.len())
        .map(|i| script.pipefail_at(text, i))
        .collect();
    assert_eq!(
        pipefail,
        vec![false, false, false, true, true, true, false, false]
    );

    // A set in a subshell does not leak out, even into another subshell.
    let text = "(set -o pipefail); a | b; (c | d)";
    let script = shell::parse(text);
    let pipefail: Vec<_> = (0..script.commands.len())
        .map(|i| script.pipefail_at(text, i))
        .collect();
    assert_eq!(pipefail, vec![false; 5]);
    // A top-level set is inherited by subshells and substitutions, not by a new `sh -c`.
    let text = "set -o pipefail; (c | d); x=$(e | f); sh -c 'g | h'";
    let script = shell::parse(text);
    let pipefail: Vec<_> = (0..script.commands.len())
        .map(|i| script.pipefail_at(text, i))
        .collect();
    assert_eq!(
        pipefail,
        vec![false, true, true, true, true, true, true, false, false]
    );
    // The shell's own options apply to its -c script.
    let text =
        "bash -eo pipefail -c 'a | b' && sh -c 'c | d' && bash --login -o pipefail -xc 'e | f'";
    let script = shell::parse(text);
    let pipefail: Vec<_> = (0..script.commands.len())
        .map(|i| script.pipefail_at(text, i))
        .collect();
    assert_eq!(
        pipefail,
        vec![false, true, true, false, false, false, false, true, true]
    );
    let options: Vec<_> = shell::shell_c_options(&script.commands[0], text)
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(options, vec!["errexit", "pipefail"]);
    let text = "set -e -o pipefail";
    let script = shell::parse(text);
    assert!(script.sets_pipefail(text));
}

#[test]
fn wrappers_give_the_effective_command() {
    let cases = [
        ("sudo -u root -E apt-get install x", "apt-get", 2),
        (
            "env DEBIAN_FRONTEND=noninteractive -u X apt-get update",
            "apt-get",
            1,
        ),
        ("nohup nice -n 10 /usr/bin/python3 app.py", "python3", 1),
        ("time exec command -p ls -la", "ls", 1),
        ("timeout -s KILL 30 curl http://x", "curl", 1),
        ("xargs -n1 -I{} rm {}", "rm", 1),
        ("sudo -- sh -c 'x'", "sh", 2),
        ("gosu app:app ./run", "./run", 0),
    ];
    for (text, expected, arg_count) in cases {
        let script = shell::parse(text);
        let command = &script.commands[0];
        let effective = command.effective(text);
        assert_eq!(
            effective.name(text).as_deref(),
            Some(expected.trim_start_matches("./")),
            "{text}"
        );
        if expected.starts_with("./") {
            assert_eq!(effective.name_word().unwrap().raw(text), expected);
        }
        assert_eq!(effective.args().len(), arg_count, "{text}");
        assert!(effective.is_wrapped());
    }
    let text = "command -v apt-get";
    let script = shell::parse(text);
    assert_eq!(script.commands[0].effective(text).name(text), None);
    let text = "/usr/bin/apt-get install x";
    let script = shell::parse(text);
    assert_eq!(script.commands[0].name(text).as_deref(), Some("apt-get"));
    assert_eq!(
        script.commands[0].name_word().unwrap().raw(text),
        "/usr/bin/apt-get"
    );
    assert!(!script.commands[0].effective(text).is_wrapped());
}

#[test]
fn shell_c_scripts_are_parsed_with_mapped_ranges() {
    let text = "bash -lc 'apt-get update && apt-get install -y curl' && sh -c \"echo \\\"hi there\\\" | grep hi\"";
    let script = shell::parse(text);
    assert!(script.errors.is_empty(), "{:?}", script.errors);
    let found: Vec<_> = script
        .commands()
        .map(|c| (at(text, c.span), c.nesting.shell_wrapper))
        .collect();
    assert_eq!(
        found,
        vec![
            ("bash -lc 'apt-get update && apt-get install -y curl'", None),
            ("apt-get update", Some(0)),
            ("apt-get install -y curl", Some(0)),
            ("sh -c \"echo \\\"hi there\\\" | grep hi\"", None),
            ("echo \\\"hi there\\\"", Some(3)),
            ("grep hi", Some(3)),
        ]
    );
    let echo = &script.commands[4];
    assert_eq!(echo.words[1].raw(text), "\\\"hi there\\\"");
    assert_eq!(echo.words[1].literal(text).as_deref(), Some("hi there"));
    assert_eq!(echo.pipeline_len, 2);
    assert!(script.has_pipe());

    // Parameters stay as unknown values in the inner script; options before -c are skipped.
    let text = "sudo bash -o pipefail -c \"pip install $PKG\"";
    let script = shell::parse(text);
    assert_eq!(script.commands.len(), 2);
    let pip = &script.commands[1];
    assert_eq!(at(text, pip.span), "pip install $PKG");
    assert_eq!(pip.words[2].literal(text), None);
    // Without -c, a script file is run: nothing to unwrap.
    let text = "bash install.sh";
    assert_eq!(shell::parse(text).commands.len(), 1);
    let text = "su postgres -c \"psql -c 'select 1'\"";
    let script = shell::parse(text);
    assert_eq!(script.commands[1].name(text).as_deref(), Some("psql"));
    assert_eq!(at(text, script.commands[1].span), "psql -c 'select 1'");
    // Nested wrappers.
    let text = "sh -c 'bash -c \"ls /\"'";
    let script = shell::parse(text);
    let found: Vec<_> = script
        .commands()
        .map(|c| (at(text, c.span), c.nesting.shell_wrapper))
        .collect();
    assert_eq!(
        found,
        vec![
            ("sh -c 'bash -c \"ls /\"'", None),
            ("bash -c \"ls /\"", Some(0)),
            ("ls /", Some(1))
        ]
    );
}

#[test]
fn ranges_map_to_the_dockerfile_source() {
    use shipshape::syntax::LogicalLine;
    // `RUN apt-get install \\\n    curl`: the joined line has two pieces.
    let source = "RUN apt-get install \\\n    curl";
    let mut line = LogicalLine::default();
    line.push_piece("RUN apt-get install ", 0);
    line.push_piece("    curl", 22);
    let script_start = 4;
    let text = &line.text[script_start..];
    let script = shell::parse(text);
    let curl = script.commands[0].words.last().unwrap();
    assert_eq!(
        shell::source_span(&line, script_start, curl.span).text(source),
        "curl"
    );
    let whole = shell::source_span(&line, script_start, script.commands[0].span);
    assert_eq!(whole.text(source), "apt-get install \\\n    curl");
}
