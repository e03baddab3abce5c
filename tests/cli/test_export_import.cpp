// `notes export` and `notes import`.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>

#include "harness.hpp"

using namespace cli;

namespace {

json line_obj(const std::string& cat, const std::string& text,
              const std::string& created = "2021-03-04T05:06:07Z",
              const std::string& updated = "2022-03-04T05:06:07Z", long long id = 1) {
    return json{{"id", id},
                {"category", cat},
                {"text", text},
                {"created_at", created},
                {"updated_at", updated}};
}

std::string lines_of(const std::vector<json>& objs) {
    std::string s;
    for (const auto& o : objs)
        s += o.dump() + "\n";
    return s;
}

bool mentions_number(const std::string& msg, int n) {
    std::regex re("(^|[^0-9])" + std::to_string(n) + "([^0-9]|$)");
    return std::regex_search(msg, re);
}

}  // namespace

TEST_SUITE_BEGIN("export-import");

TEST_CASE_FIXTURE(Env, "export of an empty database is empty") {
    Result r = run({"export"});
    REQUIRE_OK(r);
    CHECK(r.out.empty());
    create("empty");
    Result r2 = run({"export"});
    REQUIRE_OK(r2);
    CHECK(r2.out.empty());
}

TEST_CASE_FIXTURE(Env, "export writes JSON Lines of note objects oldest first") {
    json a = add("tech", "first");
    json b = add("misc", "second\nwith newline");
    json c = add("tech", "third");
    Result r = run({"export"});
    REQUIRE_OK(r);
    REQUIRE(!r.out.empty());
    CHECK(r.out.back() == '\n');
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 3);  // one object a line
    auto lines = r.json_lines();
    REQUIRE(lines.size() == 3);
    for (const auto& l : lines)
        check_note_object(l);
    CHECK(lines[0] == a);
    CHECK(lines[1] == b);
    CHECK(lines[2] == c);
    Result j = run({"--json", "export"});
    REQUIRE_OK(j);
    CHECK(j.out == r.out);
}

