// The contract's validation rules (notes/validate.hpp): category names, note
// text, ids and --limit values, and how values are quoted in messages.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "notes/errors.hpp"
#include "notes/validate.hpp"

using notes::Invalid;

namespace {

// The message of the notes::Invalid that `f` throws ("" and a failed check otherwise).
template <class F>
std::string refusal(F&& f) {
    try {
        f();
    } catch (const Invalid& e) {
        return e.what();
    } catch (const std::exception& e) {
        FAIL_CHECK("expected notes::Invalid, got another exception: " << e.what());
        return {};
    }
    FAIL_CHECK("expected notes::Invalid, nothing was thrown");
    return {};
}

std::string name_refusal(const std::string& name) {
    return refusal([&] { notes::validate_category_name(name); });
}
std::string text_refusal(const std::string& text) {
    return refusal([&] { notes::validate_note_text(text); });
}
std::string id_refusal(const std::string& text) {
    return refusal([&] { notes::parse_id(text); });
}

std::string repeat(std::string_view piece, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
        out += piece;
    return out;
}

}  // namespace

// ---- category names ---------------------------------------------------------

TEST_CASE("validate_category_name: ordinary names are accepted") {
    for (const std::string name : {"tech", "a", "Work Notes", "café", "日本語", "😀", "a-b_c.d",
                                   "tab inside?", "x\u00A0y", "C++"}) {
        CAPTURE(name);
        CHECK_NOTHROW(notes::validate_category_name(name));
    }
}

TEST_CASE("validate_category_name: empty is refused") {
    const auto message = name_refusal("");
    CHECK(message.find("empty") != std::string::npos);
    CHECK(message.find("category name") != std::string::npos);
}

TEST_CASE(
    "validate_category_name: 64 code points are accepted and 65 refused, counted in code points") {
    CHECK_NOTHROW(notes::validate_category_name(std::string(64, 'a')));
    CHECK_NOTHROW(notes::validate_category_name(repeat("é", 64)));   // 128 bytes
    CHECK_NOTHROW(notes::validate_category_name(repeat("😀", 64)));   // 256 bytes
    CHECK_NOTHROW(notes::validate_category_name(repeat("日", 64)));  // 192 bytes
    CHECK_NOTHROW(notes::validate_category_name(repeat("ab", 31) + "éé"));

    const auto ascii = name_refusal(std::string(65, 'a'));
    CHECK(ascii.find("65 characters") != std::string::npos);
    CHECK(ascii.find("at most 64") != std::string::npos);
    CHECK(ascii.find("'aaaa") != std::string::npos);  // names the value

    const auto accented = name_refusal(repeat("é", 65));
    CHECK(accented.find("65 characters") != std::string::npos);
    CHECK(accented.find("'éé") != std::string::npos);
    CHECK(name_refusal(repeat("😀", 65)).find("65 characters") != std::string::npos);
    CHECK(name_refusal(std::string(1000, 'x')).find("1000 characters") != std::string::npos);
}

TEST_CASE(
    "validate_category_name: leading or trailing white space is refused, inner spaces are fine") {
    CHECK_NOTHROW(notes::validate_category_name("two words"));
    CHECK_NOTHROW(notes::validate_category_name("a\u3000b"));
    for (const std::string name :
         {" tech", "tech ", " ", "  ", "\u00A0tech", "tech\u00A0", "\u3000tech", "tech\u3000",
          "tech\u2003", "\u2028tech", "tech\u2029", "\u1680x", "x\u202F", "\u3000"}) {
        CAPTURE(name);
        const auto message = name_refusal(name);
        CHECK(message.find("white space") != std::string::npos);
        CHECK(message.find("'" + name + "'") != std::string::npos);  // names the value
    }
}

