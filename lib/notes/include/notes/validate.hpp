#pragma once
// The contract's validation rules, checked before the database is touched.
// Each throws notes::Invalid with a message naming the value and the rule.
#include <cstdint>
#include <string>
#include <string_view>

namespace notes {

inline constexpr std::size_t max_name_chars = 64;
inline constexpr std::size_t max_text_bytes = 1024 * 1024;

// Valid UTF-8, 1 to 64 code points, no leading/trailing white space, no
// control characters (Unicode Cc).
void validate_category_name(std::string_view name);
// Valid UTF-8, not empty or only white space, no NUL, at most 1 MiB.
void validate_note_text(std::string_view text);
// A positive integer in ASCII digits: no sign, no spaces. `what` names it.
std::int64_t parse_positive(std::string_view text, std::string_view what);
inline std::int64_t parse_id(std::string_view text) {
    return parse_positive(text, "note id");
}

// A value shown inside an error message: quoted, control characters escaped,
// long values cut, invalid UTF-8 shown as \xNN.
std::string quote_value(std::string_view value);

}  // namespace notes
