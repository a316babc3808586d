/// The edit distance between two strings, in characters: insertions, deletions, substitutions
/// and swaps of two neighbours each count one (the optimal string alignment distance), so
/// `trian` is one edit from `train`.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = Array(repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo
/// (at most a third of the word's length away, and at least one edit allowed).
func closestMatch(to word: String, among candidates: some Sequence<String>) -> String? {
    let allowed = max(1, word.count / 3)
    var best: (candidate: String, distance: Int)?
    for candidate in candidates where candidate != word {
        let distance = editDistance(word.lowercased(), candidate.lowercased())
        if distance <= allowed, distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.candidate
}

/// `did you mean `x`?` for the closest candidate, or `nil`.
func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String? {
    closestMatch(to: word, among: candidates).map { "did you mean `\($0)`?" }
}