TEST_CASE(
    "validate_category_name: control characters are refused (C0, DEL, C1), with the code point") {
    struct Case {
        std::string name;
        std::string code;
    };
    for (const auto& [name, code] : std::vector<Case>{{"a\x01"
                                                       "b",
                                                       "U+0001"},
                                                      {"a\tb", "U+0009"},
                                                      {"a\nb", "U+000A"},
                                                      {"tech\n", "U+000A"},
                                                      {"\ttech", "U+0009"},
                                                      {"a\x1F", "U+001F"},
                                                      {"a\x7F"
                                                       "b",
                                                       "U+007F"},
                                                      {"a\u0085b", "U+0085"},
                                                      {"a\u009Fb", "U+009F"},
                                                      {std::string("a\0b", 3), "U+0000"}}) {
        CAPTURE(name);
        const auto message = name_refusal(name);
        CHECK(message.find("control character") != std::string::npos);
        CHECK(message.find(code) != std::string::npos);
        CHECK(message.find("category name '") != std::string::npos);  // names the value
        // The value is shown escaped: no raw control character in a message.
        for (unsigned char ch : message)
            CHECK((ch >= 0x20 && ch != 0x7F));
    }
}

TEST_CASE(
    "validate_category_name: invalid UTF-8 is refused, including overlong forms and surrogates") {
    struct Case {
        std::string bytes;
        std::string shown;  // how the message shows the bad byte
    };
    for (const auto& [name, shown] :
         std::vector<Case>{{"\xFF", "\\xFF"},
                           {"ab\xC3", "\\xC3"},  // truncated two-byte sequence
                           {"\xC3(", "\\xC3"},   // bad continuation
                           {"\x80"
                            "abc",
                            "\\x80"},                      // lone continuation byte
                           {"\xC0\xAF", "\\xC0"},          // overlong '/'
                           {"\xE0\x80\xAF", "\\xE0"},      // overlong '/', three bytes
                           {"\xF0\x80\x80\xAF", "\\xF0"},  // overlong '/', four bytes
                           {"\xED\xA0\x80", "\\xED"},      // U+D800, a surrogate
                           {"a\xED\xBF\xBF"
                            "b",
                            "\\xED"},                             // U+DFFF
                           {"\xF4\x90\x80\x80", "\\xF4"},         // above U+10FFFF
                           {"\xF8\x88\x80\x80\x80", "\\xF8"}}) {  // five-byte form
        CAPTURE(shown);
        const auto message = name_refusal(name);
        CHECK(message.find("not valid UTF-8") != std::string::npos);
        CHECK(message.find(shown) != std::string::npos);
        CHECK(message.find("category name '") != std::string::npos);
    }
    CHECK(name_refusal("ab\xFF").find("offset 2") != std::string::npos);
}

// ---- note text --------------------------------------------------------------

TEST_CASE("validate_note_text: ordinary text is accepted, control characters other than NUL too") {
    for (const std::string text :
         {"sqlalchemy is cool", "x", " leading and trailing ", "line 1\nline 2\n", "tab\there",
          "bell\x07 esc\x1B[0m del\x7F next\u0085line", "\u00A0a\u3000", "😀",
          "\r\n"
          "a"}) {
        CAPTURE(text);
        CHECK_NOTHROW(notes::validate_note_text(text));
    }
}

TEST_CASE("validate_note_text: empty or only white space is refused") {
    for (const std::string text : {"", " ", "   ", "\n", "\t\n \r\n", "\v\f", "\u00A0",
                                   "\u3000 \u2003", "\u0085", "\u2028\u2029"}) {
        CAPTURE(text);
        const auto message = text_refusal(text);
        CHECK(message.find("note text") != std::string::npos);
        CHECK(message.find("empty or only white space") != std::string::npos);
    }
}

TEST_CASE("validate_note_text: a NUL byte is refused wherever it is") {
    CHECK(text_refusal(std::string("a\0b", 3)).find("NUL byte (at offset 1)") != std::string::npos);
    CHECK(text_refusal(std::string("\0", 1)).find("NUL") != std::string::npos);
    CHECK(text_refusal(std::string("abc\0", 4)).find("offset 3") != std::string::npos);
    CHECK(text_refusal(std::string("abc\0", 4)).find("note text") != std::string::npos);
}

TEST_CASE("validate_note_text: exactly 1 MiB is accepted, one byte more is refused") {
    CHECK(notes::max_text_bytes == 1048576);
    CHECK_NOTHROW(notes::validate_note_text(std::string(1048576, 'a')));
    CHECK_NOTHROW(notes::validate_note_text(repeat("é", 1048576 / 2)));
    const auto message = text_refusal(std::string(1048577, 'a'));
    CHECK(message.find("note text is 1048577 bytes") != std::string::npos);
    CHECK(message.find("1048576") != std::string::npos);
    // Bytes, not characters: 2 bytes a character, one character too many.
    CHECK(text_refusal(repeat("é", 1048576 / 2) + "a").find("1048577 bytes") != std::string::npos);
}

