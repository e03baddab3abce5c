#pragma once
// Helpers shared by the dialects' full-text search.
#include <string_view>

namespace orm {

// True when `text` holds a letter or digit (Unicode categories L*, N*), i.e.
// something a full-text tokenizer indexes as part of a word.
bool has_word_characters(std::string_view text);

}  // namespace orm
