// `notes create` and `notes add` (contract: shared/docs/cli.md, Commands / Output).
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cli;

TEST_SUITE_BEGIN("create-add");

TEST_CASE_FIXTURE(Env, "create --json prints the category object") {
    Result r = run({"--json", "create", "tech"});
    REQUIRE_OK(r);
    json c = r.json();
    check_category_object(c);
    CHECK(c["name"] == "tech");
    CHECK(c["notes"] == 0);

    json all = categories();
    REQUIRE(all.is_array());
    REQUIRE(all.size() == 1);
    CHECK(all[0] == c);
}

TEST_CASE_FIXTURE(Env, "create without --json succeeds and the category is listed") {
    Result r = run({"create", "tech"});
    REQUIRE_OK(r);
    CHECK(names(categories()) == std::vector<std::string>{"tech"});
}

TEST_CASE_FIXTURE(Env, "create an existing category is a conflict (exit 3)") {
    create("tech");
    std::string before = snapshot();
    check_json_error(run({"--json", "create", "tech"}), 3);
    check_human_error(run({"create", "tech"}), 3);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "category names are compared exactly: case and accents differ") {
    // MariaDB's default collations would call these equal; the contract
    // says names are compared exactly on every backend.
    for (std::string n : {"tech", "Tech", "TECH", "cafe", "caf\xc3\xa9", "CAF\xc3\x89"}) {
        Result r = run({"--json", "create", n});
        CHECK_MESSAGE(r.code == 0, r);
    }
    std::vector<std::string> expected{"CAF\xc3\x89", "TECH", "Tech", "cafe", "caf\xc3\xa9", "tech"};
    CHECK(names(categories()) == expected);

    add("Tech", "upper");
    add("tech", "lower");
    CHECK(texts(notes_of("Tech")) == std::vector<std::string>{"upper"});
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"lower"});
    CHECK(texts(notes_of("TECH")).empty());
    // add -c to an existing name with other case must not reuse 'tech'
    json n = add("cafe", "no accent");
    CHECK(n["category"] == "cafe");
    CHECK(texts(notes_of("caf\xc3\xa9")).empty());
}

TEST_CASE_FIXTURE(Env, "add --json prints the note object") {
    create("tech");
    Result r = run({"--json", "add", "-c", "tech", "sqlalchemy is cool"});
    REQUIRE_OK(r);
    json n = r.json();
    check_note_object(n);
    CHECK(n["category"] == "tech");
    CHECK(n["text"] == "sqlalchemy is cool");

    Result s = run({"--json", "show", std::to_string(n["id"].get<long long>())});
    REQUIRE_OK(s);
    CHECK(s.json() == n);
}

TEST_CASE_FIXTURE(Env, "add creates a missing category with a notice on stderr") {
    Result r = run({"add", "-c", "tech", "hello"});
    REQUIRE_OK(r);
    CHECK_MESSAGE(r.err.find("tech") != std::string::npos, r);
    CHECK_MESSAGE(r.err.find("creat") != std::string::npos, r);
    json cats = categories();
    REQUIRE(cats.size() == 1);
    CHECK(cats[0]["name"] == "tech");
    CHECK(cats[0]["notes"] == 1);
}

TEST_CASE_FIXTURE(Env, "add into an existing category gives no created-category notice") {
    create("tech");
    Result r = run({"add", "-c", "tech", "hello"});
    REQUIRE_OK(r);
    CHECK_MESSAGE(r.err.find("creat") == std::string::npos, r);
}

TEST_CASE_FIXTURE(Env, "add notice is silenced by -q but kept with --json") {
    Result q = run({"-q", "add", "-c", "one", "hello"});
    REQUIRE_OK(q);
    CHECK_MESSAGE(q.err.empty(), q);

    Result j = run({"--json", "add", "-c", "two", "hello"});
    REQUIRE_OK(j);
    CHECK_MESSAGE(j.err.find("two") != std::string::npos, j);
    check_note_object(j.json());  // the notice is not on stdout

    Result jq = run({"--json", "-q", "add", "-c", "three", "hello"});
    REQUIRE_OK(jq);
    CHECK_MESSAGE(jq.err.empty(), jq);
    check_note_object(jq.json());
}

