#include "notes/import_line.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "flat_json.hpp"
#include "notes/errors.hpp"
#include "notes/validate.hpp"

namespace notes {

namespace {

[[noreturn]] void fail(std::size_t line, const std::string& what) {
    throw Invalid(fmt::format("line {}: {}", line, what));
}

// One field of the line as either reader found it.
struct Field {
    enum class Kind { absent, null, string, other } kind = Kind::absent;
    std::string value;
};

struct Fields {
    Field text, category, created_at, updated_at;

    Field* named(std::string_view key) {
        if (key == "text") return &text;
        if (key == "category") return &category;
        if (key == "created_at") return &created_at;
        if (key == "updated_at") return &updated_at;
        return nullptr;  // "id" and anything else are ignored
    }
};

std::optional<orm::Timestamp> time_field(const Field& f, const char* key, std::size_t line) {
    if (f.kind == Field::Kind::absent || f.kind == Field::Kind::null)
        return std::nullopt;  // the database's default: now
    if (f.kind != Field::Kind::string) fail(line, fmt::format("\"{}\" is not a string", key));
    auto t = orm::Timestamp::parse(f.value);
    if (!t)
        fail(line, fmt::format("\"{}\" is not an RFC 3339 time: {}", key, quote_value(f.value)));
    if (!t->representable())
        fail(line, fmt::format("\"{}\" is out of range: {} is {} in UTC; years 0001 to 9999 only",
                               key, quote_value(f.value), t->year_utc()));
    return t;
}

std::string text_field(Field& f, const char* key, std::size_t line) {
    if (f.kind == Field::Kind::absent) fail(line, fmt::format("\"{}\" is missing", key));
    if (f.kind != Field::Kind::string) fail(line, fmt::format("\"{}\" is not a string", key));
    return std::move(f.value);
}

// The fields through the quick reader, or nullopt when it declines.
std::optional<Fields> quick_fields(std::string_view text) {
    auto members = detail::read_flat_object(text);
    if (!members) return std::nullopt;
    Fields fields;
    for (auto& m : *members) {
        Field* f = fields.named(m.key);
        if (!f) continue;
        switch (m.kind) {
            case detail::FlatMember::Kind::string:
                f->kind = Field::Kind::string;
                f->value = std::move(m.value);
                break;
            case detail::FlatMember::Kind::null:
                f->kind = Field::Kind::null;
                break;
            case detail::FlatMember::Kind::integer:
                f->kind = Field::Kind::other;
                break;
        }
    }
    return fields;
}

// The fields through nlohmann::json, which words every error.
Fields parsed_fields(std::string_view text, std::size_t line) {
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
    Fields fields;
    for (auto& [key, value] : j.items()) {
        Field* f = fields.named(key);
        if (!f) continue;
        if (value.is_null()) {
            f->kind = Field::Kind::null;
        } else if (value.is_string()) {
            f->kind = Field::Kind::string;
            f->value = value.get<std::string>();
        } else {
            f->kind = Field::Kind::other;
        }
    }
    return fields;
}

}  // namespace

std::optional<ImportRecord> parse_import_line(std::string_view text, std::size_t line) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
    if (text.size() > max_import_line)
        fail(line,
             fmt::format("longer than {} MiB ({} bytes)", max_import_line >> 20, text.size()));
    auto quick = quick_fields(text);
    Fields fields = quick ? std::move(*quick) : parsed_fields(text, line);
    ImportRecord r;
    r.line = line;
    r.text = text_field(fields.text, "text", line);
    r.category = text_field(fields.category, "category", line);
    try {
        validate_note_text(r.text);
        validate_category_name(r.category);
    } catch (const Invalid& e) {
        fail(line, e.what());
    }
    r.created_at = time_field(fields.created_at, "created_at", line);
    r.updated_at = time_field(fields.updated_at, "updated_at", line);
    return r;
}

}  // namespace notes