TEST_CASE("validate_note_text: invalid UTF-8 is refused") {
    for (const std::string text :
         {"\xFF", "caf\xC3", "\xC0\xAF", "a\xED\xA0\x80", "\xF4\x90\x80\x80", "ok \x80"}) {
        const auto message = text_refusal(text);
        CHECK(message.find("note text is not valid UTF-8") != std::string::npos);
        CHECK(message.find("offset") != std::string::npos);
    }
    CHECK(text_refusal("ok \x80").find("offset 3") != std::string::npos);
}

// ---- ids and positive integers --------------------------------------------------

TEST_CASE("parse_id: positive integers in ASCII digits") {
    CHECK(notes::parse_id("1") == 1);
    CHECK(notes::parse_id("42") == 42);
    CHECK(notes::parse_id("999999999999999999") == 999999999999999999);
    CHECK(notes::parse_id("9223372036854775807") == 9223372036854775807);  // the largest id
    CHECK(notes::parse_id("0000000000000000001") == 1);
    // Leading zeros are still ASCII digits of a positive integer.
    CHECK(notes::parse_id("01") == 1);
    CHECK(notes::parse_id("007") == 7);
    CHECK(notes::parse_positive("10", "--limit") == 10);
}

TEST_CASE("parse_id: everything else is refused, naming the value") {
    for (const std::string& text :
         std::vector<std::string>{"",    "0",   "00",    "-1",    "+1",
                                  " 1",  "1 ",  "1\n",   "\t1",   "1.0",
                                  "1e3", "0x1", "1_000", "1,000", "one",
                                  "١",   "１",  "²",     "1١",    std::string("1\0", 2)}) {
        CAPTURE(text);
        const auto message = id_refusal(text);
        CHECK(message.find("note id ") == 0);
        CHECK(message.find("not a positive integer") != std::string::npos);
        CHECK(message.find(notes::quote_value(text)) != std::string::npos);
    }
    for (const std::string text : {"9223372036854775808", "99999999999999999999999999"}) {
        CAPTURE(text);
        const auto message = id_refusal(text);
        CHECK(message.find("note id " + notes::quote_value(text) + " is too large") == 0);
    }
    const auto limit = refusal([] { notes::parse_positive("-5", "--limit"); });
    CHECK(limit.find("--limit '-5'") == 0);
}

// ---- quoting values in messages ---------------------------------------------------

TEST_CASE("quote_value: quoted, escaped, cut") {
    CHECK(notes::quote_value("tech") == "'tech'");
    CHECK(notes::quote_value("") == "''");
    CHECK(notes::quote_value("café 😀") == "'café 😀'");
    CHECK(notes::quote_value("it's") == "'it\\'s'");
    CHECK(notes::quote_value("a\nb\tc") == "'a\\nb\\tc'");
    CHECK(notes::quote_value("a\x01"
                             "b") == "'a\\u{0001}b'");
    CHECK(notes::quote_value("\x7F") == "'\\u{007F}'");
    CHECK(notes::quote_value("\u0085") == "'\\u{0085}'");
    CHECK(notes::quote_value(std::string("\0", 1)) == "'\\u{0000}'");
    CHECK(notes::quote_value("a\xFF"
                             "b") == "'a\\xFFb'");
    CHECK(notes::quote_value("\xC0\xAF") == "'\\xC0\\xAF'");
    CHECK(notes::quote_value("\xED\xA0\x80") == "'\\xED\\xA0\\x80'");
    CHECK(notes::quote_value("\u00A0") == "'\u00A0'");  // not a control character

    // Long values are cut after 80 bytes, never inside a character.
    CHECK(notes::quote_value(std::string(80, 'a')) == "'" + std::string(80, 'a') + "'");
    CHECK(notes::quote_value(std::string(81, 'a')) == "'" + std::string(80, 'a') + "…' (81 bytes)");
    CHECK(notes::quote_value(repeat("é", 100)) == "'" + repeat("é", 40) + "…' (200 bytes)");
    CHECK(notes::quote_value("a" + repeat("é", 100)) == "'a" + repeat("é", 40) + "…' (201 bytes)");
}
