#pragma once
// The JSON note writer shared by `notes` and the benchmark (tests/bench):
// standard C++ only, so that the benchmark's floor links nothing else.
#include <cstdint>
#include <string>
#include <string_view>

namespace app {

// `s` as a JSON string, quotes included, as nlohmann writes it with
// error_handler_t::replace: UTF-8 kept, controls escaped, each invalid
// sequence as one U+FFFD.
void append_json_string(std::string& out, std::string_view s);

// One note object, compact, no newline: id, category, text, created_at,
// updated_at (the times already 'YYYY-MM-DDTHH:MM:SSZ').
void append_note_json(std::string& out, std::int64_t id, std::string_view category,
                      std::string_view text, std::string_view created_at,
                      std::string_view updated_at);

}  // namespace app