TEST_CASE_FIXTURE(Env, "add joins TEXT words with single spaces and keeps each word as given") {
    CHECK(add("t", "hello")["text"] == "hello");
    Result r = run({"--json", "add", "-c", "t", "hello", "big", "world"});
    REQUIRE_OK(r);
    CHECK(r.json()["text"] == "hello big world");
    Result r2 = run({"--json", "add", "-c", "t", "a  b", "c\td", " e "});
    REQUIRE_OK(r2);
    CHECK(r2.json()["text"] == "a  b c\td  e ");
}

TEST_CASE_FIXTURE(Env, "add -c may come before or after the text") {
    Result a = run({"--json", "add", "-c", "t", "first", "words"});
    REQUIRE_OK(a);
    Result b = run({"--json", "add", "second", "words", "-c", "t"});
    REQUIRE_OK(b);
    CHECK(b.json()["text"] == "second words");
    CHECK(b.json()["category"] == "t");
    Result c = run({"--json", "add", "third", "-c", "t", "words"});
    REQUIRE_OK(c);
    CHECK(c.json()["text"] == "third words");
}

TEST_CASE_FIXTURE(Env, "add reads the note from stdin with no TEXT or with -") {
    Result a = run({"--json", "add", "-c", "t"}, "from stdin\n");
    REQUIRE_OK(a);
    CHECK(a.json()["text"] == "from stdin");
    Result b = run({"--json", "add", "-c", "t", "-"}, "dash\n");
    REQUIRE_OK(b);
    CHECK(b.json()["text"] == "dash");
    Result c = run({"--json", "add", "-", "-c", "t"}, "no newline");
    REQUIRE_OK(c);
    CHECK(c.json()["text"] == "no newline");
}

TEST_CASE_FIXTURE(Env, "add from stdin drops exactly one trailing newline and keeps the rest") {
    Result a = run({"--json", "add", "-c", "t"}, "two lines\nsecond\n");
    REQUIRE_OK(a);
    CHECK(a.json()["text"] == "two lines\nsecond");
    Result b = run({"--json", "add", "-c", "t"}, "x\n\n");
    REQUIRE_OK(b);
    CHECK(b.json()["text"] == "x\n");
    Result c = run({"--json", "add", "-c", "t"}, "  indented\ttabs  \n");
    REQUIRE_OK(c);
    CHECK(c.json()["text"] == "  indented\ttabs  ");
}

TEST_CASE_FIXTURE(Env, "add with empty stdin or only a newline is invalid and writes nothing") {
    create("t");
    std::string before = snapshot();
    check_json_error(run({"--json", "add", "-c", "t"}, ""), 2);
    check_json_error(run({"--json", "add", "-c", "t"}, "\n"), 2);
    check_json_error(run({"--json", "add", "-c", "t", "-"}, " \n"), 2);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "add without -c is a usage error") {
    check_json_error(run({"--json", "add", "hello"}), 2);
    if (file_database()) CHECK_FALSE(fs::exists(db_path()));
}

TEST_CASE_FIXTURE(Env, "add stores text exactly: leading and trailing white space kept") {
    json n = add("t", "  padded  ");
    CHECK(n["text"] == "  padded  ");
    Result s = run({"--json", "show", std::to_string(n["id"].get<long long>())});
    REQUIRE_OK(s);
    CHECK(s.json()["text"] == "  padded  ");
}

TEST_CASE_FIXTURE(Env, "add without --json succeeds") {
    // Human output is free; only check it succeeded and the note is there.
    Result r = run({"add", "-c", "t", "human"});
    REQUIRE_OK(r);
    CHECK(texts(notes_of("t")) == std::vector<std::string>{"human"});
}

TEST_SUITE_END();
