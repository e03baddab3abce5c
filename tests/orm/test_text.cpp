// The one UTF-8 decoder (orm/text/utf8.hpp) and the one word classifier and
// folding (orm/text/words.hpp) that the dialects, the domain and the CLI
// share. Pure functions: no database involved.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "orm/text/utf8.hpp"
#include "orm/text/words.hpp"

namespace {

using orm::text::CharClass;

// Marks an invalid unit in Units (which decode() reads as U+FFFD).
constexpr char32_t bad = 0xFFFFFFFF;

using Units = std::vector<std::pair<char32_t, std::size_t>>;

// Every unit of `text` as (code point, size); an invalid unit as (bad, size).
Units units(std::string_view text) {
    Units out;
    for (const auto& cp : orm::text::code_points(text)) {
        if (!cp.valid) CHECK(cp.value == orm::text::replacement_character);
        out.emplace_back(cp.valid ? cp.value : bad, cp.size);
    }
    return out;
}

std::vector<std::string> words(std::string_view text,
                               orm::text::Classifier classifier = orm::text::classify) {
    std::vector<std::string> out;
    for (const auto& w : orm::text::split_words(text, classifier))
        out.emplace_back(text.substr(w.offset, w.size));
    return out;
}

}  // namespace

// A compile-time check that the decoder is usable in constant expressions.
static_assert(orm::text::decode("\xC3\xA9", 0).value == 0xE9);
static_assert(orm::text::is_valid("caf\xC3\xA9"));
static_assert(!orm::text::is_valid("\xC0\xAF"));

TEST_CASE("utf8: decodes 1- to 4-byte sequences, boundaries included") {
    CHECK(units("a") == Units{{'a', 1}});
    CHECK(units("\xC3\xA9") == Units{{0xE9, 2}});                                 // é
    CHECK(units("\xE2\x82\xAC") == Units{{0x20AC, 3}});                           // €
    CHECK(units("\xF0\x9F\x98\x80") == Units{{0x1F600, 4}});                      // 😀
    CHECK(units("\xE6\x97\xA5\xE6\x9C\xAC") == Units{{0x65E5, 3}, {0x672C, 3}});  // 日本
    CHECK(units(std::string_view("\0", 1)) == Units{{0, 1}});
    CHECK(units("\x7F") == Units{{0x7F, 1}});
    CHECK(units("\xC2\x80") == Units{{0x80, 2}});
    CHECK(units("\xDF\xBF") == Units{{0x7FF, 2}});
    CHECK(units("\xE0\xA0\x80") == Units{{0x800, 3}});
    CHECK(units("\xED\x9F\xBF") == Units{{0xD7FF, 3}});  // just below the surrogates
    CHECK(units("\xEE\x80\x80") == Units{{0xE000, 3}});  // just above them
    CHECK(units("\xEF\xBF\xBE") == Units{{0xFFFE, 3}});  // a noncharacter is well-formed
    CHECK(units("\xEF\xBF\xBD") == Units{{0xFFFD, 3}});  // U+FFFD itself is valid
    CHECK(units("\xF0\x90\x80\x80") == Units{{0x10000, 4}});
    CHECK(units("\xF4\x8F\xBF\xBF") == Units{{0x10FFFF, 4}});
    for (const auto& cp : orm::text::code_points("a\xC3\xA9\xF0\x9F\x98\x80"))
        CHECK(cp.valid);
}

TEST_CASE("utf8: every scalar value round-trips through append and decode") {
    std::size_t failures = 0;
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp == 0xD800) cp = 0xE000;
        std::string s;
        orm::text::append(s, cp);
        const auto d = orm::text::decode(s, 0);
        if (!d.valid || d.value != cp || d.size != s.size()) ++failures;
    }
    CHECK(failures == 0);
}

