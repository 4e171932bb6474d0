//! Reporters: turn diagnostics into human or machine output.
