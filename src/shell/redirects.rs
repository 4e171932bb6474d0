//! Redirections and the heredoc bodies they open, read at the next line break.

use super::ast::{HeredocBody, Nesting, Redirect, RedirectOp};
use super::parser::{Parser, PendingHeredoc, is_word_end};
use crate::span::Span;

impl Parser<'_> {
    /// Whether a redirection starts at the cursor (`<(`/`>(` are words, not redirections).
    pub(super) fn at_redirect(&self) -> bool {
        let mut offset = 0;
        while self
            .peek_at(offset)
            .is_some_and(|byte| byte.is_ascii_digit())
        {
            offset += 1;
        }
        match self.peek_at(offset) {
            Some(b'<' | b'>') => self.peek_at(offset + 1) != Some(b'('),
            Some(b'&') => offset == 0 && self.peek_at(1) == Some(b'>'),
            _ => false,
        }
    }

    /// A redirection at the cursor; `slot` is where a heredoc body will be stored.
    pub(super) fn parse_redirect(
        &mut self,
        nesting: Nesting,
        slot: Option<(usize, usize)>,
    ) -> Redirect {
        let start = self.pos;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.pos += 1;
        }
        let fd = self
            .text
            .get(start..self.pos)
            .and_then(|digits| digits.parse().ok());
        let op_start = self.pos;
        const OPERATORS: [(&str, RedirectOp); 12] = [
            ("&>>", RedirectOp::AppendAll),
            ("&>", RedirectOp::OutputAll),
            ("<<<", RedirectOp::HereString),
            ("<<-", RedirectOp::Heredoc),
            ("<<", RedirectOp::Heredoc),
            ("<>", RedirectOp::ReadWrite),
            ("<&", RedirectOp::DupInput),
            ("<", RedirectOp::Input),
            (">>", RedirectOp::Append),
            (">&", RedirectOp::DupOutput),
            (">|", RedirectOp::Clobber),
            (">", RedirectOp::Output),
        ];
        let (token, op) = OPERATORS
            .iter()
            .find(|(token, _)| self.starts_with(token))
            .copied()
            .unwrap_or(("", RedirectOp::Output));
        self.pos += token.len().max(1);
        let op_span = Span::new(op_start, self.pos);
        self.skip_blanks();
        let target = match self.peek() {
            Some(byte)
                if !is_word_end(byte) || self.starts_with("<(") || self.starts_with(">(") =>
            {
                Some(self.parse_word(nesting))
            }
            _ => {
                self.error(op_span, format!("`{token}` without a target"));
                None
            }
        };
        let heredoc = match (&target, op) {
            (Some(word), RedirectOp::Heredoc) => {
                let delimiter = word
                    .unquote(self.text, true)
                    .map_or_else(|| word.raw(self.text).to_string(), |unquoted| unquoted.text);
                let strip_tabs = token == "<<-";
                self.pending_heredocs.push(PendingHeredoc {
                    delimiter: delimiter.clone(),
                    strip_tabs,
                    expands: !word.is_quoted(),
                    nesting,
                    slot,
                });
                Some(HeredocBody {
                    delimiter,
                    strip_tabs,
                    quoted: word.is_quoted(),
                    body: None,
                    terminator: None,
                })
            }
            _ => None,
        };
        let end = target
            .as_ref()
            .map_or(op_span.end as usize, |word| word.span.end as usize);
        Redirect {
            span: Span::new(start, end),
            op,
            op_span,
            fd,
            target,
            heredoc,
        }
    }

    /// Consumes a line break at the cursor, then the bodies of heredocs opened on that line.
    pub(super) fn newline(&mut self) {
        self.pos += 1;
        let pending = std::mem::take(&mut self.pending_heredocs);
        for heredoc in pending {
            self.read_heredoc_body(heredoc);
        }
    }

    fn read_heredoc_body(&mut self, heredoc: PendingHeredoc) {
        let body_start = self.pos;
        let (body, terminator) = loop {
            let line_start = self.pos;
            if line_start >= self.end {
                self.error(
                    Span::empty_at(line_start),
                    format!("heredoc `{}` is not terminated", heredoc.delimiter),
                );
                break (Span::new(body_start, line_start), None);
            }
            let line_end = self
                .bytes
                .get(line_start..self.end)
                .and_then(|rest| rest.iter().position(|&byte| byte == b'\n'))
                .map_or(self.end, |index| line_start + index);
            let line = self.text.get(line_start..line_end).unwrap_or("");
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = if heredoc.strip_tabs {
                line.trim_start_matches('\t')
            } else {
                line
            };
            self.pos = (line_end + 1).min(self.end);
            if line == heredoc.delimiter {
                break (
                    Span::new(body_start, line_start),
                    Some(Span::new(line_start, line_end)),
                );
            }
        };
        if heredoc.expands {
            self.parse_body_substitutions(body, heredoc.nesting);
        }
        let target = heredoc.slot.and_then(|(command, redirect)| {
            self.commands
                .get_mut(command)?
                .redirects
                .get_mut(redirect)?
                .heredoc
                .as_mut()
        });
        if let Some(target) = target {
            target.body = Some(body);
            target.terminator = terminator;
        }
    }

    /// Finds the commands of `$(...)` and backquotes in an expanded heredoc body.
    fn parse_body_substitutions(&mut self, body: Span, nesting: Nesting) {
        let resume = self.pos;
        let saved_end = self.end;
        self.pos = body.start as usize;
        self.set_end(body.end as usize);
        while let Some(byte) = self.peek() {
            match byte {
                b'\\' => self.pos = (self.pos + 2).min(self.end),
                b'$' => {
                    self.parse_dollar(nesting, true);
                }
                b'`' => {
                    self.parse_backquoted(nesting);
                }
                _ => self.pos += 1,
            }
        }
        self.set_end(saved_end);
        self.pos = resume;
    }
}
