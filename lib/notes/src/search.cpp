#include "notes/search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "notes/errors.hpp"
#include "notes/validate.hpp"
#include "orm/text/utf8.hpp"
#include "orm/text/words.hpp"

namespace notes {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Text folded for matching (orm::text::fold), with the offset in the original
// text where each folded byte came from.
struct Folded {
    std::string text;
    std::vector<std::size_t> origin;  // origin[i]: original offset of text[i]
    std::vector<bool> word_start;     // word_start[i]: text[i] begins a word
    std::vector<bool> in_word;        // in_word[i]: text[i] is part of a word
};

Folded fold(std::string_view text) {
    using orm::text::CharClass;
    Folded out;
    bool in_word = false;
    for (const auto& cp : orm::text::code_points(text)) {
        const auto kind = cp.valid ? orm::text::classify(cp.value) : CharClass::separator;
        const bool starts = kind == CharClass::word && !in_word;
        // A mark belongs to the word it follows; it folds to nothing.
        in_word = kind == CharClass::word || (kind == CharClass::mark && in_word);
        const auto piece = orm::text::fold(cp.value);
        for (std::size_t i = 0; i < piece.size(); ++i) {
            out.text += piece[i];
            out.origin.push_back(cp.offset);
            out.word_start.push_back(i == 0 && starts);
            out.in_word.push_back(in_word);
        }
    }
    out.origin.push_back(text.size());
    return out;
}

// The folded words of a term as the index sees them ("e-mail" → "e", "mail").
std::vector<std::string> words_of(std::string_view term) {
    std::vector<std::string> out;
    for (const auto& word : orm::text::split_words(term))
        out.push_back(orm::text::fold(term.substr(word.offset, word.size)));
    return out;
}

// Where a term with no word in it occurs: byte for byte, as the dialects
// match it (LIKE), on character boundaries.
void literal_hits(std::string_view text, std::string_view term,
                  std::vector<std::pair<std::size_t, std::size_t>>& hits) {
    for (auto pos = text.find(term); pos != std::string_view::npos;
         pos = text.find(term, pos + 1)) {
        const auto end = pos + term.size();
        if (orm::text::char_start(text, pos) == pos && orm::text::char_start(text, end) == end)
            hits.emplace_back(pos, end);
    }
}

// Where the folded words of a term start a word: the whole word is marked.
void word_hits(const Folded& folded, std::string_view word,
               std::vector<std::pair<std::size_t, std::size_t>>& hits) {
    for (auto pos = folded.text.find(word); pos != std::string::npos;
         pos = folded.text.find(word, pos + 1)) {
        if (!folded.word_start[pos]) continue;
        auto end = pos + word.size();
        while (end < folded.text.size() && !folded.word_start[end] && folded.in_word[end])
            ++end;
        hits.emplace_back(folded.origin[pos], folded.origin[end]);
    }
}

}  // namespace

std::vector<orm::SearchTerm> parse_query(std::string_view query) {
    // Every backend then reads the terms the same way (a server would refuse them).
    if (const auto bad = orm::text::first_invalid(query); bad != std::string_view::npos)
        throw Invalid(fmt::format("search query {} is not valid UTF-8 (bad byte at offset {})",
                                  quote_value(query), bad));
    std::vector<orm::SearchTerm> terms;
    std::size_t at = 0;
    while (at < query.size()) {
        if (is_blank(query[at])) {
            ++at;
            continue;
        }
        if (query[at] == '"') {
            const auto close = query.find('"', at + 1);
            if (close != std::string_view::npos) {
                std::string inner(query.substr(at + 1, close - at - 1));
                const auto first = inner.find_first_not_of(" \t\n");
                if (first != std::string::npos) {
                    inner = inner.substr(first, inner.find_last_not_of(" \t\n") - first + 1);
                    // A phrase has words inside: "  sql  " is the one word sql.
                    const bool phrase = inner.find_first_of(" \t\n") != std::string::npos;
                    terms.push_back({std::move(inner), phrase});
                } else {
                    // Quotes around nothing hold no words: they are literal characters.
                    terms.push_back({std::string(query.substr(at, close - at + 1)), false});
                }
                at = close + 1;
                continue;
            }
            // An unmatched quote is an ordinary character.
        }
        auto end = at;
        while (end < query.size() && !is_blank(query[end]))
            ++end;
        terms.push_back({std::string(query.substr(at, end - at)), false});
        at = end;
    }
    if (terms.empty()) throw Invalid("search query must contain at least one word");
    return terms;
}

Snippet make_snippet(std::string_view text, const std::vector<orm::SearchTerm>& terms,
                     std::size_t width) {
    // Matching past the first 64 KiB costs more than an excerpt is worth.
    const auto scope =
        text.substr(0, orm::text::char_start(text, std::min<std::size_t>(text.size(), 65536)));
    const auto folded = fold(scope);
    std::vector<std::pair<std::size_t, std::size_t>> hits;  // original byte ranges
    for (const auto& term : terms) {
        // The dialects' rule: a term with a word in it matches words, any
        // other term matches literally.
        if (!orm::text::has_word(term.text)) {
            literal_hits(scope, term.text, hits);
            continue;
        }
        for (const auto& word : words_of(term.text))
            word_hits(folded, word, hits);
    }
    std::sort(hits.begin(), hits.end());

    // A window of about `width` characters that starts a little before the first hit.
    const std::size_t lead = width / 4;
    std::size_t begin = hits.empty() ? 0 : hits.front().first;
    for (std::size_t n = 0; n < lead && begin > 0; ++n)
        begin = orm::text::char_start(text, begin - 1);
    const std::size_t end = orm::text::advance(text, begin, width);

    Snippet out;
    if (begin > 0) out.text = "…";
    for (std::size_t i = begin; i < end; ++i) {
        for (const auto& [from, to] : hits) {
            if (from == i && to <= end)
                out.marks.emplace_back(out.text.size(), out.text.size() + (to - from));
        }
        const char c = text[i];
        out.text += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    if (end < text.size()) out.text += "…";
    return out;
}

}  // namespace notes
