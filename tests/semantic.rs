//! The semantic model on real Dockerfile text: stages, scopes, per-instruction
//! state, mounts and shell scripts with exact source spans.

use shipshape::semantic::{EdgeKind, EdgeSource, MountKind, ScriptOrigin, SemanticModel};
use shipshape::syntax;

fn model(source: &str) -> SemanticModel<'_> {
    model_for_target(source, None)
}

fn model_for_target<'a>(source: &'a str, target: Option<&str>) -> SemanticModel<'a> {
    // The model borrows its syntax tree: here the tree lives as long as the test.
    let dockerfile = Box::leak(Box::new(syntax::parse(source)));
    SemanticModel::build(source, dockerfile, target)
}

/// Index of the first instruction whose text starts with `prefix`.
fn at(source: &str, prefix: &str) -> usize {
    syntax::parse(source)
        .instructions
        .iter()
        .position(|instruction| instruction.span.text(source).starts_with(prefix))
        .unwrap_or_else(|| panic!("no instruction starting with {prefix:?}"))
}

/// Each command's argv as the Dockerfile bytes its words map to.
fn argv_in_source(model: &SemanticModel, source: &str, instruction: usize) -> Vec<Vec<String>> {
    model
        .commands(instruction)
        .map(|(script, command)| {
            command
                .words
                .iter()
                .map(|word| script.source_span(word.span).text(source).to_string())
                .collect()
        })
        .collect()
}

#[test]
fn stages_bases_and_global_arg_substitution() {
    let source = "\
ARG BASE=docker.io/library/debian
ARG TAG=12
FROM --platform=$BUILDPLATFORM ${BASE}:${TAG} AS Build
RUN make
FROM build AS test
FROM scratch
COPY --from=BUILD /out /
FROM ghcr.io/acme/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
";
    let model = model(source);
    let stages = model.stages();
    assert_eq!(stages.len(), 4);
    let build = &stages[0];
    assert_eq!(build.name.as_ref().map(|n| n.value.as_str()), Some("build"));
    assert_eq!(
        build.platform.as_ref().map(|p| p.value.as_str()),
        Some("$BUILDPLATFORM")
    );
    let base = build.base.as_ref().unwrap();
    assert_eq!(base.word.text, "${BASE}:${TAG}");
    assert_eq!(
        base.resolved.as_deref(),
        Some("docker.io/library/debian:12")
    );
    assert_eq!(base.registry(), Some("docker.io"));
    assert_eq!(base.path(), Some("library/debian"));
    assert_eq!(base.tag(), Some("12"));
    assert_eq!(base.digest(), None);
    // Substituted: the tag is not spelled in the source.
    assert_eq!(base.tag_span(), None);
    assert_eq!(build.instructions, 2..4);

    assert_eq!(stages[1].parent, Some(0));
    assert!(stages[1].base.as_ref().unwrap().reference.is_none());
    assert!(stages[2].base.as_ref().unwrap().scratch);
    let pinned = stages[3].base.as_ref().unwrap();
    assert_eq!(pinned.registry(), Some("ghcr.io"));
    assert_eq!(pinned.path(), Some("acme/app"));
    assert!(pinned.digest().unwrap().starts_with("sha256:0123"));
    let tagged = model_for_target("FROM node:20-alpine\n", None);
    let tagged = tagged.stages()[0].base.as_ref().unwrap();
    assert_eq!(tagged.tag_span().map(|span| span.range()), Some(10..19));

    assert_eq!(model.stage_by_name("BUILD").map(|s| s.index), Some(0));
    assert_eq!(model.stage_of(at(source, "RUN")).map(|s| s.index), Some(0));
    assert!(model.stage_of(0).is_none());
    assert_eq!(model.ancestors(1), vec![0]);

    let copy = at(source, "COPY");
    assert!(model.edges().contains(&shipshape::semantic::StageEdge {
        stage: 2,
        source: EdgeSource::Stage(0),
        kind: EdgeKind::CopyFrom,
        instruction: copy,
    }));
    assert!(model.is_used(0));
    assert!(!model.is_used(3));
}

