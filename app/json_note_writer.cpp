// The one writer of a note as compact JSON, byte for byte what
// nlohmann::json writes with error_handler_t::replace, without building a
// JSON value. Used by `notes export` and by the benchmark (tests/bench).
#include "json_note_writer.hpp"

#include "orm/text/utf8.hpp"

namespace app {

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            // An invalid unit is one U+FFFD: nlohmann's decoder reads UTF-8 the same way.
            const auto cp = orm::text::decode(s, i);
            if (cp.valid) {
                out.append(s.substr(i, cp.size));
            } else {
                out.append("\xEF\xBF\xBD");
            }
            i += cp.size;
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
        ++i;
    }
    out += '"';
}

void append_note_json(std::string& out, std::int64_t id, std::string_view category,
                      std::string_view text, std::string_view created_at,
                      std::string_view updated_at) {
    out += "{\"id\":";
    out += std::to_string(id);
    out += ",\"category\":";
    append_json_string(out, category);
    out += ",\"text\":";
    append_json_string(out, text);
    out += ",\"created_at\":\"";
    out += created_at;
    out += "\",\"updated_at\":\"";
    out += updated_at;
    out += "\"}";
}

}  // namespace app
