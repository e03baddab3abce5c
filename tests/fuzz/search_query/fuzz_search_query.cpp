// libFuzzer: the search language (notes::parse_query), the snippet built
// from its terms (notes::make_snippet) and the word test the dialects use to
// decide what their full-text index can see. Input: QUERY '\n' TEXT.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "notes/errors.hpp"
#include "notes/search.hpp"
#include "orm/text/utf8.hpp"
#include "orm/text/words.hpp"

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto nl = input.find('\n');
    const auto query = input.substr(0, nl);
    const auto text = nl == std::string_view::npos ? std::string_view{} : input.substr(nl + 1);
    std::vector<orm::SearchTerm> terms;
    try {
        terms = notes::parse_query(query);
    } catch (const notes::Invalid&) {
        // Only a query that is not UTF-8 or has no term is refused (the
        // contract: no syntax errors).
        require(!orm::text::is_valid(query) ||
                query.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos);
        return 0;
    }
    require(!terms.empty());
    for (const auto& t : terms) {
        require(!t.text.empty());
        (void)orm::text::has_word(t.text);
        (void)orm::text::split_words(t.text);
    }
    for (std::size_t width : {std::size_t{1}, std::size_t{20}, std::size_t{100}}) {
        const auto snippet = notes::make_snippet(text, terms, width);
        for (const auto& [from, to] : snippet.marks)
            require(from < to && to <= snippet.text.size() &&
                    orm::text::char_start(snippet.text, from) == from &&
                    orm::text::char_start(snippet.text, to) == to);
    }
    return 0;
}
