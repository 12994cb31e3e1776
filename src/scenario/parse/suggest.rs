/// The candidate closest to `typo` by edit distance (adjacent swaps count
/// once), if close enough to be a plausible misspelling.
pub(crate) fn closest<'c>(typo: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let limit = (typo.chars().count() + 1) / 3;
    candidates
        .iter()
        .map(|c| (distance(typo, c), *c))
        .filter(|(d, _)| *d <= limit.max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

pub(crate) fn did_you_mean(typo: &str, candidates: &[&str]) -> Option<String> {
    closest(typo, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Optimal-string-alignment distance.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// "a", "a or b", "a, b or c": for messages listing what was expected.
pub(crate) fn one_of(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|i| format!("`{i}`")).collect();
            format!("{} or `{last}`", init.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            closest("dificulty", &["difficulty", "title"]),
            Some("difficulty")
        );
        assert_eq!(closest("titel", &["difficulty", "title"]), Some("title"));
        assert_eq!(closest("zzz", &["difficulty", "title"]), None);
    }
}
