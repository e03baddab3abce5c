#pragma once
// UTF-8, decoded one way everywhere (ORM, domain, CLI).
//
// Well-formed means Unicode's table 3-7: no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF. Ill-formed input has one defined
// reading: each maximal subpart of an ill-formed sequence (Unicode §3.9,
// "U+FFFD substitution of maximal subparts", as nlohmann::json and the WHATWG
// decoder read it) is one invalid unit of 1 to 3 bytes, read as U+FFFD. So
// "\xE2\x82" (a 3-byte sequence cut short) is one unit, "\xC0\xAF" (an
// overlong '/') two, and decoding always moves forward.
//
// Header-only and standard C++ only: the JSON note writer, which links
// nothing else, uses it too.
#include <cstddef>
#include <string>
#include <string_view>

namespace orm::text {

inline constexpr char32_t replacement_character = 0xFFFD;

// One code point of a text, or one invalid unit.
struct CodePoint {
    char32_t value;      // U+FFFD when !valid
    std::size_t offset;  // where it starts
    std::size_t size;    // 1 to 4 bytes, never 0
    bool valid;
};

// The code point that starts at `offset` (< text.size()).
constexpr CodePoint decode(std::string_view text, std::size_t offset) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[offset + i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return {lead, offset, 1, true};
    std::size_t size = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    char32_t value = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        size = 2;
        value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        size = 3;
        value = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        size = 4;
        value = lead & 0x07;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return {replacement_character, offset, 1, false};  // C0, C1, F5..FF, a stray 80..BF
    }
    std::size_t n = 1;
    for (; n < size && offset + n < text.size(); ++n) {
        const auto b = byte(n);
        if (b < (n == 1 ? low : 0x80) || b > (n == 1 ? high : 0xBF)) break;
        value = (value << 6) | (b & 0x3F);
    }
    if (n < size) return {replacement_character, offset, n, false};
    return {value, offset, size, true};
}

// Where the first invalid unit starts, or npos when all of `text` is well-formed.
constexpr std::size_t first_invalid(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const auto cp = decode(text, at);
        if (!cp.valid) return at;
        at += cp.size;
    }
    return std::string_view::npos;
}

constexpr bool is_valid(std::string_view text) {
    return first_invalid(text) == std::string_view::npos;
}

// The code points of `text` in order: `for (const auto& cp : code_points(s))`.
class CodePoints {
  public:
    struct End {};
    class Iterator {
      public:
        constexpr Iterator(std::string_view text, std::size_t at) : text_(text), at_(at) {}
        constexpr CodePoint operator*() const { return decode(text_, at_); }
        constexpr Iterator& operator++() {
            at_ += decode(text_, at_).size;
            return *this;
        }
        constexpr bool operator==(End) const { return at_ >= text_.size(); }

      private:
        std::string_view text_;
        std::size_t at_;
    };
    constexpr explicit CodePoints(std::string_view text) : text_(text) {}
    constexpr Iterator begin() const { return {text_, 0}; }
    constexpr End end() const { return {}; }

  private:
    std::string_view text_;
};

constexpr CodePoints code_points(std::string_view text) {
    return CodePoints(text);
}

// The number of code points (an invalid unit counts as one).
constexpr std::size_t length(std::string_view text) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& cp : code_points(text))
        ++n;
    return n;
}

// The start of the code point (or invalid unit) that holds byte `offset`;
// text.size() for offsets at or past the end. Agrees with decode() on any input.
constexpr std::size_t char_start(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return text.size();
    const auto continuation = [&](std::size_t i) {
        return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
    };
    // A lead byte is never inside another unit; a continuation byte belongs to
    // the lead at most 3 bytes before it, if that lead's unit reaches it.
    for (std::size_t back = 0; back <= 3 && back <= offset; ++back) {
        const auto at = offset - back;
        if (!continuation(at)) return decode(text, at).size > back ? at : offset;
    }
    return offset;
}

// The offset after `count` code points from `offset` (at most text.size()).
constexpr std::size_t advance(std::string_view text, std::size_t offset, std::size_t count) {
    for (; count > 0 && offset < text.size(); --count)
        offset += decode(text, offset).size;
    return offset;
}

// Appends the UTF-8 form of `cp`, a Unicode scalar value.
inline void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace orm::text