TEST_CASE("utf8: overlong forms are invalid, one unit per byte") {
    CHECK(units("\xC0\xAF") == Units{{bad, 1}, {bad, 1}});  // '/' in 2 bytes
    CHECK(units("\xC1\xBF") == Units{{bad, 1}, {bad, 1}});
    CHECK(units("\xE0\x80\xAF") == Units{{bad, 1}, {bad, 1}, {bad, 1}});
    CHECK(units("\xE0\x9F\xBF") == Units{{bad, 1}, {bad, 1}, {bad, 1}});  // U+07FF in 3
    CHECK(units("\xF0\x80\x80\xAF") == Units{{bad, 1}, {bad, 1}, {bad, 1}, {bad, 1}});
    CHECK(units("\xF0\x8F\xBF\xBF") == Units{{bad, 1}, {bad, 1}, {bad, 1}, {bad, 1}});
    CHECK(orm::text::first_invalid("ok\xC0\xAF") == 2);
}

TEST_CASE("utf8: surrogates and values above U+10FFFF are invalid") {
    CHECK(units("\xED\xA0\x80") == Units{{bad, 1}, {bad, 1}, {bad, 1}});  // U+D800
    CHECK(units("\xED\xBF\xBF") == Units{{bad, 1}, {bad, 1}, {bad, 1}});  // U+DFFF
    // A CESU-8 pair (U+1F600 as two surrogates) is six invalid units.
    CHECK(orm::text::length("\xED\xA0\xBD\xED\xB8\x80") == 6);
    CHECK(units("\xF4\x90\x80\x80") == Units{{bad, 1}, {bad, 1}, {bad, 1}, {bad, 1}});
    CHECK(units("\xF5\x80\x80\x80") == Units{{bad, 1}, {bad, 1}, {bad, 1}, {bad, 1}});
    CHECK(units("\xFE\xFF") == Units{{bad, 1}, {bad, 1}});
}

TEST_CASE("utf8: a truncated sequence is one unit (its maximal subpart)") {
    CHECK(units("\xE2\x82") == Units{{bad, 2}});
    CHECK(units("\xF0\x9F\x98") == Units{{bad, 3}});
    CHECK(units("\xF0\x9F") == Units{{bad, 2}});
    CHECK(units("\xC3") == Units{{bad, 1}});
    CHECK(units("\xE2\x82"
                "A") == Units{{bad, 2}, {'A', 1}});
    CHECK(units("\xF0\x9F\x98"
                "\xC3\xA9") == Units{{bad, 3}, {0xE9, 2}});
    CHECK(units("\x80") == Units{{bad, 1}});  // a stray continuation byte
    CHECK(units("\x80\xBF") == Units{{bad, 1}, {bad, 1}});
    CHECK(orm::text::first_invalid("abc\xE2\x82") == 3);
}

TEST_CASE("utf8: Unicode's own example of U+FFFD substitution (table 3-8)") {
    // 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 reads as a � � � b � c � � d.
    CHECK(units("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64") == Units{{'a', 1},
                                                                                 {bad, 3},
                                                                                 {bad, 2},
                                                                                 {bad, 1},
                                                                                 {'b', 1},
                                                                                 {bad, 1},
                                                                                 {'c', 1},
                                                                                 {bad, 1},
                                                                                 {bad, 1},
                                                                                 {'d', 1}});
}

TEST_CASE("utf8: validity, length in code points") {
    CHECK(orm::text::is_valid(""));
    CHECK(orm::text::first_invalid("") == std::string_view::npos);
    CHECK(orm::text::is_valid("h\xC3\xA9llo \xF0\x9F\x98\x80"));
    CHECK(orm::text::length("h\xC3\xA9llo \xF0\x9F\x98\x80") == 7);
    CHECK(orm::text::length("") == 0);
    CHECK(orm::text::length("\xE2\x82\xE2\x82") == 2);  // two truncated sequences
    CHECK(orm::text::length("e\xCC\x81") == 2);         // e + combining acute: two code points
}

