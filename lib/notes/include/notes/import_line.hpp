#pragma once
// One line of `notes import` input: a note object as `notes export` writes it.
// Kept apart from reading and writing so that it can be tested and fuzzed on
// its own (contract: shared/docs/cli.md, `import`).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "orm/value.hpp"

namespace notes {

// A line longer than this is refused (exit 2) without being read whole. Note
// text is at most 1 MiB, and JSON escapes (\u0001) make it at most six times
// longer, so every line `export` writes fits.
inline constexpr std::size_t max_import_line = 8 * 1024 * 1024;

// One line of an import, as `export` writes it.
struct ImportRecord {
    std::size_t line = 0;  // where it came from, for messages
    std::string text;
    std::string category;
    // Converted to UTC; nullopt: the database's default (now).
    std::optional<orm::Timestamp> created_at, updated_at;
};

// `text` (without its line end) as a record: "text" and "category" required
// and valid, "created_at"/"updated_at" RFC 3339 times with a Z or an offset,
// in years 0001-9999 once in UTC, or null/absent; "id" and other keys are
// ignored. nullopt for a blank line. Anything else throws notes::Invalid
// whose message starts with "line N: ".
std::optional<ImportRecord> parse_import_line(std::string_view text, std::size_t line);

}  // namespace notes