TEST_CASE_FIXTURE(Env, "export orders by created_at then id") {
    std::string in =
        lines_of({line_obj("h", "mid", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z"),
                  line_obj("h", "old", "2019-01-01T00:00:00Z", "2019-01-01T00:00:00Z"),
                  line_obj("h", "new", "2021-01-01T00:00:00Z", "2021-01-01T00:00:00Z")});
    REQUIRE_OK(run({"import", "-"}, in));
    add("h", "now");
    Result r = run({"export"});
    REQUIRE_OK(r);
    CHECK(texts(json(r.json_lines())) == std::vector<std::string>{"old", "mid", "new", "now"});
}

TEST_CASE_FIXTURE(Env, "export -c exports one category and a missing one is not_found") {
    add("tech", "t1");
    add("misc", "m1");
    add("tech", "t2");
    Result r = run({"export", "-c", "tech"});
    REQUIRE_OK(r);
    CHECK(texts(json(r.json_lines())) == std::vector<std::string>{"t1", "t2"});
    check_json_error(run({"--json", "export", "-c", "tecj"}), 1);
    check_json_error(run({"--json", "export", "-c", "tech "}), 2);
}

TEST_CASE_FIXTURE(Env, "export -o FILE writes the file and nothing on stdout") {
    add("tech", "t1");
    add("misc", "m1");
    Result plain = run({"export"});
    REQUIRE_OK(plain);
    fs::path out = dir / "export.jsonl";
    Result r = run({"export", "-o", out.string()});
    REQUIRE_OK(r);
    CHECK_MESSAGE(r.out.empty(), r);
    CHECK(read_file(out) == plain.out);
    fs::path out2 = dir / "tech.jsonl";
    REQUIRE_OK(run({"export", "-c", "tech", "-o", out2.string()}));
    CHECK(read_file(out2) == run({"export", "-c", "tech"}).out);
}

TEST_CASE_FIXTURE(Env, "export then import into an empty database round-trips") {
    add("tech", "plain");
    add("misc", "multi\nline\ttab \"quotes\" 'single' \\ backslash");
    add("\xf0\x9f\x93\x9a books",
        "emoji \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb and CJK \xe6\xbc\xa2\xe5\xad\x97");
    add("tech", "control \x01\x1f\x7f\xc2\x85 chars");
    add("tech", "  spaces kept  ");
    REQUIRE_OK(
        run({"import", "-"}, lines_of({line_obj("old", "from the past", "2001-02-03T04:05:06Z",
                                                "2011-12-13T14:15:16Z")})));
    Result a = run({"export"});
    REQUIRE_OK(a);
    fs::path f = write_file("dump.jsonl", a.out);
    auto before = a.json_lines();
    REQUIRE(before.size() == 6);

    REQUIRE_OK(run({"drop", "--all", "--yes"}));
    Result imp = run({"import", f.string()});
    REQUIRE_OK(imp);
    Result b = run({"export"});
    REQUIRE_OK(b);
    auto after = b.json_lines();
    CHECK(without_ids(after) == without_ids(before));
    std::vector<std::string> cats = names(categories());
    CHECK(cats == std::vector<std::string>{"misc", "old", "tech", "\xf0\x9f\x93\x9a books"});
}

TEST_CASE_FIXTURE(Env, "import keeps text category created_at and updated_at and gives new ids") {
    json existing = add("tech", "already here");
    std::string in = lines_of({line_obj("tech", "into existing", "2001-02-03T04:05:06Z",
                                        "2002-02-03T04:05:06Z", existing["id"].get<long long>()),
                               line_obj("brand new", "creates category", "2003-01-01T00:00:00Z",
                                        "2004-01-01T00:00:00Z", 999999)});
    Result r = run({"import"}, in);  // no FILE: stdin
    REQUIRE_OK(r);
    Result s = run({"--json", "show", std::to_string(existing["id"].get<long long>())});
    REQUIRE_OK(s);
    CHECK(s.json() == existing);  // not overwritten by the line with the same id

    json tech = notes_of("tech");
    REQUIRE(tech.size() == 2);
    json imported = tech[1];  // older
    check_note_object(imported);
    CHECK(imported["text"] == "into existing");
    CHECK(imported["created_at"] == "2001-02-03T04:05:06Z");
    CHECK(imported["updated_at"] == "2002-02-03T04:05:06Z");
    CHECK(imported["id"] != existing["id"]);

    json bn = notes_of("brand new");
    REQUIRE(bn.size() == 1);
    CHECK(bn[0]["text"] == "creates category");
    CHECK(bn[0]["category"] == "brand new");
    CHECK(bn[0]["created_at"] == "2003-01-01T00:00:00Z");
    CHECK(bn[0]["updated_at"] == "2004-01-01T00:00:00Z");
}

TEST_CASE_FIXTURE(Env, "import of its own export duplicates instead of failing on ids") {
    add("tech", "one");
    add("tech", "two");
    Result a = run({"export"});
    REQUIRE_OK(a);
    REQUIRE_OK(run({"import", "-"}, a.out));
    json tech = notes_of("tech");
    CHECK(tech.size() == 4);
    auto v = ids(tech);
    std::sort(v.begin(), v.end());
    CHECK(std::adjacent_find(v.begin(), v.end()) == v.end());
}

TEST_CASE_FIXTURE(Env, "import of empty input succeeds and writes nothing") {
    add("tech", "x");
    std::string before = snapshot();
    REQUIRE_OK(run({"import", "-"}, ""));
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "import of the last line without a newline") {
    std::string in = line_obj("t", "no newline at end").dump();
    REQUIRE_OK(run({"import", "-"}, in));
    CHECK(texts(notes_of("t")) == std::vector<std::string>{"no newline at end"});
}

TEST_CASE_FIXTURE(Env, "import with a bad line names the line and writes nothing") {
    add("keep", "existing note");
    std::string before = snapshot();
    json good = line_obj("imported", "good line");
    auto with = [&](const char* key, json v) {
        json o = good;
        o[key] = std::move(v);
        return o.dump();
    };
    json no_text = good;
    no_text.erase("text");
    std::vector<std::pair<std::string, std::string>> bad = {
        {"not json", "this is not json"},
        {"truncated", good.dump().substr(0, 20)},
        {"array", "[1,2,3]"},
        {"string", "\"just a string\""},
        {"missing text", no_text.dump()},
        {"empty text", with("text", "")},
        {"blank text", with("text", " \t ")},
        {"NUL in text", with("text", std::string("a\0b", 3))},
        {"text is a number", with("text", 12345)},
        {"text over 1 MiB", with("text", std::string(1048577, 'x'))},
        {"invalid UTF-8",
         std::string(R"({"id":1,"category":"imported","text":"bad )") + "\xff\xfe" +
             R"(","created_at":"2021-03-04T05:06:07Z","updated_at":"2021-03-04T05:06:07Z"})"},
        {"empty category", with("category", "")},
        {"category with leading space", with("category", " imported")},
        {"category too long", with("category", repeat("c", 65))},
        {"category with control char", with("category", "a\x01z")},
        {"created_at not a time", with("created_at", "yesterday")},
        {"created_at out of range", with("created_at", "2021-13-45T99:99:99Z")},
    };
    int variant = 0;
    for (const auto& [what, line] : bad) {
        CAPTURE(what);
        int before_lines = 1 + variant % 4;  // bad line number = before_lines + 1
        ++variant;
        std::vector<json> pre;
        for (int i = 0; i < before_lines; ++i)
            pre.push_back(line_obj("imported", "good " + std::to_string(i)));
        std::string in = lines_of(pre) + line + "\n" + good.dump() + "\n" + good.dump() + "\n";
        int lineno = before_lines + 1;
        CAPTURE(lineno);

        Result j = run({"--json", "import", "-"}, in);
        check_json_error(j, 2);
        if (j.code == 2 && !j.err.empty()) {
            std::string msg;
            try {
                msg = j.err_json()["error"].value("message", "");
            } catch (...) {
            }
            CHECK_MESSAGE(mentions_number(msg, lineno), "message: " << msg);
        }
        Result h = run({"import"}, in);
        CHECK_MESSAGE(h.code == 2, h);
        CHECK_MESSAGE(mentions_number(h.err, lineno), h);
        CHECK(snapshot() == before);
    }
}

TEST_CASE_FIXTURE(Env, "import from a file that does not exist fails without touching the db") {
    add("keep", "x");
    std::string before = snapshot();
    Result r = run({"--json", "import", (dir / "missing.jsonl").string()});
    // An input file that cannot be read is exit 4 "io" (the contract's exit codes).
    check_json_error(r, 4);
    CHECK_MESSAGE(r.err.find("\"io\"") != std::string::npos, r);
    CHECK(snapshot() == before);
}

TEST_SUITE_END();
