#include "notes/validate.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <limits>
#include <optional>

#include "notes/errors.hpp"
#include "orm/text/utf8.hpp"

namespace notes {

namespace {

bool is_space(char32_t cp) {
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85) return true;
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
           category == UTF8PROC_CATEGORY_ZP;
}

bool is_control(char32_t cp) {
    return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_CC;
}

void require_utf8(std::string_view text, std::string_view what, bool show_value) {
    const auto bad = orm::text::first_invalid(text);
    if (bad != std::string_view::npos)
        throw Invalid(fmt::format("{}{} is not valid UTF-8 (bad byte at offset {})", what,
                                  show_value ? " " + quote_value(text) : "", bad));
}

}  // namespace

void validate_category_name(std::string_view name) {
    require_utf8(name, "category name", true);
    if (name.empty()) throw Invalid("category name must not be empty");
    std::size_t count = 0;
    std::optional<char32_t> first, last, control;
    for (const auto& cp : orm::text::code_points(name)) {
        ++count;
        if (!first) first = cp.value;
        last = cp.value;
        if (is_control(cp.value) && !control) control = cp.value;
    }
    if (control)
        throw Invalid(fmt::format("category name {} contains a control character (U+{:04X})",
                                  quote_value(name), static_cast<std::uint32_t>(*control)));
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
    for (const auto& cp : orm::text::code_points(text))
        if (!(blank = is_space(cp.value))) break;
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
        const auto decoded = orm::text::decode(value, at);
        const auto cp = decoded.value;
        const auto n = decoded.size;
        if (!decoded.valid) {  // byte by byte: every byte of the unit is shown
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
            out += fmt::format("\\u{{{:04X}}}", static_cast<std::uint32_t>(cp));
        else
            out.append(value.substr(at, n));
        at += n;
    }
    return out + "'";
}

}  // namespace notes
