#pragma once
// A quick reader for the shape `notes export` writes: one JSON object whose
// values are strings, integers or null. A DOM parser (nlohmann::json) spends
// more time on each import line than SQLite spends storing it; this reader
// does one pass with no allocation but the strings' values. Whatever it is
// not sure of (nesting, other numbers, booleans, escapes in keys, a repeated
// key, malformed input) it declines, and the caller uses the full parser,
// which also words the errors. tests/fuzz/import_line checks that both
// readers agree.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace notes::detail {

struct FlatMember {
    enum class Kind { string, integer, null };
    std::string_view key;
    Kind kind = Kind::null;
    std::string value;  // decoded, for strings
};

// The members in order, or nullopt when the full parser must decide.
std::optional<std::vector<FlatMember>> read_flat_object(std::string_view text);

}  // namespace notes::detail
