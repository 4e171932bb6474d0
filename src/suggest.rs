//! "Did you mean ...?" support shared by the parser, the configuration and the CLI.

/// Edit distance over characters where inserting, deleting or replacing a
/// character, or swapping two neighbours, counts as one edit (optimal string
/// alignment), so `PAHT` is one edit from `PATH` and `RNU` one from `RUN`.
pub fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    // Three rolling rows: the distances for left[..i-2], left[..i-1], left[..i].
    let mut before_previous: Vec<usize> = vec![0; right.len() + 1];
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    let mut current: Vec<usize> = vec![0; right.len() + 1];
    for (i, &left_char) in left.iter().enumerate() {
        current[0] = i + 1;
        for (j, &right_char) in right.iter().enumerate() {
            let substitution = previous[j] + usize::from(left_char != right_char);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            let swapped = i > 0
                && j > 0
                && left.get(i - 1) == Some(&right_char)
                && right.get(j - 1) == Some(&left_char);
            if swapped {
                best = best.min(before_previous[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        std::mem::swap(&mut before_previous, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("dl3006", "dl3006"), 0);
        assert_eq!(edit_distance("PAHT", "PATH"), 1);
        assert_eq!(edit_distance("form", "from"), 1);
        assert_eq!(edit_distance("ENTRYPIONT", "ENTRYPOINT"), 1);
        assert_eq!(edit_distance("été", "ete"), 2);
    }
}
