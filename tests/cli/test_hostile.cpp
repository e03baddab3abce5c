// Hostile input: quotes and SQL in values, NUL, invalid UTF-8, size limits,
// and non-ASCII text that must come back byte for byte.
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cli;

namespace {

constexpr size_t kMiB = 1048576;

std::string id_of(const json& n) {
    return std::to_string(n.at("id").get<long long>());
}

// show --json must give back exactly this text.
void check_round_trip(const Env& env, const json& added, const std::string& text) {
    CHECK(added["text"] == text);
    Result s = env.run({"--json", "show", id_of(added)});
    REQUIRE_MESSAGE(s.code == 0, s);
    json n = s.json();
    CHECK(n["text"].get<std::string>() == text);
    CHECK(n == added);
}

}  // namespace

TEST_SUITE_BEGIN("hostile");

TEST_CASE_FIXTURE(Env, "quotes and SQL in names and text are plain data") {
    json keep = add("keep", "must survive");
    std::vector<std::string> values = {
        "it's",
        "\"double\"",
        "'); DROP TABLE notes; --",
        "Robert'); DROP TABLE categories;--",
        "`backtick`",
        "back\\slash",
        "x' OR '1'='1",
        "%_wild%",
        "; DELETE FROM notes",
        "/* comment */",
    };
    for (const auto& v : values) {
        CAPTURE(v);
        Result c = run({"--json", "create", v});
        REQUIRE_MESSAGE(c.code == 0, c);
        CHECK(c.json()["name"] == v);
        json n = add(v, v);
        CHECK(n["category"] == v);
        check_round_trip(*this, n, v);
        json l = notes_of(v);
        REQUIRE(l.size() == 1);
        CHECK(l[0]["text"] == v);
    }
    json cats = categories();
    CHECK(cats.size() == values.size() + 1);
    Result s = run({"--json", "show", id_of(keep)});
    REQUIRE_OK(s);
    CHECK(s.json() == keep);
    // Searching for them is no error either, and finds the note.
    Result f = run({"--json", "search", "'); DROP TABLE notes; --"});
    REQUIRE_OK(f);
    bool hit = false;
    for (const auto& n : f.json())
        hit |= n["text"] == "'); DROP TABLE notes; --";
    CHECK_MESSAGE(hit, f);
    Result g = run({"--json", "search", "Robert'); DROP"});
    REQUIRE_OK(g);
    CHECK(texts(g.json()) == std::vector<std::string>{"Robert'); DROP TABLE categories;--"});
    // Renaming and dropping by such names works too.
    REQUIRE_OK(run({"rename", "'); DROP TABLE notes; --", "x'); --"}));
    REQUIRE_OK(run({"drop", "--force", "x'); --"}));
    CHECK(categories().size() == values.size());
}

TEST_CASE_FIXTURE(Env, "a NUL byte from stdin is exit 2 and nothing is written") {
    create("t");
    std::string before = snapshot();
    check_json_error(run({"--json", "add", "-c", "t"}, std::string("abc\0def\n", 8)), 2);
    check_json_error(run({"--json", "add", "-c", "t", "-"}, std::string("\0", 1)), 2);
    check_json_error(run({"--json", "add", "-c", "new"}, std::string("trailing nul\0", 13)), 2);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "invalid UTF-8 in text is exit 2 and nothing is written") {
    create("t");
    std::string before = snapshot();
    for (std::string bad : {"\xff", "abc\xfe", "\xc3\x28", "\xe2\x28\xa1", "\xf0\x28\x8c\x28",
                            "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "ok then \x80"}) {
        CAPTURE(bad);
        check_json_error(run({"--json", "add", "-c", "t", bad}), 2);
        check_json_error(run({"--json", "add", "-c", "t"}, bad + "\n"), 2);
    }
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "text of exactly 1 MiB is accepted and 1 MiB plus 1 byte is not") {
    create("big");
    std::string exact(kMiB, 'a');
    exact[0] = 'S';
    exact[kMiB - 1] = 'E';
    Result r = run({"--json", "add", "-c", "big"}, exact);
    REQUIRE_MESSAGE(r.code == 0, r);
    check_round_trip(*this, r.json(), exact);

    // The dropped trailing newline does not count.
    Result nl = run({"--json", "add", "-c", "big"}, exact + "\n");
    REQUIRE_MESSAGE(nl.code == 0, nl);
    CHECK(nl.json()["text"].get<std::string>().size() == kMiB);

    std::string before = snapshot();
    check_json_error(run({"--json", "add", "-c", "big"}, exact + "b"), 2);
    check_json_error(run({"--json", "add", "-c", "big"}, exact + "b\n"), 2);
    check_json_error(run({"--json", "edit", id_of(r.json())}, exact + "b"), 2);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "the 1 MiB limit counts bytes not characters") {
    std::string euro = "\xe2\x82\xac";
    std::string exact = repeat(euro, 349525) + "a";  // 1048576 bytes
    REQUIRE(exact.size() == kMiB);
    Result r = run({"--json", "add", "-c", "big"}, exact);
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.json()["text"].get<std::string>() == exact);
    std::string over = repeat(euro, 349526);  // 349526 characters, 1048578 bytes
    check_json_error(run({"--json", "add", "-c", "big"}, over), 2);
}

