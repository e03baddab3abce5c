// The one writer of a note as compact JSON, byte for byte what
// nlohmann::json writes with error_handler_t::replace, without building a
// JSON value. Used by `notes export` and by the benchmark (tests/bench).
#include "json_note_writer.hpp"

namespace app {

namespace {

// Length of the UTF-8 sequence at s[i] (`complete`), or of its longest
// valid beginning: the bytes that nlohmann's decoder replaces by one U+FFFD.
std::size_t utf8_sequence(std::string_view s, std::size_t i, bool& complete) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;  // overlong
        if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;  // overlong
        if (c == 0xF4) hi = 0x8F;  // beyond U+10FFFF
    } else {
        complete = false;
        return 1;
    }
    std::size_t n = 1;
    for (; n < len && i + n < s.size(); ++n) {
        const auto b = static_cast<unsigned char>(s[i + n]);
        if (b < (n == 1 ? lo : 0x80) || b > (n == 1 ? hi : 0xBF)) break;
    }
    complete = n == len;
    return n;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            bool complete = false;
            std::size_t n = utf8_sequence(s, i, complete);
            if (complete) {
                out.append(s.substr(i, n));
            } else {
                out.append("\xEF\xBF\xBD");
            }
            i += n;
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
