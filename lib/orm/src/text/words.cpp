#include "orm/text/words.hpp"

#include <utf8proc.h>

#include <cstdlib>

#include "orm/text/utf8.hpp"

namespace orm::text {

CharClass classify(char32_t cp) {
    if (cp < 0x80) {
        const bool alnum =
            (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
        return alnum ? CharClass::word : CharClass::separator;
    }
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL:
        case UTF8PROC_CATEGORY_NO:
            return CharClass::word;
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
        case UTF8PROC_CATEGORY_ME:
            return CharClass::mark;
        default:
            return CharClass::separator;
    }
}

bool has_word(std::string_view text) {
    for (const auto& cp : code_points(text))
        if (cp.valid && is_word_char(cp.value)) return true;
    return false;
}

std::vector<Word> split_words(std::string_view text, Classifier classifier) {
    std::vector<Word> words;
    bool in_word = false;
    for (const auto& cp : code_points(text)) {
        const auto kind = cp.valid ? classifier(cp.value) : CharClass::separator;
        if (kind == CharClass::word && !in_word) words.push_back({cp.offset, 0});
        if (kind == CharClass::word || (kind == CharClass::mark && in_word)) {
            words.back().size = cp.offset + cp.size - words.back().offset;
            in_word = true;
        } else {
            in_word = false;
        }
    }
    return words;
}

std::string fold(char32_t cp) {
    if (cp < 0x80) {
        const auto c = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
        return std::string(1, c);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = replacement_character;
    std::string in;
    append(in, cp);
    utf8proc_uint8_t* mapped = nullptr;
    const auto n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(in.data()),
                     static_cast<utf8proc_ssize_t>(in.size()), &mapped,
                     static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                                    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK));
    // utf8proc refuses only what it cannot map (unassigned in its tables): kept as is.
    std::string out =
        n >= 0 ? std::string(reinterpret_cast<char*>(mapped), static_cast<std::size_t>(n)) : in;
    std::free(mapped);
    return out;
}

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const auto& cp : code_points(text))
        out += fold(cp.value);
    return out;
}

}  // namespace orm::text
