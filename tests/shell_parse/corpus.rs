//! Every RUN script of the real corpus parses, quickly, without panics.

use shipshape::shell;

/// RUN instructions of a Dockerfile, crudely: continuation lines joined
/// (backslash-newline removed, comment lines inside dropped), flags and
/// exec forms skipped.
pub fn crude_run_scripts(dockerfile: &str) -> Vec<String> {
    let mut scripts = Vec::new();
    let mut lines = dockerfile.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.len() < 4 || !trimmed[..4].eq_ignore_ascii_case("RUN ") {
            continue;
        }
        let mut script = String::new();
        let mut current = trimmed[4..].to_string();
        loop {
            let continued = current.trim_end().ends_with('\\');
            if continued {
                let end = current.trim_end().len() - 1;
                current.truncate(end);
            }
            script.push_str(&current);
            if !continued {
                break;
            }
            let mut rest = lines
                .by_ref()
                .filter(|next| !next.trim_start().starts_with('#') && !next.trim().is_empty());
            match rest.next() {
                Some(next) => current = next.to_string(),
                None => break,
            }
        }
        let mut rest = script.trim_start();
        while rest.starts_with("--") {
            rest = rest
                .split_once(' ')
                .map_or("", |(_, after)| after)
                .trim_start();
        }
        if !rest.starts_with('[') {
            scripts.push(rest.to_string());
        }
    }
    scripts
}

#[test]
fn real_corpus_run_lines_parse_without_panics() {
    let corpus = std::path::Path::new("/work/shared/corpus/real");
    let Ok(entries) = std::fs::read_dir(corpus) else {
        eprintln!("corpus not available; skipped");
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    paths.sort();
    let mut scripts = 0;
    let mut with_errors = Vec::new();
    for path in paths.iter().step_by(1) {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for script_text in crude_run_scripts(&text) {
            let started = std::time::Instant::now();
            let script = shell::parse(&script_text);
            let invocations = shell::packages::package_invocations(&script, &script_text);
            for invocation in &invocations {
                for package in &invocation.packages {
                    assert!(package.span.end as usize <= script_text.len());
                }
            }
            assert!(
                started.elapsed().as_secs() < 2,
                "slow parse: {}",
                path.display()
            );
            scripts += 1;
            if !script.errors.is_empty() {
                with_errors.push((
                    path.display().to_string(),
                    script_text.clone(),
                    script.errors.clone(),
                ));
            }
        }
    }
    assert!(scripts > 500, "only {scripts} RUN scripts found");
    // Windows images run PowerShell (with the backquote escape): not shell.
    let looks_like_powershell = |path: &str, text: &str| {
        let path = path.to_ascii_lowercase();
        path.contains("windows")
            || path.contains("nanoserver")
            || ["$env:", "-Host", "Write-", "New-Object", "{{"]
                .iter()
                .any(|marker| text.contains(marker))
            || text.trim_end().ends_with('`')
    };
    let shell_errors: Vec<_> = with_errors
        .iter()
        .filter(|(path, text, _)| !looks_like_powershell(path, text))
        .collect();
    for (path, text, errors) in shell_errors.iter().take(20) {
        eprintln!("{path}\n  {text}\n  {errors:?}");
    }
    eprintln!(
        "{scripts} scripts, {} with parse errors ({} not PowerShell)",
        with_errors.len(),
        shell_errors.len()
    );
    assert!(
        shell_errors.len() * 200 <= scripts,
        "too many parse errors on real shell scripts"
    );
}