#[test]
fn image_stage_and_its_ancestors_are_in_the_image() {
    let source = "\
FROM alpine AS base
FROM base AS build
FROM golang AS tools
FROM build AS final
COPY --from=tools /bin/x /bin/x
FROM alpine AS other
";
    let last = model(source);
    assert_eq!(last.image_stage().map(|s| s.index), Some(4));
    assert!(last.is_in_image(4));
    assert!(!last.is_in_image(3));

    let targeted = model_for_target(source, Some("FINAL"));
    assert!(targeted.target_found());
    assert_eq!(targeted.image_stage().map(|s| s.index), Some(3));
    let in_image: Vec<bool> = (0..5).map(|stage| targeted.is_in_image(stage)).collect();
    // `tools` only feeds a COPY --from: its filesystem is not in the image.
    assert_eq!(in_image, [true, true, false, true, false]);
    assert_eq!(targeted.ancestors(3), vec![1, 0]);

    let missing = model_for_target(source, Some("nope"));
    assert!(!missing.target_found());
    assert_eq!(missing.image_stage().map(|s| s.index), Some(4));
}

#[test]
fn env_is_inherited_and_wins_over_arg() {
    let source = "\
ARG VERSION=1.0
ARG MODE
FROM alpine AS base
ENV APP_HOME=/srv/app PATH_PART=bin
ARG VERSION
ARG LOCAL=x-$VERSION
RUN echo first
FROM base AS child
ENV FULL=$APP_HOME/$PATH_PART OLD=$FULL
ARG LOCAL=override
ENV LOCAL=from-env
RUN echo child
FROM alpine
ARG MODE
RUN echo $APP_HOME
";
    let model = model(source);
    let first_run = at(source, "RUN echo first");
    assert_eq!(model.resolve(first_run, "VERSION"), Some("1.0"));
    assert_eq!(model.resolve(first_run, "LOCAL"), Some("x-1.0"));
    assert_eq!(model.resolve(first_run, "APP_HOME"), Some("/srv/app"));

    let child_run = at(source, "RUN echo child");
    assert_eq!(model.resolve(child_run, "FULL"), Some("/srv/app/bin"));
    // Pairs of one ENV see the environment from before it.
    assert_eq!(model.resolve(child_run, "OLD"), None);
    assert_eq!(model.resolve(child_run, "LOCAL"), Some("from-env"));
    // Inherited from the parent stage.
    assert_eq!(model.resolve(child_run, "VERSION"), Some("1.0"));
    let env: Vec<&str> = model.env_at(child_run).iter().map(|b| &*b.name).collect();
    assert_eq!(env, ["LOCAL", "OLD", "FULL", "PATH_PART", "APP_HOME"]);

    let last_run = at(source, "RUN echo $APP_HOME");
    assert_eq!(model.resolve(last_run, "APP_HOME"), None);
    assert!(model.binding(last_run, "MODE").is_some());
    assert_eq!(model.resolve(last_run, "MODE"), None);
    assert_eq!(model.resolve(last_run, "VERSION"), None);
}

#[test]
fn user_workdir_shell_and_copy_destinations() {
    let source = "\
FROM alpine AS base
ARG APP=/app
WORKDIR $APP
WORKDIR src
USER 1000:1000
COPY a.txt ./
SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]
COPY b.txt ../lib/b.txt
FROM base
ADD c /opt/c/
COPY d .
";
    let model = model(source);
    let copy_a = at(source, "COPY a.txt");
    assert_eq!(
        model.workdir_at(copy_a).and_then(|w| w.value.as_deref()),
        Some("/app/src")
    );
    assert_eq!(
        model.user_at(copy_a).map(|u| u.raw.as_str()),
        Some("1000:1000")
    );
    assert_eq!(model.copy_destination(copy_a), Some("/app/src/"));
    assert_eq!(model.shell_at(copy_a), ["/bin/sh", "-c"]);
    let copy_b = at(source, "COPY b.txt");
    assert_eq!(
        model.shell_at(copy_b),
        ["/bin/bash", "-o", "pipefail", "-c"]
    );
    assert_eq!(model.copy_destination(copy_b), Some("/app/lib/b.txt"));
    // The child stage inherits USER, WORKDIR and SHELL.
    let copy_d = at(source, "COPY d");
    assert_eq!(model.copy_destination(copy_d), Some("/app/src/"));
    assert_eq!(model.copy_destination(at(source, "ADD")), Some("/opt/c/"));
    assert_eq!(model.shell_at(copy_d)[0], "/bin/bash");
    assert_eq!(
        model.final_user(1).and_then(|u| u.value.as_deref()),
        Some("1000:1000")
    );
    // The state at the USER instruction itself is the one before it.
    assert!(model.user_at(at(source, "USER")).is_none());
}

