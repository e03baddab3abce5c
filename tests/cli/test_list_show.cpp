// `notes list`, `notes list NAME`, `notes show ID`.
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.hpp"

using namespace cli;

namespace {

json note_line(long long id, const std::string& cat, const std::string& text,
               const std::string& created, const std::string& updated) {
    return json{{"id", id},
                {"category", cat},
                {"text", text},
                {"created_at", created},
                {"updated_at", updated}};
}

}  // namespace

TEST_SUITE_BEGIN("list-show");

TEST_CASE_FIXTURE(Env, "list on an empty database is an empty array") {
    Result r = run({"--json", "list"});
    REQUIRE_OK(r);
    CHECK(r.json() == json::array());
    Result h = run({"list"});
    CHECK_OK(h);
}

TEST_CASE_FIXTURE(Env, "list --json gives category objects with note counts") {
    create("empty");
    add("tech", "one");
    add("tech", "two");
    add("misc", "three");
    json cats = categories();
    REQUIRE(cats.is_array());
    REQUIRE(cats.size() == 3);
    for (const auto& c : cats)
        check_category_object(c);
    CHECK(names(cats) == std::vector<std::string>{"empty", "misc", "tech"});
    CHECK(cats[0]["notes"] == 0);
    CHECK(cats[1]["notes"] == 1);
    CHECK(cats[2]["notes"] == 2);
}

TEST_CASE_FIXTURE(Env, "list orders categories by name in code-point order") {
    // Byte order of UTF-8 is code-point order. Collations would sort these
    // case- and accent-insensitively, or numerically.
    std::vector<std::string> input{
        "b",   "B",  "a", "Z", "\xc3\xa9" /* é */,      "\xc3\xa4" /* ä */,
        "_x",  "10", "9", "e", "\xe4\xb8\xad" /* 中 */, "\xf0\x9f\x93\x9a" /* 📚 */,
        "A b", "Ab"};
    for (const auto& n : input)
        create(n);
    std::vector<std::string> expected = input;
    std::sort(expected.begin(), expected.end());
    CHECK(names(categories()) == expected);
}

TEST_CASE_FIXTURE(Env, "list NAME shows notes newest first by created_at then id") {
    for (std::string t : {"n1", "n2", "n3", "n4"})
        add("tech", t);
    add("other", "not mine");
    json notes = notes_of("tech");
    REQUIRE(notes.is_array());
    for (const auto& n : notes) {
        check_note_object(n);
        CHECK(n["category"] == "tech");
    }
    // Same second for all: ties are broken by id descending.
    CHECK(texts(notes) == std::vector<std::string>{"n4", "n3", "n2", "n1"});
    auto v = ids(notes);
    CHECK(std::is_sorted(v.rbegin(), v.rend()));
}

TEST_CASE_FIXTURE(Env, "list NAME --oldest and --limit") {
    for (std::string t : {"n1", "n2", "n3", "n4"})
        add("tech", t);
    Result o = run({"--json", "list", "tech", "--oldest"});
    REQUIRE_OK(o);
    CHECK(texts(o.json()) == std::vector<std::string>{"n1", "n2", "n3", "n4"});
    Result l = run({"--json", "list", "tech", "--limit", "2"});
    REQUIRE_OK(l);
    CHECK(texts(l.json()) == std::vector<std::string>{"n4", "n3"});
    Result ol = run({"--json", "list", "--oldest", "--limit", "3", "tech"});
    REQUIRE_OK(ol);
    CHECK(texts(ol.json()) == std::vector<std::string>{"n1", "n2", "n3"});
    Result big = run({"--json", "list", "tech", "--limit", "100"});
    REQUIRE_OK(big);
    CHECK(big.json().size() == 4);
}

