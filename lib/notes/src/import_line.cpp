#include "notes/import_line.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "notes/errors.hpp"
#include "notes/validate.hpp"

namespace notes {

namespace {

[[noreturn]] void fail(std::size_t line, const std::string& what) {
    throw Invalid(fmt::format("line {}: {}", line, what));
}

std::optional<orm::Timestamp> time_field(const nlohmann::json& j, const char* key,
                                         std::size_t line) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;  // the database's default: now
    if (!it->is_string()) fail(line, fmt::format("\"{}\" is not a string", key));
    const auto& text = it->get_ref<const std::string&>();
    auto t = orm::Timestamp::parse(text);
    if (!t) fail(line, fmt::format("\"{}\" is not an RFC 3339 time: {}", key, quote_value(text)));
    if (!t->representable())
        fail(line, fmt::format("\"{}\" is out of range: {} is {} in UTC; years 0001 to 9999 only",
                               key, quote_value(text), t->year_utc()));
    return t;
}

std::string text_field(const nlohmann::json& j, const char* key, std::size_t line) {
    auto it = j.find(key);
    if (it == j.end()) fail(line, fmt::format("\"{}\" is missing", key));
    if (!it->is_string()) fail(line, fmt::format("\"{}\" is not a string", key));
    return it->get<std::string>();
}

}  // namespace

std::optional<ImportRecord> parse_import_line(std::string_view text, std::size_t line) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
    if (text.size() > max_import_line)
        fail(line,
             fmt::format("longer than {} MiB ({} bytes)", max_import_line >> 20, text.size()));
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for 1e400
        std::string why = e.what();
        // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
        if (auto p = why.find("] "); p != std::string::npos) why.erase(0, p + 2);
        fail(line, "not valid JSON: " + why);
    }
    if (!j.is_object()) fail(line, "not a JSON object");
    ImportRecord r;
    r.line = line;
    r.text = text_field(j, "text", line);
    r.category = text_field(j, "category", line);
    try {
        validate_note_text(r.text);
        validate_category_name(r.category);
    } catch (const Invalid& e) {
        fail(line, e.what());
    }
    r.created_at = time_field(j, "created_at", line);
    r.updated_at = time_field(j, "updated_at", line);
    return r;
}

}  // namespace notes