TEST_CASE("utf8: char_start and advance agree with decoding on any input") {
    const std::string_view s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
    CHECK(orm::text::char_start(s, 0) == 0);
    CHECK(orm::text::char_start(s, 2) == 1);
    CHECK(orm::text::char_start(s, 5) == 3);
    CHECK(orm::text::char_start(s, 9) == 6);
    CHECK(orm::text::char_start(s, 10) == 10);
    CHECK(orm::text::char_start(s, 99) == 10);
    CHECK(orm::text::advance(s, 0, 2) == 3);
    CHECK(orm::text::advance(s, 1, 3) == 10);
    CHECK(orm::text::advance(s, 0, 99) == 10);
    // Stray continuation bytes after a truncated sequence start units of their own.
    const std::string_view t = "\xE2\x82\x82\x82";  // € cut: E2 82 82 is whole, then 82
    CHECK(units(t) == Units{{0x2082, 3}, {bad, 1}});
    CHECK(orm::text::char_start(t, 2) == 0);
    CHECK(orm::text::char_start(t, 3) == 3);
    const std::string_view u =
        "\xE2\x82"
        "a\x80\x80\x80\x80";
    CHECK(orm::text::char_start(u, 1) == 0);
    CHECK(orm::text::char_start(u, 4) == 4);
    CHECK(orm::text::char_start(u, 6) == 6);
    // Exhaustive over short byte strings: every unit start is a start, nothing inside one is.
    const unsigned char pieces[] = {0x41, 0x80, 0xBF, 0xC2, 0xE0, 0xE2,
                                    0xED, 0xF0, 0xF4, 0xFF, 0xA0, 0x90};
    std::size_t mismatches = 0;
    for (auto a : pieces)
        for (auto b : pieces)
            for (auto c : pieces)
                for (auto d : pieces) {
                    const std::string x{static_cast<char>(a), static_cast<char>(b),
                                        static_cast<char>(c), static_cast<char>(d)};
                    std::vector<bool> start(x.size(), false);
                    std::vector<std::size_t> owner(x.size());
                    for (const auto& cp : orm::text::code_points(x))
                        for (std::size_t i = 0; i < cp.size; ++i)
                            owner[cp.offset + i] = cp.offset;
                    for (std::size_t i = 0; i < x.size(); ++i)
                        if (orm::text::char_start(x, i) != owner[i]) ++mismatches;
                }
    CHECK(mismatches == 0);
}

TEST_CASE("words: letters and numbers are word characters, marks join, the rest separates") {
    for (char32_t cp : {U'a', U'Z', U'7', U'é', U'Ω', U'ж', U'日', U'한', U'ا', U'½', U'²', U'ǅ'})
        CHECK(orm::text::classify(cp) == CharClass::word);
    for (char32_t cp : {U'\u0301', U'\u0903', U'\u20DD'})  // Mn, Mc, Me
        CHECK(orm::text::classify(cp) == CharClass::mark);
    for (char32_t cp :
         {U' ', U'_', U'-', U'%', U'\'', U'→', U'€', U'😀', U'\uE000', U'\u3000', U'\uFFFD', U'\n'})
        CHECK(orm::text::classify(cp) == CharClass::separator);
}

TEST_CASE("words: has_word decides whether a term is matched literally") {
    CHECK(orm::text::has_word("sql"));
    CHECK(orm::text::has_word("e-mail"));
    CHECK(orm::text::has_word("\xE6\x97\xA5\xE6\x9C\xAC"));  // 日本
    CHECK(orm::text::has_word("\xC2\xBD"));                  // ½ is a number
    CHECK_FALSE(orm::text::has_word(""));
    CHECK_FALSE(orm::text::has_word("%"));
    CHECK(orm::text::has_word("c++"));
    CHECK_FALSE(orm::text::has_word("\xF0\x9F\x98\x80"));  // 😀
    CHECK_FALSE(orm::text::has_word("\xCC\x81"));          // a combining mark alone
    CHECK_FALSE(orm::text::has_word("\xE2\x92\xB6"));      // Ⓐ is a symbol
    // Invalid bytes separate, they do not end the scan.
    CHECK(orm::text::has_word("\xFFsql"));
    CHECK(orm::text::has_word("sql\xFF"));
    CHECK_FALSE(orm::text::has_word("\xFF\xFE"));
}