#[test]
fn run_mounts() {
    let source = "\
FROM alpine AS deps
FROM alpine
ARG CACHE=/root/.cache
RUN --mount=type=cache,target=$CACHE/pip,sharing=locked --mount=type=bind,from=deps,source=/x,target=/y \\
    --mount=type=tmpfs,dst=/tmp --mount=type=secret,id=npmrc pip install x
";
    let model = model(source);
    let run = at(source, "RUN");
    let mounts = model.mounts(run);
    let kinds: Vec<MountKind> = mounts.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MountKind::Cache,
            MountKind::Bind,
            MountKind::Tmpfs,
            MountKind::Secret
        ]
    );
    assert_eq!(mounts[0].target.as_deref(), Some("/root/.cache/pip"));
    assert_eq!(mounts[0].sharing.as_deref(), Some("locked"));
    assert!(mounts[0].covers("/root/.cache/pip/wheels"));
    assert_eq!(mounts[1].from.as_deref(), Some("deps"));
    assert_eq!(mounts[3].id.as_deref(), Some("npmrc"));
    assert!(
        mounts
            .iter()
            .any(|m| m.is_cache_or_tmpfs() && m.covers("/tmp/build"))
    );
    assert!(
        mounts[0]
            .span
            .text(source)
            .starts_with("--mount=type=cache")
    );
    assert!(
        model
            .edges()
            .iter()
            .any(|edge| edge.kind == EdgeKind::MountFrom
                && edge.source == EdgeSource::Stage(0)
                && edge.instruction == run)
    );
}

