#pragma once
// Words, for full-text search and for marking what a search found: one
// classifier and one folding, so that the dialects and the snippet
// highlighter agree on what a word is and when two words match.
//
// A word is a run of letters (L*) and numbers (N*). Combining marks (M*)
// belong to the word they follow; after a separator they are part of the
// separator. Everything else separates words, invalid UTF-8 included.
// MariaDB's and PostgreSQL's indexes see words the same way. SQLite's
// unicode61 tokenizer differs at the edges (spacing and enclosing marks, Mc
// and Me, split its words; private-use characters are letters to it), and
// InnoDB keeps '_' inside words (the MySQL dialect widens the classifier).
//
// Matching ignores case, accents and compatibility forms: both sides are
// folded and then compared.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace orm::text {

enum class CharClass { word, mark, separator };

CharClass classify(char32_t cp);

inline bool is_word_char(char32_t cp) {
    return classify(cp) == CharClass::word;
}

// True when `text` holds a word character. A search term without one
// (punctuation, emoji) is matched literally, byte for byte.
bool has_word(std::string_view text);

// One word of a text: its bytes, its marks included.
struct Word {
    std::size_t offset, size;
};

// The words of `text`, in order; `classifier` lets a dialect widen the rules.
using Classifier = CharClass (*)(char32_t);
std::vector<Word> split_words(std::string_view text, Classifier classifier = classify);

// The form of a code point for matching: compatibility-decomposed, case
// folded, marks removed, composed again (NFKC_Casefold without marks):
// "É" -> "e", "ß" -> "ss", "ﬁ" -> "fi", "Ａ" -> "a", a combining mark -> "".
std::string fold(char32_t cp);
// `text` folded code point by code point (an invalid unit folds to U+FFFD).
std::string fold(std::string_view text);

}  // namespace orm::text
