#pragma once
// The search language of the contract: words are terms (matched as a word or
// the start of one), "double-quoted words" are a phrase, every other
// character is literal. Results carry a snippet around the first match.
#include <string_view>
#include <vector>

#include "notes/notebook.hpp"
#include "orm/dialect/dialect.hpp"

namespace notes {

// Splits a query into terms; throws Invalid when it is not valid UTF-8 or
// holds no term at all.
std::vector<orm::SearchTerm> parse_query(std::string_view query);

// An excerpt of about `width` characters around the first match of `terms`
// in `text` (or its start), on one line, with the matched words marked.
Snippet make_snippet(std::string_view text, const std::vector<orm::SearchTerm>& terms,
                     std::size_t width = 100);

}  // namespace notes
