// `notes search` (contract: shared/docs/cli.md, Search).
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.hpp"

using namespace cli;

namespace {

const std::string kSql = "SQLAlchemy is cool";
const std::string kCafe = "Caf\xc3\xa9 au lait";
const std::string kMail = "send an e-mail to bob";
const std::string kFox = "the quick brown fox jumps";
const std::string kOps = "AND OR NOT NEAR";
const std::string kCats = "cats are not dogs";
const std::string kResume = "my resume is ready";
const std::string kEcole =
    "\xc3\x89"
    "COLE publique";  // ÉCOLE
const std::string kBob = "bob's burgers";
const std::string kMisc = "sql in misc";

void corpus(const Env& env) {
    for (const auto& t : {kSql, kCafe, kMail, kFox, kOps, kCats, kResume, kEcole, kBob})
        env.add("s", t);
    env.add("m", kMisc);
}

// Run `--json search ARGS...`, check the result shape, return the texts.
std::vector<std::string> found(const Env& env, std::vector<std::string> args, bool sorted = true) {
    args.insert(args.begin(), {"--json", "search"});
    Result r = env.run(args);
    REQUIRE_MESSAGE(r.code == 0, r);
    json a = r.json();
    REQUIRE_MESSAGE(a.is_array(), r);
    for (const auto& n : a)
        check_note_object(n, /*allow_search_extras=*/true);
    auto t = texts(a);
    if (sorted) std::sort(t.begin(), t.end());
    return t;
}

std::vector<std::string> S(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace

TEST_SUITE_BEGIN("search");

TEST_CASE_FIXTURE(Env, "search finds a word prefix case-insensitively") {
    corpus(*this);
    CHECK(found(*this, {"sql"}) == S({kSql, kMisc}));
    CHECK(found(*this, {"SQL"}) == S({kSql, kMisc}));
    CHECK(found(*this, {"sqlalchemy"}) == S({kSql}));
    CHECK(found(*this, {"SqlAlch"}) == S({kSql}));
    CHECK(found(*this, {"cool"}) == S({kSql}));
}

TEST_CASE_FIXTURE(Env, "search matches a word or the start of a word only") {
    corpus(*this);
    CHECK(found(*this, {"alchemy"}).empty());
    CHECK(found(*this, {"ool"}).empty());
    CHECK(found(*this, {"rown"}).empty());
}

TEST_CASE_FIXTURE(Env, "search is accent-insensitive both ways") {
    corpus(*this);
    CHECK(found(*this, {"cafe"}) == S({kCafe}));
    CHECK(found(*this, {"caf\xc3\xa9"}) == S({kCafe}));
    CHECK(found(*this, {"CAF\xc3\x89"}) == S({kCafe}));
    CHECK(found(*this, {"ecole"}) == S({kEcole}));
    CHECK(found(*this, {"\xc3\xa9"
                        "cole"}) == S({kEcole}));
    CHECK(found(*this, {"r\xc3\xa9sum\xc3\xa9"}) == S({kResume}));  // résumé finds resume
}

TEST_CASE_FIXTURE(Env, "search requires every term") {
    corpus(*this);
    CHECK(found(*this, {"quick", "fox"}) == S({kFox}));
    CHECK(found(*this, {"quick fox"}) == S({kFox}));  // one argv word with a space
    CHECK(found(*this, {"fox", "quick"}) == S({kFox}));
    CHECK(found(*this, {"quick", "cat"}).empty());
    CHECK(found(*this, {"sql", "misc"}) == S({kMisc}));
}

TEST_CASE_FIXTURE(Env, "search with a double-quoted phrase") {
    corpus(*this);
    CHECK(found(*this, {"\"brown fox\""}) == S({kFox}));
    CHECK(found(*this, {"\"fox brown\""}).empty());
    CHECK(found(*this, {"\"quick fox\""}).empty());
    CHECK(found(*this, {"\"brown", "fox\""}) == S({kFox}));  // argv words joined by spaces
    CHECK(found(*this, {"\"brown fox\"", "the"}) == S({kFox}));
}

TEST_CASE_FIXTURE(Env, "search treats AND OR NOT NEAR as ordinary terms") {
    corpus(*this);
    CHECK(found(*this, {"AND"}) == S({kOps}));
    CHECK(found(*this, {"OR"}) == S({kOps}));
    CHECK(found(*this, {"NOT"}) == S({kOps, kCats}));
    CHECK(found(*this, {"not"}) == S({kOps, kCats}));
    CHECK(found(*this, {"NEAR"}) == S({kOps}));
    // As operators these would mean something else:
    CHECK(found(*this, {"cat", "NOT", "dogs"}) == S({kCats}));
    CHECK(found(*this, {"NOT", "cat"}) == S({kCats}));
    CHECK(found(*this, {"cat", "OR", "quick"}).empty());
    CHECK(found(*this, {"cat", "AND", "dogs"}).empty());
    CHECK(found(*this, {"NEAR(cats dogs)"}).size() <= 1);  // never an error
}

TEST_CASE_FIXTURE(Env, "search treats short and common words as ordinary terms") {
    corpus(*this);
    CHECK(found(*this, {"is"}) == S({kSql, kResume}));
    CHECK(found(*this, {"the"}) == S({kFox}));
    CHECK(found(*this, {"to"}) == S({kMail}));
    CHECK(found(*this, {"an"}) == S({kMail, kOps}));
    CHECK(found(*this, {"a"}) == S({kCafe, kMail, kOps, kCats}));
    CHECK(found(*this, {"my"}) == S({kResume}));
    CHECK(found(*this, {"au"}) == S({kCafe}));
}

TEST_CASE_FIXTURE(Env, "search with punctuation inside a term finds text that contains it") {
    corpus(*this);
    CHECK(found(*this, {"e-mail"}) == S({kMail}));
    CHECK(found(*this, {"bob's"}) == S({kBob}));
    CHECK(found(*this, {"bob"}) == S({kMail, kBob}));
}

TEST_CASE_FIXTURE(Env, "search never fails on query syntax characters") {
    corpus(*this);
    std::vector<std::string> queries = {"*",
                                        "+",
                                        "\"",
                                        "(",
                                        ")",
                                        "@2",
                                        "~",
                                        "^",
                                        ":",
                                        "{",
                                        "}",
                                        "[",
                                        "]",
                                        "'",
                                        "\\",
                                        "%",
                                        "_",
                                        ".",
                                        ",",
                                        ";",
                                        "|",
                                        "&",
                                        "!",
                                        "<",
                                        ">",
                                        "=",
                                        "?",
                                        "$",
                                        "#",
                                        "`",
                                        "NEAR(",
                                        "a*",
                                        "cat*",
                                        "\"unbalanced",
                                        "\"\"",
                                        "col:val",
                                        "cat -dogs",
                                        "+cat -dogs",
                                        ">cat <dogs",
                                        "NEAR/2",
                                        "x AND",
                                        "OR OR",
                                        "( )",
                                        "a:b:c",
                                        "sql\"",
                                        "'sql'",
                                        "-",
                                        "cat --",
                                        "cat ~dogs",
                                        "cat @2",
                                        "s*q*l",
                                        "\"cat\" \"dogs\"",
                                        "{cat dogs}",
                                        "^cat",
                                        "\\\"",
                                        "' OR 1=1 --",
                                        "%' OR '1'='1",
                                        "cat) OR (dogs",
                                        "AND",
                                        "NOT NOT"};
    for (const auto& q : queries) {
        CAPTURE(q);
        Result r = run({"--json", "search", q});
        CHECK_MESSAGE(r.code == 0, r);
        if (r.code == 0) {
            json a = r.json();
            CHECK(a.is_array());
        }
        Result h = run({"search", q});
        CHECK_MESSAGE(h.code == 0, h);
    }
}

TEST_CASE_FIXTURE(Env, "search does not treat SQL LIKE wildcards or quotes as patterns") {
    add("w", "xyz");
    add("w", "abc");
    add("w", "x_z marks the spot");
    add("w", "a%c ratio");
    CHECK(found(*this, {"x_z", "-c", "w"}) == S({"x_z marks the spot"}));
    CHECK(found(*this, {"a%c", "-c", "w"}) == S({"a%c ratio"}));
    CHECK(found(*this, {"' OR 1=1 --"}).empty());
    CHECK(found(*this, {"' OR '1'='1"}).empty());
}

TEST_CASE_FIXTURE(Env, "search -c limits to one category and a missing one is not_found") {
    corpus(*this);
    CHECK(found(*this, {"sql", "-c", "s"}) == S({kSql}));
    CHECK(found(*this, {"-c", "m", "sql"}) == S({kMisc}));
    create("empty");
    CHECK(found(*this, {"sql", "-c", "empty"}).empty());
    Result r = run({"--json", "search", "sql", "-c", "nope"});
    check_json_error(r, 1);
    Result r2 = run({"--json", "search", "zzzz", "-c", "nope"});
    check_json_error(r2, 1);
    check_json_error(run({"--json", "search", "sql", "-c", " s"}), 2);
    check_json_error(run({"--json", "search", "sql", "-c", ""}), 2);
}

TEST_CASE_FIXTURE(Env, "search --limit") {
    corpus(*this);
    CHECK(found(*this, {"a", "--limit", "1"}).size() == 1);
    CHECK(found(*this, {"a", "--limit", "3"}).size() == 3);
    CHECK(found(*this, {"--limit", "100", "a"}).size() == 4);
    for (std::string bad : {"0", "-1", "x", "1.5", ""}) {
        CAPTURE(bad);
        check_json_error(run({"--json", "search", "a", "--limit", bad}), 2);
    }
}

TEST_CASE_FIXTURE(Env, "search with no match is exit 0 and empty output") {
    corpus(*this);
    Result j = run({"--json", "search", "zzzzqqq"});
    REQUIRE_OK(j);
    CHECK(j.json() == json::array());
    Result h = run({"search", "zzzzqqq"});
    REQUIRE_OK(h);
    CHECK_MESSAGE(h.out.empty(), h);
}

TEST_CASE_FIXTURE(Env, "search on an empty database is exit 0") {
    Result j = run({"--json", "search", "anything"});
    REQUIRE_OK(j);
    CHECK(j.json() == json::array());
}

TEST_CASE_FIXTURE(Env, "search without a query is a usage error") {
    corpus(*this);
    check_json_error(run({"--json", "search"}), 2);
}

TEST_CASE_FIXTURE(Env, "search human output shows the matching text") {
    corpus(*this);
    Result h = run({"search", "quick"});
    REQUIRE_OK(h);
    CHECK_MESSAGE(h.out.find("quick") != std::string::npos, h);
    CHECK_MESSAGE(h.out.find("SQLAlchemy") == std::string::npos, h);
}

TEST_CASE_FIXTURE(Env, "search ranks the best match first") {
    corpus(*this);  // other notes, so that 'kiwi' is a rare word
    add("r", "kiwi kiwi kiwi kiwi");
    add("r", "kiwi banana apple cherry grape lemon mango orange peach plum pear fig");
    auto t = found(*this, {"kiwi"}, /*sorted=*/false);
    REQUIRE(t.size() == 2);
    CHECK(t[0] == "kiwi kiwi kiwi kiwi");
}

TEST_CASE_FIXTURE(Env, "search ranks equal matches newest first") {
    corpus(*this);
    std::vector<long long> added;
    for (int i = 0; i < 3; ++i)
        added.push_back(add("z", "zebra crossing")["id"].get<long long>());
    Result r = run({"--json", "search", "zebra"});
    REQUIRE_OK(r);
    std::vector<long long> expected(added.rbegin(), added.rend());
    CHECK(ids(r.json()) == expected);
}

TEST_CASE_FIXTURE(Env, "search finds notes inserted updated and deleted by plain SQL") {
    corpus(*this);
    sql("INSERT INTO notes (text, category_id) SELECT 'inserted by sql xylophone', id "
        "FROM categories WHERE name = 's';");
    auto t = found(*this, {"xylophone"});
    CHECK(t == S({"inserted by sql xylophone"}));
    Result r = run({"--json", "search", "xylophone"});
    REQUIRE_OK(r);
    REQUIRE(r.json().size() == 1);
    CHECK(r.json()[0]["category"] == "s");  // check_note_object ran in found()

    sql("UPDATE notes SET text = 'changed to marimba' WHERE text = 'inserted by sql xylophone';");
    CHECK(found(*this, {"xylophone"}).empty());
    CHECK(found(*this, {"marimba"}) == S({"changed to marimba"}));

    sql("DELETE FROM notes WHERE text = 'changed to marimba';");
    CHECK(found(*this, {"marimba"}).empty());
    CHECK(found(*this, {"sql"}) == S({kSql, kMisc}));
}

TEST_CASE_FIXTURE(Env, "search finds notes changed by edit and forgets removed ones") {
    json n = add("e", "original walrus");
    std::string id = std::to_string(n["id"].get<long long>());
    REQUIRE_OK(run({"edit", id, "replaced narwhal"}));
    CHECK(found(*this, {"walrus"}).empty());
    CHECK(found(*this, {"narwhal"}) == S({"replaced narwhal"}));
    REQUIRE_OK(run({"rm", id}));
    CHECK(found(*this, {"narwhal"}).empty());
}

TEST_SUITE_END();
