// libFuzzer: validation of names, note text, ids and --limit, and the quoting
// of values in messages. A value either passes or is refused with Invalid;
// what passes keeps the contract's rules.
#include <utf8proc.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "notes/errors.hpp"
#include "notes/validate.hpp"

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

bool valid_utf8(std::string_view s) {
    std::size_t at = 0;
    while (at < s.size()) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + at),
                                        static_cast<utf8proc_ssize_t>(s.size() - at), &cp);
        if (n <= 0) return false;
        at += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view value(reinterpret_cast<const char*>(data), size);
    try {
        notes::validate_category_name(value);
        require(!value.empty() && valid_utf8(value));
        for (unsigned char c : value)
            require(c >= 0x20 && c != 0x7f);
    } catch (const notes::Invalid&) {
    }
    try {
        notes::validate_note_text(value);
        require(value.find('\0') == std::string_view::npos && valid_utf8(value));
        require(value.size() <= 1048576);
    } catch (const notes::Invalid&) {
    }
    try {
        const auto id = notes::parse_id(value);
        require(id > 0 && value.find_first_not_of("0123456789") == std::string_view::npos);
    } catch (const notes::Invalid&) {
    }
    // Messages quote values as valid UTF-8 without control characters.
    const std::string quoted = notes::quote_value(value);
    require(valid_utf8(quoted));
    for (unsigned char c : quoted)
        require(c >= 0x20 && c != 0x7f);
    return 0;
}
