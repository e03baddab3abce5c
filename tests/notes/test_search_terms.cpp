// The search language (parse_query), the snippets around matches
// (make_snippet) and "did you mean" (edit_distance, closest): pure functions,
// no database.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "notes/errors.hpp"
#include "notes/search.hpp"
#include "notes/suggest.hpp"

namespace {

using Terms = std::vector<std::pair<std::string, bool>>;  // (text, phrase)

Terms parsed(std::string_view query) {
    Terms out;
    for (const auto& term : notes::parse_query(query))
        out.emplace_back(term.text, term.phrase);
    return out;
}

std::vector<orm::SearchTerm> words(std::initializer_list<const char*> list) {
    std::vector<orm::SearchTerm> out;
    for (const char* w : list)
        out.push_back({w, false});
    return out;
}

// The marked pieces of a snippet's text, in order.
std::vector<std::string> marked(const notes::Snippet& s) {
    std::vector<std::string> out;
    for (const auto& [from, to] : s.marks) {
        REQUIRE(from < to);
        REQUIRE(to <= s.text.size());
        out.push_back(s.text.substr(from, to - from));
    }
    return out;
}

// Structurally valid UTF-8 (lead bytes followed by the right number of continuation bytes).
bool utf8_ok(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80           ? 1
                              : (c >> 5) == 0x6  ? 2
                              : (c >> 4) == 0xE  ? 3
                              : (c >> 3) == 0x1E ? 4
                                                 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

bool on_char_boundary(std::string_view s, std::size_t at) {
    return at == s.size() || (static_cast<unsigned char>(s[at]) & 0xC0) != 0x80;
}

std::string repeat(std::string_view piece, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
        out += piece;
    return out;
}

}  // namespace

// ---- parse_query ------------------------------------------------------------------

TEST_CASE("parse_query: words are terms, separated by any white space") {
    CHECK(parsed("sql") == Terms{{"sql", false}});
    CHECK(parsed("sql alchemy") == Terms{{"sql", false}, {"alchemy", false}});
    CHECK(parsed("  sql\t\talchemy \n cool  ") ==
          Terms{{"sql", false}, {"alchemy", false}, {"cool", false}});
    CHECK(parsed("café 日本 😀") == Terms{{"café", false}, {"日本", false}, {"😀", false}});
}

TEST_CASE("parse_query: double quotes around words make a phrase") {
    CHECK(parsed("\"is cool\"") == Terms{{"is cool", true}});
    CHECK(parsed("\"is cool\" sql") == Terms{{"is cool", true}, {"sql", false}});
    CHECK(parsed("sql \"is cool\"") == Terms{{"sql", false}, {"is cool", true}});
    // Outer blanks of a phrase are trimmed, inner ones kept.
    CHECK(parsed("\"  is   cool \"") == Terms{{"is   cool", true}});
    // A quoted single word is an ordinary term.
    CHECK(parsed("\"sql\"") == Terms{{"sql", false}});
    CHECK(parsed("\" sql \"") == Terms{{"sql", false}});
    // Quotes directly after a word are part of it.
    CHECK(parsed("a\"b c\"") == Terms{{"a\"b", false}, {"c\"", false}});
    CHECK(parsed("\"a b\"\"c d\"") == Terms{{"a b", true}, {"c d", true}});
}

TEST_CASE("parse_query: an unmatched quote is an ordinary character") {
    CHECK(parsed("\"unmatched") == Terms{{"\"unmatched", false}});
    CHECK(parsed("say \"hi there") == Terms{{"say", false}, {"\"hi", false}, {"there", false}});
    CHECK(parsed("\"a b\" \"c") == Terms{{"a b", true}, {"\"c", false}});
    CHECK(parsed("\"") == Terms{{"\"", false}});
}

TEST_CASE("parse_query: operators and syntax of search engines are plain words") {
    CHECK(parsed("apples AND pears OR NOT NEAR") == Terms{{"apples", false},
                                                          {"AND", false},
                                                          {"pears", false},
                                                          {"OR", false},
                                                          {"NOT", false},
                                                          {"NEAR", false}});
    CHECK(parsed("sql* -x +y ( ) : ^ {a}") == Terms{{"sql*", false},
                                                    {"-x", false},
                                                    {"+y", false},
                                                    {"(", false},
                                                    {")", false},
                                                    {":", false},
                                                    {"^", false},
                                                    {"{a}", false}});
    CHECK(parsed("e-mail") == Terms{{"e-mail", false}});
}

TEST_CASE("parse_query: a query without any term is Invalid") {
    for (const std::string query : {"", " ", " \t\n\r "}) {
        CAPTURE(query);
        try {
            notes::parse_query(query);
            FAIL_CHECK("no exception");
        } catch (const notes::Invalid& e) {
            CHECK(std::string(e.what()).find("search query") != std::string::npos);
        }
    }
    // Quotes around nothing are literal characters, like any other punctuation.
    CHECK(parsed("\"\"") == Terms{{"\"\"", false}});
    CHECK(parsed("\" \"") == Terms{{"\" \"", false}});
    CHECK(parsed("\"\" sql") == Terms{{"\"\"", false}, {"sql", false}});
}

TEST_CASE("parse_query: a query that is not UTF-8 is Invalid, naming the byte") {
    for (const std::string query : {"\xFFsql", "sql\xFF", "caf\xC3", "\xC0\xAF", "\xED\xA0\x80"}) {
        CAPTURE(query);
        try {
            notes::parse_query(query);
            FAIL_CHECK("no exception");
        } catch (const notes::Invalid& e) {
            CHECK(std::string(e.what()).find("search query") != std::string::npos);
            CHECK(std::string(e.what()).find("not valid UTF-8") != std::string::npos);
        }
    }
}

// ---- make_snippet ---------------------------------------------------------------

TEST_CASE("make_snippet: the whole word that a term starts is marked") {
    const auto s = notes::make_snippet("SQLAlchemy is cool", words({"sql"}));
    CHECK(s.text == "SQLAlchemy is cool");
    CHECK(s.marks == std::vector<std::pair<std::size_t, std::size_t>>{{0, 10}});

    const auto second = notes::make_snippet("I think SQLAlchemy is cool", words({"cool"}));
    CHECK(marked(second) == std::vector<std::string>{"cool"});
}

TEST_CASE("make_snippet: matching ignores case and accents, the original text is kept") {
    const auto s = notes::make_snippet("Un Café au lait", words({"CAFE"}));
    CHECK(s.text == "Un Café au lait");
    CHECK(marked(s) == std::vector<std::string>{"Café"});

    CHECK(marked(notes::make_snippet("un cafe noir", words({"café"}))) ==
          std::vector<std::string>{"cafe"});
    CHECK(marked(notes::make_snippet("ÉCOLE élève", words({"ecole", "ELE"}))) ==
          std::vector<std::string>{"ÉCOLE", "élève"});
    CHECK(marked(notes::make_snippet("Straße", words({"strasse"}))) ==
          std::vector<std::string>{"Straße"});
}

TEST_CASE("make_snippet: only the start of a word matches") {
    const auto s = notes::make_snippet("PostgreSQL and MySQL", words({"sql"}));
    CHECK(s.marks.empty());
    CHECK(s.text == "PostgreSQL and MySQL");
    CHECK(marked(notes::make_snippet("decafe cafe", words({"cafe"}))) ==
          std::vector<std::string>{"cafe"});
}

TEST_CASE("make_snippet: every occurrence of every term is marked, in order") {
    const auto s =
        notes::make_snippet("sql here, more SQL there, sqlite too", words({"sql", "there"}));
    CHECK(marked(s) == std::vector<std::string>{"sql", "SQL", "there", "sqlite"});
    for (std::size_t i = 1; i < s.marks.size(); ++i)
        CHECK(s.marks[i - 1].first < s.marks[i].first);
}

TEST_CASE("make_snippet: a phrase marks its words") {
    const auto s = notes::make_snippet("sqlalchemy is cool", {{"is cool", true}});
    CHECK(marked(s) == std::vector<std::string>{"is", "cool"});
}

TEST_CASE("make_snippet: words in other scripts are marked whole") {
    CHECK(marked(notes::make_snippet("Αθήνα είναι ωραία", words({"αθ"}))) ==
          std::vector<std::string>{"Αθήνα"});
    CHECK(marked(notes::make_snippet("Привет мир", words({"прив"}))) ==
          std::vector<std::string>{"Привет"});
    CHECK(marked(notes::make_snippet("naïveté rules", words({"nai"}))) ==
          std::vector<std::string>{"naïveté"});
}

TEST_CASE("make_snippet: punctuation terms are marked where they occur") {
    CHECK(marked(notes::make_snippet("I am 100% sure", words({"%"}))) ==
          std::vector<std::string>{"%"});
    CHECK(marked(notes::make_snippet("c++ and more c++", words({"++"}))) ==
          std::vector<std::string>{"++", "++"});
    CHECK(marked(notes::make_snippet("from a → b", words({"→"}))) == std::vector<std::string>{"→"});
    CHECK(marked(notes::make_snippet("price: 5 €", words({"€"}))) == std::vector<std::string>{"€"});
    // A term with punctuation inside marks its words.
    CHECK(marked(notes::make_snippet("send an e-mail today", words({"e-mail"}))) ==
          std::vector<std::string>{"e", "mail"});
}

TEST_CASE("make_snippet: no match gives the start of the text, unmarked") {
    const auto s = notes::make_snippet("nothing to see here", words({"zzz"}));
    CHECK(s.text == "nothing to see here");
    CHECK(s.marks.empty());

    const auto long_text = repeat("abcdefghij", 30);  // 300 characters
    const auto cut = notes::make_snippet(long_text, words({"zzz"}));
    CHECK(cut.text == long_text.substr(0, 100) + "…");
    CHECK(cut.marks.empty());
}

TEST_CASE("make_snippet: a window around the first match with an ellipsis on each cut side") {
    const std::string before = repeat("lorem ", 50);  // 300 characters
    const std::string after = repeat(" ipsum", 50);
    const std::string text = before + "target" + after;
    const auto s = notes::make_snippet(text, words({"target"}));
    // 25 characters of lead-in, 100 in all, "…" at both ends.
    CHECK(s.text == "…" + text.substr(300 - 25, 100) + "…");
    REQUIRE(s.marks.size() == 1);
    CHECK(s.marks[0] == std::pair<std::size_t, std::size_t>{3 + 25, 3 + 25 + 6});
    CHECK(marked(s) == std::vector<std::string>{"target"});

    // Near the start: no leading ellipsis.
    const auto early = notes::make_snippet("target" + after, words({"target"}));
    CHECK(early.text.rfind("target", 0) == 0);
    CHECK(early.text.size() == 100 + std::string("…").size());
    CHECK(early.text.substr(100) == "…");
    // Near the end: no trailing ellipsis.
    const auto late = notes::make_snippet(before + "target", words({"target"}));
    CHECK(late.text == "…" + (before + "target").substr(300 - 25));
    // A narrower window.
    const auto narrow = notes::make_snippet(text, words({"target"}), 20);
    CHECK(narrow.text == "…" + text.substr(300 - 5, 20) + "…");
    CHECK(marked(narrow) == std::vector<std::string>{"target"});
}

TEST_CASE("make_snippet: a match cut by the window is not marked") {
    // "aa" at 201: the window is [176, 276); "target" starts at 272 and ends past it.
    const std::string text = repeat("x", 200) + " aa bb cc" + std::string(63, ' ') + "target end";
    const auto s = notes::make_snippet(text, words({"aa", "target"}));
    CHECK(marked(s) == std::vector<std::string>{"aa"});
    CHECK(s.text.find("targ") != std::string::npos);
}

TEST_CASE("make_snippet: the window is counted in characters and never splits one") {
    const std::string text = repeat("é", 300) + " cible " + repeat("日", 300);
    const auto s = notes::make_snippet(text, words({"cible"}));
    CHECK(utf8_ok(s.text));
    CHECK(s.text == "…" + repeat("é", 24) + " cible " + repeat("日", 100 - 24 - 7) + "…");
    CHECK(marked(s) == std::vector<std::string>{"cible"});
    for (const auto& [from, to] : s.marks) {
        CHECK(on_char_boundary(s.text, from));
        CHECK(on_char_boundary(s.text, to));
    }
}

TEST_CASE("make_snippet: one line: line breaks and tabs become spaces") {
    const auto s = notes::make_snippet("first line\nsecond\r\nthird\tsql", words({"sql"}));
    CHECK(s.text == "first line second  third sql");
    CHECK(marked(s) == std::vector<std::string>{"sql"});
}

TEST_CASE("make_snippet: marks stay inside the text and on character boundaries") {
    const std::string text = "Ça va? Çà et là, ÇA VA très bien — ça!";
    const auto s = notes::make_snippet(text, words({"ca", "tres", "—"}));
    CHECK(utf8_ok(s.text));
    CHECK(marked(s) == std::vector<std::string>{"Ça", "Çà", "ÇA", "très", "—", "ça"});
    for (const auto& [from, to] : s.marks) {
        CHECK(on_char_boundary(s.text, from));
        CHECK(on_char_boundary(s.text, to));
    }
}

TEST_CASE("make_snippet: a term without letters or digits is marked byte for byte") {
    // Ⓐ is a symbol: the dialects match it literally, so ⓐ (its case fold) is not marked.
    CHECK(marked(notes::make_snippet("\u24B6 and \u24D0", words({"\u24B6"}))) ==
          std::vector<std::string>{"\u24B6"});
    // A combining mark alone is such a term too.
    CHECK(marked(notes::make_snippet("cafe\u0301 noir", words({"\u0301"}))) ==
          std::vector<std::string>{"\u0301"});
}

TEST_CASE("make_snippet: marks belong to the word before them, enclosing marks too") {
    CHECK(marked(notes::make_snippet("a\u20DDbc and more", words({"a"}))) ==
          std::vector<std::string>{"a\u20DDbc", "and"});
    CHECK(marked(notes::make_snippet("a\u20DDbc", words({"bc"}))).empty());
    // A mark after a separator is not a word: the word after it starts a word.
    CHECK(marked(notes::make_snippet("x \u0301sql", words({"sql"}))) ==
          std::vector<std::string>{"sql"});
}

TEST_CASE("make_snippet: compatibility forms match their plain letters") {
    CHECK(marked(notes::make_snippet("sql and \uFF53\uFF51\uFF4C", words({"sql"}))) ==
          std::vector<std::string>{"sql", "\uFF53\uFF51\uFF4C"});
    CHECK(marked(notes::make_snippet("a \uFB01le here", words({"file"}))) ==
          std::vector<std::string>{"\uFB01le"});
}

TEST_CASE("make_snippet: text that is not UTF-8 keeps marks on character boundaries") {
    // Written by another program: bad bytes separate words and are never split.
    const std::string text = "sql\xE2\x82sql \xFFsql \x80\x80sql";
    const auto s = notes::make_snippet(text, words({"sql"}));
    CHECK(marked(s) == std::vector<std::string>{"sql", "sql", "sql", "sql"});
    const auto literal = notes::make_snippet("\xE2\x82\x82 \x82", words({"\x82"}));
    CHECK(literal.marks.size() == 1);  // the stray byte, not the middle of the first unit
}

// ---- did you mean -------------------------------------------------------------------

TEST_CASE("edit_distance: insertions, deletions and substitutions in code points") {
    CHECK(notes::edit_distance("", "") == 0);
    CHECK(notes::edit_distance("tech", "tech") == 0);
    CHECK(notes::edit_distance("tech", "tecj") == 1);
    CHECK(notes::edit_distance("tech", "tec") == 1);
    CHECK(notes::edit_distance("tech", "teach") == 1);
    CHECK(notes::edit_distance("tech", "etch") == 2);  // a swap is two edits
    CHECK(notes::edit_distance("", "abc") == 3);
    CHECK(notes::edit_distance("abc", "") == 3);
    CHECK(notes::edit_distance("kitten", "sitting") == 3);
    CHECK(notes::edit_distance("café", "cafe") == 1);  // one character, two bytes
    CHECK(notes::edit_distance("日本語", "日本") == 1);
    CHECK(notes::edit_distance("😀a", "😃a") == 1);
    CHECK(notes::edit_distance("Tech", "tech") == 0);  // case does not count
    CHECK(notes::edit_distance("ÉCOLE", "école") == 0);
    CHECK(notes::edit_distance("abc", "xyz") == 3);
}

TEST_CASE("closest: the nearest name within a typo or two, else nothing") {
    const std::vector<std::string> names{"tech", "work", "personal", "ideas"};
    CHECK(notes::closest("tecj", names) == std::optional<std::string>("tech"));
    CHECK(notes::closest("Tech", names) == std::optional<std::string>("tech"));
    CHECK(notes::closest("wrok", names) == std::optional<std::string>("work"));
    CHECK(notes::closest("persnal", names) == std::optional<std::string>("personal"));
    CHECK(notes::closest("idea", names) == std::optional<std::string>("ideas"));
    CHECK_FALSE(notes::closest("zzz", names).has_value());
    CHECK_FALSE(notes::closest("tech", {}).has_value());
    // Short names allow one edit only; never more than three.
    CHECK(notes::closest("ab", {"ac"}) == std::optional<std::string>("ac"));
    CHECK_FALSE(notes::closest("ab", {"cd"}).has_value());
    CHECK(notes::closest("abcdefghi", {"abcdefxyz"}) == std::optional<std::string>("abcdefxyz"));
    CHECK_FALSE(notes::closest("abcdefghijkl", {"abcdefghwxyz"}).has_value());  // 4 edits
    // The nearest wins.
    CHECK(notes::closest("worker", {"work", "worked"}) == std::optional<std::string>("worked"));
    CHECK(notes::closest("café", {"cafe", "cage"}) == std::optional<std::string>("cafe"));
}

TEST_CASE("make_snippet: marks are well-formed for any text and terms (seeded random cases)") {
    // Pieces chosen for awkward folding: expanding (ß, ﬁ, İ), combining marks,
    // other scripts, punctuation of one to three bytes, emoji, line breaks.
    const std::vector<std::string> pieces{
        "a",  "b",  "sql", "ß", "ﬁ", "İ", "e\u0301", "é",  "Ω",   "日本", "😀", " ", "  ",
        "\n", "\t", "-",   "%", "→", "…", "'",       "\"", "c++", "ǅ",    "½", "x", "SS"};
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    auto next = [&](std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>((state >> 33) % n);
    };
    for (int round = 0; round < 400; ++round) {
        std::string text;
        const auto length = 1 + next(200);
        for (std::size_t i = 0; i < length; ++i)
            text += pieces[next(pieces.size())];
        std::vector<orm::SearchTerm> terms;
        const auto count = 1 + next(3);
        for (std::size_t i = 0; i < count; ++i) {
            std::string term = pieces[next(pieces.size())];
            if (next(2)) term += pieces[next(pieces.size())];
            terms.push_back({term, false});
        }
        CAPTURE(text);
        const auto s = notes::make_snippet(text, terms, 1 + next(120));
        REQUIRE(utf8_ok(s.text));
        for (const auto& [from, to] : s.marks) {
            REQUIRE(from < to);
            REQUIRE(to <= s.text.size());
            REQUIRE(on_char_boundary(s.text, from));
            REQUIRE(on_char_boundary(s.text, to));
        }
    }
}