TEST_CASE_FIXTURE(Env, "emoji CJK and other scripts round-trip byte for byte") {
    std::vector<std::string> values = {
        "\xf0\x9f\x98\x80 grinning",                                  // 😀
        "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb ZWJ sequence",  // 👩‍💻
        "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7 flag",                      // 🇫🇷
        "\xe6\xbc\xa2\xe5\xad\x97\xe3\x81\x8b\xe3\x81\xaa\xe3\x82\xab\xe3\x83\x8a "
        "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4",  // 漢字かなカナ 한국어
        "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd8\xb3\xd9\x84\xd8\xa7\xd9\x85",  // שלום سلام
        "e\xcc\x81 combining vs \xc3\xa9 precomposed",                        // NFD and NFC kept
        "\xf0\x9d\x95\xb3\xf0\x9d\x96\x8a\xf0\x9d\x96\x91 math",              // astral plane
        "\xef\xbb\xbf BOM at start",
        "line\xe2\x80\xa8separator",  // U+2028
    };
    std::string cat = "\xf0\x9f\x93\x9a \xe6\x9c\xac";  // 📚 本
    for (const auto& v : values) {
        CAPTURE(v);
        json n = add(cat, v);
        CHECK(n["category"] == cat);
        check_round_trip(*this, n, v);
        // and through stdin
        Result s = run({"--json", "add", "-c", cat}, v + "\n");
        REQUIRE_MESSAGE(s.code == 0, s);
        CHECK(s.json()["text"] == v);
    }
    CHECK(names(categories()) == std::vector<std::string>{cat});
    Result e = run({"export"});
    REQUIRE_OK(e);
    auto lines = e.json_lines();
    REQUIRE(lines.size() == 2 * values.size());
    for (size_t i = 0; i < values.size(); ++i)
        CHECK(lines[2 * i]["text"] == values[i]);
    Result f = run({"--json", "search", "grinning"});
    REQUIRE_OK(f);
    CHECK(f.json().size() == 2);
}

TEST_CASE_FIXTURE(Env, "control characters other than NUL are kept in text") {
    std::string c0;
    for (int c = 1; c < 0x20; ++c)
        c0 += static_cast<char>(c);
    std::string text = "ctl:" + c0 + "\x7f" + "\xc2\x80\xc2\x85\xc2\x9f" + ":end";
    json n = add("ctl", text);
    check_round_trip(*this, n, text);
    json only = add("ctl", "\x01");  // not white space, so not blank
    check_round_trip(*this, only, "\x01");
    Result e = run({"export", "-c", "ctl"});
    REQUIRE_OK(e);
    auto lines = e.json_lines();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["text"] == text);
}

TEST_CASE_FIXTURE(Env, "white space only in any form is blank text") {
    create("t");
    std::string before = snapshot();
    for (std::string blank : {" ", "\t", " \t ", "\r", "\n\n", "\v\f", " \r\n"}) {
        CAPTURE(blank);
        check_json_error(run({"--json", "add", "-c", "t", blank}), 2);
    }
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "Unicode white space only is blank text") {
    create("t");
    std::string before = snapshot();
    // U+00A0 no-break space, U+3000 ideographic space, U+2003 em space
    for (std::string blank : {"\xc2\xa0", "\xe3\x80\x80", " \xe2\x80\x83 "}) {
        CAPTURE(blank);
        check_json_error(run({"--json", "add", "-c", "t", blank}), 2);
    }
    CHECK(snapshot() == before);
}

TEST_SUITE_END();