#[test]
fn shell_form_words_map_across_continuations_and_comments() {
    let source = "\
FROM debian
RUN apt-get update \\
# a comment inside the continuation
    && apt-get install -y \\
       curl=8.5.0 \\
    && rm -rf /var/lib/apt/lists/*
";
    let model = model(source);
    let run = at(source, "RUN");
    let scripts = model.scripts(run);
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].origin, ScriptOrigin::ShellForm);
    assert_eq!(
        argv_in_source(&model, source, run),
        [
            vec!["apt-get", "update"],
            vec!["apt-get", "install", "-y", "curl=8.5.0"],
            vec!["rm", "-rf", "/var/lib/apt/lists/*"],
        ]
    );
    let install = scripts[0]
        .packages
        .iter()
        .find(|invocation| invocation.is_subcommand(&["install"]))
        .unwrap();
    let package = &install.packages[0];
    let span = scripts[0].source_span(package.span);
    assert_eq!(span.text(source), "curl=8.5.0");
    assert_eq!(span.start as usize, source.find("curl=8.5.0").unwrap());
}

#[test]
fn heredoc_runs() {
    let source = "\
FROM debian
RUN <<EOF
set -e
apt-get install -y jq
EOF
RUN <<EOF python3
print('apt-get install x')
EOF
RUN <<'EOF'
#!/usr/bin/env python3
import os
EOF
RUN cat <<EOF > /etc/conf && bash <<SCRIPT
apt-get install -y nope
EOF
\techo hi
SCRIPT
RUN <<-EOF
\t\tls -la
\tEOF
";
    let model = model(source);
    let body_run = at(source, "RUN <<EOF");
    let scripts = model.scripts(body_run);
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].origin, ScriptOrigin::Heredoc { index: 0 });
    assert_eq!(
        argv_in_source(&model, source, body_run),
        [vec!["set", "-e"], vec!["apt-get", "install", "-y", "jq"]]
    );
    // The body goes to python3's stdin: only the command line is shell.
    let python = at(source, "RUN <<EOF python3");
    assert_eq!(argv_in_source(&model, source, python), [vec!["python3"]]);
    assert!(model.scripts(at(source, "RUN <<'EOF'")).is_empty());

    let mixed = at(source, "RUN cat");
    let origins: Vec<ScriptOrigin> = model.scripts(mixed).iter().map(|s| s.origin).collect();
    assert_eq!(
        origins,
        [ScriptOrigin::ShellForm, ScriptOrigin::Heredoc { index: 1 }]
    );
    assert_eq!(
        argv_in_source(&model, source, mixed),
        [vec!["cat"], vec!["bash"], vec!["echo", "hi"]]
    );

    let chomped = at(source, "RUN <<-EOF");
    assert_eq!(argv_in_source(&model, source, chomped), [vec!["ls", "-la"]]);
}

#[test]
fn exec_form_and_sh_c() {
    let source = r#"FROM debian
RUN ["/bin/sh", "-c", "apt-get update && apt-get install -y curl"]
RUN ["pip", "install", "requests==2.0", "it's"]
RUN sh -c 'npm ci && npm run build'
CMD ["node", "server.js"]
CMD exec node server.js
ONBUILD RUN npm install \
    left-pad
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
"#;
    let model = model(source);
    let json = at(source, "RUN [\"/bin/sh\"");
    assert_eq!(model.scripts(json)[0].origin, ScriptOrigin::ExecForm);
    assert_eq!(
        argv_in_source(&model, source, json),
        [
            vec![
                "\"/bin/sh\"",
                "\"-c\"",
                "\"apt-get update && apt-get install -y curl\""
            ],
            vec!["apt-get", "update"],
            vec!["apt-get", "install", "-y", "curl"],
        ]
    );
    let pip = at(source, "RUN [\"pip\"");
    assert_eq!(
        argv_in_source(&model, source, pip),
        [vec![
            "\"pip\"",
            "\"install\"",
            "\"requests==2.0\"",
            "\"it's\""
        ]]
    );
    let inner = at(source, "RUN sh -c");
    assert_eq!(
        argv_in_source(&model, source, inner),
        [
            vec!["sh", "-c", "'npm ci && npm run build'"],
            vec!["npm", "ci"],
            vec!["npm", "run", "build"],
        ]
    );
    assert!(model.scripts(at(source, "CMD [")).is_empty());
    assert_eq!(
        argv_in_source(&model, source, at(source, "CMD exec")),
        [vec!["exec", "node", "server.js"]]
    );
    assert_eq!(
        argv_in_source(&model, source, at(source, "ONBUILD")),
        [vec!["npm", "install", "left-pad"]]
    );
    assert_eq!(
        argv_in_source(&model, source, at(source, "HEALTHCHECK")),
        [vec!["curl", "-f", "http://localhost/"], vec!["exit", "1"]]
    );
}

#[test]
fn pipefail_from_shell_or_script() {
    let source = r#"FROM debian
RUN set -o pipefail && curl x | sh
RUN curl x | sh
SHELL ["/bin/bash", "-eux", "-o", "pipefail", "-c"]
RUN curl y | sh
RUN ["bash", "-c", "curl z | sh"]
"#;
    let model = model(source);
    let pipefail_of_curl = |instruction: usize| {
        model
            .commands_indexed(instruction)
            .any(|(script, index, command)| {
                command.words.first().map(|w| w.raw(&script.text)) == Some("curl")
                    && model.pipefail(instruction, script, index)
            })
    };
    assert!(pipefail_of_curl(at(source, "RUN set")));
    assert!(!pipefail_of_curl(at(source, "RUN curl x")));
    assert!(pipefail_of_curl(at(source, "RUN curl y")));
    // Exec form does not run through the SHELL.
    assert!(!pipefail_of_curl(at(source, "RUN [")));
}

#[test]
fn powershell_shell_skips_analysis() {
    let source = r#"FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win
RUN echo before
SHELL ["powershell", "-Command"]
RUN Install-Package foo; apt-get install x
FROM win
RUN also powershell
"#;
    let model = model(source);
    // A Windows base image runs RUN with `cmd /S /C` by default.
    assert!(model.stages()[0].windows);
    assert_eq!(model.shell_at(1), ["cmd", "/S", "/C"]);
    assert!(model.scripts(at(source, "RUN echo")).is_empty());
    let linux = "FROM alpine\nRUN x\nSHELL [\"pwsh\", \"-c\"]\nRUN y\n";
    let linux = model_for_target(linux, None);
    assert!(!linux.stages()[0].windows);
    assert_eq!(linux.scripts(1).len(), 1);
    assert!(linux.scripts(3).is_empty());
    assert!(model.scripts(at(source, "RUN Install")).is_empty());
    assert!(model.scripts(at(source, "RUN also")).is_empty());
}

/// `shared/corpus/<name>`, from `/work/main` or from a worktree.
fn corpus_dir(name: &str) -> Option<std::path::PathBuf> {
    let manifest = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["..", "../.."]
        .iter()
        .map(|up| manifest.join(up).join("shared/corpus").join(name))
        .find(|dir| dir.is_dir())
}

/// On every corpus file, each command word of a shell-form or heredoc script
/// maps back to source bytes spelling the same word (continuations aside).
#[test]
fn corpus_words_map_back_to_their_source_text() {
    let Some(dir) = corpus_dir("real") else {
        return;
    };
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let source = String::from_utf8_lossy(&bytes);
        let dockerfile = syntax::parse(&source);
        let model = SemanticModel::build(&source, &dockerfile, None);
        for index in 0..dockerfile.instructions.len() {
            for (script, command) in model.commands(index) {
                if script.origin == ScriptOrigin::ExecForm {
                    continue;
                }
                for word in &command.words {
                    let span = script.source_span(word.span);
                    assert!(span.end as usize <= source.len());
                    let raw = word.raw(&script.text);
                    let found = source.get(span.range());
                    // A word across continuation lines is checked by exact tests.
                    if found.is_some_and(|text| text.contains('\n')) {
                        continue;
                    }
                    checked += 1;
                    if found != Some(raw) && mismatches.len() < 10 {
                        mismatches.push((
                            entry.file_name(),
                            raw.to_string(),
                            found.map(str::to_string),
                        ));
                    }
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    assert!(checked > 100_000, "{checked}");
}

#[test]
fn global_args_resolve_from_images_with_their_defaults_only() {
    let source = "\
ARG REGISTRY=ghcr.io
ARG IMAGE=${REGISTRY}/acme/app
ARG VERSION
FROM $IMAGE:1.0
ARG LOCAL=x
FROM img:${VERSION}
FROM img:${VERSION:-2}
FROM img:${LOCAL:-3}
FROM \"quoted\"
FROM img${TARGETARCH:+:1}
";
    let model = model(source);
    assert_eq!(model.global_args().len(), 3);
    assert_eq!(model.global_arg_value("IMAGE"), Some("ghcr.io/acme/app"));
    assert_eq!(model.global_arg_value("VERSION"), None);
    assert_eq!(model.global_arg_value("LOCAL"), None);
    let resolved: Vec<Option<&str>> = model
        .stages()
        .iter()
        .map(|stage| stage.base.as_ref().and_then(|b| b.resolved.as_deref()))
        .collect();
    assert_eq!(
        resolved,
        [
            Some("ghcr.io/acme/app:1.0"),
            None,
            Some("img:2"),
            Some("img:3"),
            Some("quoted"),
            None
        ]
    );
    // Before the first FROM, `resolve` sees the global ARGs.
    assert_eq!(model.resolve(1, "REGISTRY"), Some("ghcr.io"));
}

/// A long chain of stages, each reading its parent's ENV, stays fast enough
/// (lookups walk the parent chain, so this is the quadratic worst case).
#[test]
fn long_stage_chains_resolve() {
    let mut source = String::from("FROM alpine AS s0\nENV V0=0\n");
    for index in 1..2000 {
        source.push_str(&format!(
            "FROM s{} AS s{index}\nENV V{index}=${{V{}}}x\n",
            index - 1,
            index - 1
        ));
    }
    let model = model(&source);
    let last = syntax::parse(&source).instructions.len();
    assert_eq!(model.stages().len(), 2000);
    assert_eq!(model.ancestors(1999).len(), 1999);
    let expected = format!("0{}", "x".repeat(1999));
    assert_eq!(model.resolve(last, "V1999"), Some(expected.as_str()));
}
