#include "notes/validate.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <limits>
#include <optional>

#include "notes/errors.hpp"

namespace notes {

namespace {

struct CodePoint {
    utf8proc_int32_t value;
    std::size_t offset, size;
};

// Calls `visit` for each code point; returns the offset of the first invalid
// byte sequence, or npos when `text` is valid UTF-8.
template <class Visit>
std::size_t each_code_point(std::string_view text, Visit&& visit) {
    std::size_t at = 0;
    while (at < text.size()) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                                        static_cast<utf8proc_ssize_t>(text.size() - at), &cp);
        if (n <= 0) return at;
        if (!visit(CodePoint{cp, at, static_cast<std::size_t>(n)})) return std::string_view::npos;
        at += static_cast<std::size_t>(n);
    }
    return std::string_view::npos;
}

bool is_space(utf8proc_int32_t cp) {
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85) return true;
    const auto category = utf8proc_category(cp);
    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
           category == UTF8PROC_CATEGORY_ZP;
}

bool is_control(utf8proc_int32_t cp) {
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_CC;
}

void require_utf8(std::string_view text, std::string_view what, bool show_value) {
    const auto bad = each_code_point(text, [](const CodePoint&) { return true; });
    if (bad != std::string_view::npos)
        throw Invalid(fmt::format("{}{} is not valid UTF-8 (bad byte at offset {})", what,
                                  show_value ? " " + quote_value(text) : "", bad));
}

}  // namespace

void validate_category_name(std::string_view name) {
    require_utf8(name, "category name", true);
    if (name.empty()) throw Invalid("category name must not be empty");
    std::size_t count = 0;
    std::optional<utf8proc_int32_t> first, last, control;
    each_code_point(name, [&](const CodePoint& cp) {
        ++count;
        if (!first) first = cp.value;
        last = cp.value;
        if (is_control(cp.value) && !control) control = cp.value;
        return true;
    });
    if (control)
        throw Invalid(fmt::format("category name {} contains a control character (U+{:04X})",
                                  quote_value(name), *control));
    if (is_space(*first) || is_space(*last))
        throw Invalid(
            fmt::format("category name {} has leading or trailing white space", quote_value(name)));
    if (count > max_name_chars)
        throw Invalid(fmt::format("category name {} is {} characters long; at most {} are allowed",
                                  quote_value(name), count, max_name_chars));
}

void validate_note_text(std::string_view text) {
    if (text.size() > max_text_bytes)
        throw Invalid(fmt::format("note text is {} bytes long; at most {} (1 MiB) are allowed",
                                  text.size(), max_text_bytes));
    if (const auto nul = text.find('\0'); nul != std::string_view::npos)
        throw Invalid(fmt::format("note text contains a NUL byte (at offset {})", nul));
    require_utf8(text, "note text", false);
    bool blank = true;
    each_code_point(text, [&](const CodePoint& cp) {
        blank = is_space(cp.value);
        return blank;  // stop at the first character that is not white space
    });
    if (blank) throw Invalid("note text must not be empty or only white space");
}

std::int64_t parse_positive(std::string_view text, std::string_view what) {
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    std::int64_t value = 0;
    bool ok = !text.empty(), too_large = false;
    for (std::size_t i = 0; ok && i < text.size(); ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') {
            ok = false;
        } else if (value > (max - (c - '0')) / 10) {
            too_large = true;  // keep scanning: a non-digit later is the clearer error
        } else {
            value = value * 10 + (c - '0');
        }
    }
    if (ok && too_large)
        throw Invalid(fmt::format("{} {} is too large (at most {})", what, quote_value(text), max));
    if (!ok || value == 0)
        throw Invalid(fmt::format("{} {} is not a positive integer (digits 0-9 only)", what,
                                  quote_value(text)));
    return value;
}

std::string quote_value(std::string_view value) {
    constexpr std::size_t max_bytes = 80;
    std::string out = "'";
    std::size_t at = 0;
    while (at < value.size()) {
        if (at >= max_bytes) {
            out += fmt::format("…' ({} bytes)", value.size());
            return out;
        }
        utf8proc_int32_t cp = 0;
        const auto n =
            utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(value.data() + at),
                             static_cast<utf8proc_ssize_t>(value.size() - at), &cp);
        if (n <= 0) {
            out += fmt::format("\\x{:02X}", static_cast<unsigned char>(value[at]));
            ++at;
            continue;
        }
        if (cp == '\n')
            out += "\\n";
        else if (cp == '\t')
            out += "\\t";
        else if (cp == '\'')
            out += "\\'";
        else if (is_control(cp))
            out += fmt::format("\\u{{{:04X}}}", cp);
        else
            out.append(value.substr(at, static_cast<std::size_t>(n)));
        at += static_cast<std::size_t>(n);
    }
    return out + "'";
}

}  // namespace notes
