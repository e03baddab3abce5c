// libFuzzer: one line of `notes import` input (notes::parse_import_line).
// A line is blank, a valid record, or refused with Invalid naming its line;
// a record that passes keeps the contract's rules, and what `export` would
// write for it reads back as the same record. The quick reader of flat
// objects (lib/notes/src/flat_json.hpp) agrees with nlohmann::json on every
// line it accepts.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "flat_json.hpp"
#include "notes/errors.hpp"
#include "notes/import_line.hpp"
#include "notes/validate.hpp"

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

void require_same(const notes::ImportRecord& a, const notes::ImportRecord& b) {
    require(a.text == b.text && a.category == b.category);
    require(a.created_at == b.created_at && a.updated_at == b.updated_at);
}

// Whatever the quick reader accepts, nlohmann::json reads the same way.
void check_quick_reader(std::string_view line) {
    const auto members = notes::detail::read_flat_object(line);
    if (!members) return;
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception&) {
        std::abort();  // accepted what is not JSON
    }
    require(j.is_object() && j.size() == members->size());
    for (const auto& m : *members) {
        const auto it = j.find(std::string(m.key));
        require(it != j.end());
        switch (m.kind) {
            case notes::detail::FlatMember::Kind::string:
                require(it->is_string() && it->get<std::string>() == m.value);
                break;
            case notes::detail::FlatMember::Kind::null:
                require(it->is_null());
                break;
            case notes::detail::FlatMember::Kind::integer:
                require(it->is_number());  // a long one is a float to nlohmann
                break;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    check_quick_reader(line);
    try {
        const auto record = notes::parse_import_line(line, 7);
        if (!record) {
            require(line.find_first_not_of(" \t\r\n") == std::string_view::npos);
            return 0;
        }
        require(record->line == 7);
        // What passed is valid by the same rules as `add`.
        notes::validate_note_text(record->text);
        notes::validate_category_name(record->category);
        for (const auto& t : {record->created_at, record->updated_at})
            if (t) require(t->representable());
        // The record as `export` writes it is read back unchanged.
        nlohmann::json j = {{"id", 1}, {"text", record->text}, {"category", record->category}};
        j["created_at"] =
            record->created_at ? nlohmann::json(record->created_at->rfc3339()) : nullptr;
        j["updated_at"] =
            record->updated_at ? nlohmann::json(record->updated_at->rfc3339()) : nullptr;
        const auto again = notes::parse_import_line(j.dump(), 8);
        require(again.has_value());
        require_same(*record, *again);
    } catch (const notes::Invalid& e) {
        require(std::string_view(e.what()).rfind("line 7: ", 0) == 0);
    }
    return 0;
}