TEST_CASE("words: split_words") {
    using W = std::vector<std::string>;
    CHECK(words("e-mail") == W{"e", "mail"});
    CHECK(words("  SQLAlchemy is cool!  ") == W{"SQLAlchemy", "is", "cool"});
    CHECK(words("caf"
                "e\xCC\x81 noir") == W{"cafe\xCC\x81", "noir"});  // the mark stays
    CHECK(words("\xCC\x81sql") == W{"sql"});  // a mark after nothing is not a word
    CHECK(words("a\xE2\x83\x9D"
                "bc") == W{"a\xE2\x83\x9D"
                           "bc"});  // enclosing mark Me
    CHECK(words("foo_bar") == W{"foo", "bar"});
    CHECK(words("a\xFF"
                "b") == W{"a", "b"});
    CHECK(words("x\xF0\x9F\x98\x80y") == W{"x", "y"});
    CHECK(words("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xE3\x83\x86\xE3\x82\xAD") ==
          W{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "\xE3\x83\x86\xE3\x82\xAD"});  // 日本語 テキ
    CHECK(words("").empty());
    CHECK(words("-- %% --").empty());
    // A dialect widens the rules: InnoDB keeps '_' in words.
    const orm::text::Classifier innodb = [](char32_t cp) {
        return cp == '_' ? CharClass::word : orm::text::classify(cp);
    };
    CHECK(words("foo_bar baz", innodb) == W{"foo_bar", "baz"});
}

TEST_CASE("words: fold removes case, accents and compatibility forms") {
    CHECK(orm::text::fold("SQLAlchemy") == "sqlalchemy");
    CHECK(orm::text::fold("\xC3\x89"
                          "COLE") == "ecole");  // ÉCOLE
    CHECK(orm::text::fold("Stra\xC3\x9F"
                          "e") == "strasse");                                  // Straße
    CHECK(orm::text::fold("\xEF\xAC\x81le") == "file");                        // ﬁle
    CHECK(orm::text::fold("\xEF\xBC\xB3\xEF\xBD\x91\xEF\xBD\x8C") == "sql");   // ＳｑＬ
    CHECK(orm::text::fold("caf\xC3\xA9") == orm::text::fold("cafe\xCC\x81"));  // NFC = NFD
    CHECK(orm::text::fold("caf\xC3\xA9") == "cafe");
    CHECK(orm::text::fold(U'\u0301').empty());                            // a mark alone
    CHECK(orm::text::fold("\xCE\xA9\xCE\xBC\xCE\xAD\xCE\xB3\xCE\xB1") ==  // Ωμέγα
          "\xCF\x89\xCE\xBC\xCE\xB5\xCE\xB3\xCE\xB1");                    // ωμεγα
    CHECK(orm::text::fold("\xD0\x9F\xD1\x80\xD0\xB8") == "\xD0\xBF\xD1\x80\xD0\xB8");  // При
    CHECK(orm::text::fold("\xE6\x97\xA5\xE6\x9C\xAC") == "\xE6\x97\xA5\xE6\x9C\xAC");  // 日本
    CHECK(orm::text::fold("\xED\x95\x9C") == "\xED\x95\x9C");  // 한 stays one syllable
    CHECK(orm::text::fold("-%") == "-%");
    CHECK(orm::text::fold("\xFF") == "\xEF\xBF\xBD");  // an invalid unit is U+FFFD
    CHECK(orm::text::fold(char32_t{0xD800}) == "\xEF\xBF\xBD");
    CHECK(orm::text::fold(char32_t{0x110000}) == "\xEF\xBF\xBD");
    CHECK(orm::text::fold(U'\U0001F600') == "\xF0\x9F\x98\x80");
}
