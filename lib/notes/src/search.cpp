#include "notes/search.hpp"

#include <utf8proc.h>

#include <algorithm>

#include "notes/errors.hpp"

namespace notes {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_word(utf8proc_int32_t cp) {
    switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL:
        case UTF8PROC_CATEGORY_NO:
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
            return true;
        default:
            return false;
    }
}

// Text folded for matching (case and accents removed), with the offset in the
// original text where each folded byte came from.
struct Folded {
    std::string text;
    std::vector<std::size_t> origin;  // origin[i]: original offset of text[i]
    std::vector<bool> word_start;     // word_start[i]: text[i] begins a word
    std::vector<bool> in_word;        // in_word[i]: text[i] is part of a word
};

Folded fold(std::string_view text) {
    Folded out;
    std::size_t at = 0;
    bool previous_word = false;
    while (at < text.size()) {
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                                  static_cast<utf8proc_ssize_t>(text.size() - at), &cp);
        if (n <= 0) {  // not expected (text is validated); step over the byte
            n = 1;
            cp = 0xFFFD;
        }
        const bool word = is_word(cp);
        utf8proc_uint8_t* mapped = nullptr;
        utf8proc_uint8_t buffer[4];
        const auto len = utf8proc_encode_char(cp, buffer);
        const auto m =
            utf8proc_map(buffer, len, &mapped,
                         static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE |
                                                        UTF8PROC_STRIPMARK));
        const std::string_view piece =
            m >= 0 ? std::string_view(reinterpret_cast<char*>(mapped), static_cast<std::size_t>(m))
                   : std::string_view(text.data() + at, static_cast<std::size_t>(n));
        for (std::size_t i = 0; i < piece.size(); ++i) {
            out.text += piece[i];
            out.origin.push_back(at);
            out.word_start.push_back(i == 0 && word && !previous_word);
            out.in_word.push_back(word);
        }
        std::free(mapped);
        previous_word = word;
        at += static_cast<std::size_t>(n);
    }
    out.origin.push_back(text.size());
    return out;
}

// The words of a term as the index sees them ("e-mail" → "e", "mail"), folded.
std::vector<std::string> words_of(std::string_view term) {
    const auto folded = fold(term);
    std::vector<std::string> out;
    std::string current;
    std::size_t at = 0;
    while (at < folded.text.size()) {
        utf8proc_int32_t cp = 0;
        auto n =
            utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(folded.text.data() + at),
                             static_cast<utf8proc_ssize_t>(folded.text.size() - at), &cp);
        if (n <= 0) n = 1;
        if (is_word(cp)) {
            current.append(folded.text, at, static_cast<std::size_t>(n));
        } else if (!current.empty()) {
            out.push_back(std::move(current));
            current.clear();
        }
        at += static_cast<std::size_t>(n);
    }
    if (!current.empty()) out.push_back(std::move(current));
    if (out.empty() && !folded.text.empty()) out.push_back(folded.text);  // punctuation term
    return out;
}

bool starts_with_word(std::string_view text) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &cp);
    return n > 0 && is_word(cp);
}

std::size_t back_to_char(std::string_view text, std::size_t at) {
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
        --at;
    return at;
}

}  // namespace

std::vector<orm::SearchTerm> parse_query(std::string_view query) {
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
        text.substr(0, back_to_char(text, std::min<std::size_t>(text.size(), 65536)));
    const auto folded = fold(scope);
    std::vector<std::pair<std::size_t, std::size_t>> hits;  // original byte ranges
    for (const auto& term : terms) {
        for (const auto& word : words_of(term.text)) {
            for (auto pos = folded.text.find(word); pos != std::string::npos;
                 pos = folded.text.find(word, pos + 1)) {
                const bool punctuation = !starts_with_word(word);
                if (!punctuation && !folded.word_start[pos]) continue;
                auto end = pos + word.size();
                // Mark the whole word that the prefix starts.
                while (end < folded.text.size() && !folded.word_start[end] && folded.in_word[end])
                    ++end;
                hits.emplace_back(folded.origin[pos], folded.origin[end]);
            }
        }
    }
    std::sort(hits.begin(), hits.end());

    // A window of about `width` characters that starts a little before the first hit.
    const std::size_t lead = width / 4;
    std::size_t begin = hits.empty() ? 0 : hits.front().first;
    for (std::size_t n = 0; n < lead && begin > 0; ++n)
        begin = back_to_char(text, begin - 1);
    std::size_t end = begin;
    for (std::size_t n = 0; n < width && end < text.size(); ++n) {
        ++end;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            ++end;
    }

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
