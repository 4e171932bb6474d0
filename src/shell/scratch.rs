//! The parser's working stacks, reused from one script to the next on a thread.

use std::cell::Cell;

use super::ast::{Word, WordPart};

/// Stacks a parse grows and empties again. Each parse takes them (empty,
/// with the capacity earlier parses gave them) and gives them back, instead
/// of allocating them for every script.
#[derive(Default)]
pub(super) struct Scratch {
    pub nested_words: Vec<Word>,
    pub part_stack: Vec<WordPart>,
}

thread_local! {
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

impl Scratch {
    /// The stacks the last parse on this thread gave back (new ones while a
    /// parse is under way: an `sh -c` script is parsed inside its outer
    /// script's parse, and while the thread shuts down).
    pub fn take() -> Scratch {
        SCRATCH.try_with(Cell::take).unwrap_or_default()
    }

    /// Empties the stacks and keeps them for the next parse on this thread.
    pub fn give_back(mut self) {
        self.nested_words.clear();
        self.part_stack.clear();
        // Fails only while the thread shuts down: the stacks are then dropped.
        let _ = SCRATCH.try_with(|scratch| scratch.set(self));
    }
}