TEST_CASE_FIXTURE(Env, "list NAME orders by created_at before id") {
    // Imported notes keep their created_at; import order gives ids that
    // disagree with the times.
    std::string lines =
        note_line(1, "hist", "middle", "2020-06-01T12:00:00Z", "2020-06-01T12:00:00Z").dump() +
        "\n" +
        note_line(2, "hist", "oldest", "2019-01-01T00:00:00Z", "2023-01-01T00:00:00Z").dump() +
        "\n" +
        note_line(3, "hist", "newest", "2021-12-31T23:59:59Z", "2021-12-31T23:59:59Z").dump() +
        "\n";
    Result imp = run({"import", "-"}, lines);
    REQUIRE_OK(imp);
    CHECK(texts(notes_of("hist")) == std::vector<std::string>{"newest", "middle", "oldest"});
    Result o = run({"--json", "list", "hist", "--oldest"});
    REQUIRE_OK(o);
    CHECK(texts(o.json()) == std::vector<std::string>{"oldest", "middle", "newest"});
    // And notes added now are newer than all of them.
    add("hist", "today");
    CHECK(texts(notes_of("hist"))[0] == "today");
}

TEST_CASE_FIXTURE(Env, "list NAME of an empty category is an empty array") {
    create("empty");
    CHECK(notes_of("empty") == json::array());
}

TEST_CASE_FIXTURE(Env, "list NAME of a missing category is not_found with a did-you-mean hint") {
    create("tech");
    Result j = run({"--json", "list", "tecj"});
    check_json_error(j, 1);
    if (j.code == 1 && !j.err.empty()) {
        std::string msg = j.err_json()["error"].value("message", "");
        CHECK_MESSAGE(msg.find("tecj") != std::string::npos, msg);
        CHECK_MESSAGE(msg.find("tech") != std::string::npos, msg);
    }
    Result h = run({"list", "tecj"});
    check_human_error(h, 1);
    CHECK_MESSAGE(h.err.find("tech") != std::string::npos, h);
}

TEST_CASE_FIXTURE(Env, "list NAME with an invalid name is exit 2 not 1") {
    create("tech");
    check_json_error(run({"--json", "list", " tech"}), 2);
    check_json_error(run({"--json", "list", "tech "}), 2);
    check_json_error(run({"--json", "list", ""}), 2);
    check_json_error(run({"--json", "list", repeat("x", 65)}), 2);
}

TEST_CASE_FIXTURE(Env, "list --limit must be a positive integer") {
    add("tech", "x");
    for (std::string bad : {"0", "-1", "abc", "1.5", "", " 1", "+1", "1e3"}) {
        CAPTURE(bad);
        check_json_error(run({"--json", "list", "tech", "--limit", bad}), 2);
    }
}

TEST_CASE_FIXTURE(Env, "show prints the whole note") {
    std::string text = "first line\nsecond line\n\tthird";
    json n = add("tech", text);
    std::string id = std::to_string(n["id"].get<long long>());
    Result j = run({"--json", "show", id});
    REQUIRE_OK(j);
    json s = j.json();
    check_note_object(s);
    CHECK(s == n);
    Result h = run({"show", id});
    REQUIRE_OK(h);
    CHECK_MESSAGE(h.out.find("second line") != std::string::npos, h);
    CHECK_MESSAGE(h.out.find("third") != std::string::npos, h);
}

TEST_CASE_FIXTURE(Env, "show a missing id is not_found") {
    json n = add("tech", "x");
    long long missing = n["id"].get<long long>() + 1000;
    check_json_error(run({"--json", "show", std::to_string(missing)}), 1);
    check_human_error(run({"show", std::to_string(missing)}), 1);
}

TEST_CASE_FIXTURE(Env, "show with an invalid id is exit 2") {
    add("tech", "x");
    for (std::string bad : {"0", "-1", "+1", " 1", "1 ", "abc", "1.0", "1e2", "0x1", "",
                            "\xef\xbc\x91" /* fullwidth 1 */, "\xd9\xa1" /* arabic-indic 1 */}) {
        CAPTURE(bad);
        check_json_error(run({"--json", "show", bad}), 2);
    }
}

TEST_CASE_FIXTURE(Env, "show with an id too large for any row is not a crash") {
    Result r = run({"--json", "show", "99999999999999999999999999"});
    CHECK_MESSAGE((r.code == 1 || r.code == 2), r);
    CHECK(r.out.empty());
    Result r2 = run({"--json", "show", "9223372036854775807"});
    CHECK_MESSAGE(r2.code == 1, r2);
}

TEST_SUITE_END();
