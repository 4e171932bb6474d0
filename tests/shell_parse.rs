//! Shell parser: exact ranges, structure, wrappers, `set` options, robustness.

use shipshape::shell::{self, Connector, RedirectOp, Script};

/// Each command's words (raw text), in order.
fn argv(script: &Script, text: &str) -> Vec<Vec<String>> {
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

fn literal_argv(script: &Script, text: &str) -> Vec<Vec<String>> {
    script
        .commands()
        .map(|command| {
            command
                .words
                .iter()
                .map(|word| {
                    word.literal(text)
                        .map_or("<expansion>".to_string(), |value| value.into_owned())
                })
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
