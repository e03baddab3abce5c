// Validation (contract): every invalid value is exit 2, refused before the
// database is touched (no file created, no server contacted), nothing written.
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.hpp"

using namespace cli;

namespace {

// Port 1 on loopback: connection refused at once. A command that contacts
// the server fails with exit 4; one that validates first exits 2.
const std::string kUnreachable = "mysql://root:pw@127.0.0.1:1/notes_unreachable";

std::vector<std::string> bad_names() {
    return {
        "",                      // empty
        " lead",                 // leading space
        "trail ",                // trailing space
        "\tx",                   // leading tab
        "x\n",                   // trailing newline
        "a\x01z",                // C0 control
        "a\x7fz",                // DEL
        "a\xc2\x85z",            // C1 control (U+0085)
        "a\tb",                  // tab inside is a control character too
        "a\nb",                  // so is a newline
        std::string(65, 'x'),    // 65 code points
        repeat("\xc3\xa9", 65),  // 65 code points, 130 bytes
        "a\xff"
        "b",             // invalid UTF-8
        "\xc0\xaf",      // overlong encoding
        "\xed\xa0\x80",  // UTF-16 surrogate
        "ab\xe2\x82",    // truncated sequence
    };
}

struct Case {
    std::vector<std::string> args;
    std::string stdin_data;
};

// {id} is replaced by the id of an existing note.
std::vector<Case> invalid_cases() {
    std::vector<Case> v;
    // Every kind of bad name against `create`; a few against every place a
    // name is given (lookups included).
    for (const auto& n : bad_names())
        v.push_back({{"create", n}, ""});
    for (std::string n : {std::string(""), std::string(" lead"), std::string(65, 'x'),
                          std::string("a\x01z"), std::string("a\xff")}) {
        v.push_back({{"add", "-c", n, "text"}, ""});
        v.push_back({{"list", n}, ""});
        v.push_back({{"search", "q", "-c", n}, ""});
        v.push_back({{"edit", "{id}", "-c", n}, ""});
        v.push_back({{"rename", "ok", n}, ""});
        v.push_back({{"rename", n, "fine"}, ""});
        v.push_back({{"drop", n}, ""});
        v.push_back({{"drop", "ok", n}, ""});
        v.push_back({{"export", "-c", n}, ""});
    }
    // note text
    for (std::string t : {"", " ", "\t\n ", "bad \xff utf8", "\xed\xa0\x80"}) {
        v.push_back({{"add", "-c", "ok", t}, ""});
        v.push_back({{"edit", "{id}", t}, ""});
    }
    v.push_back({{"add", "-c", "ok"}, std::string("nul\0inside", 10)});
    v.push_back({{"add", "-c", "ok", "-"}, "bad \xc3\x28 utf8\n"});
    v.push_back({{"add", "-c", "ok"}, std::string(1048577, 'x')});
    v.push_back({{"add", "-c", "ok"}, "\n"});
    // ids
    for (std::string id :
         {"0", "-1", "+1", " 1", "1 ", "abc", "1.0", "1e3", "", "0x10", "\xef\xbc\x91"}) {
        v.push_back({{"show", id}, ""});
        v.push_back({{"edit", id, "text"}, ""});
        v.push_back({{"rm", id}, ""});
    }
    v.push_back({{"rm", "{id}", "abc"}, ""});
    v.push_back({{"rm", "{id}", "0"}, ""});
    // --limit
    for (std::string l : {"0", "-3", "many", "2.5", ""}) {
        v.push_back({{"list", "ok", "--limit", l}, ""});
        v.push_back({{"search", "q", "--limit", l}, ""});
    }
    // command-line parse errors
    v.push_back({{"list", "--bogus"}, ""});
    v.push_back({{"--bogus", "list"}, ""});
    v.push_back({{"frobnicate"}, ""});
    v.push_back({{"add", "text", "-c"}, ""});
    v.push_back({{"list", "ok", "--limit"}, ""});
    v.push_back({{"search"}, ""});
    v.push_back({{"show"}, ""});
    v.push_back({{"rename", "ok"}, ""});
    v.push_back({{"create"}, ""});
    v.push_back({{"create", "a", "b"}, ""});
    v.push_back({{"--color", "purple", "list"}, ""});
    v.push_back({{"export", "-o"}, ""});
    return v;
}

std::vector<std::string> expand(std::vector<std::string> args, const std::string& id) {
    for (auto& a : args)
        if (a == "{id}") a = id;
    return args;
}

}  // namespace

TEST_SUITE_BEGIN("validation");

TEST_CASE_FIXTURE(Env, "invalid values are exit 2 and create no database file") {
    if (!file_database()) {
        skip("SQLite-only: the 'no file is created' half (the server half is the next test)");
        return;
    }
    fs::path fresh = dir / "fresh.db";
    for (const auto& c : invalid_cases()) {
        auto args = expand(c.args, "1");
        args.insert(args.begin(), {"--db", fresh.string(), "--json"});
        Result r = run_nodb(args, c.stdin_data);
        check_json_error(r, 2);
        CHECK_MESSAGE(!fs::exists(fresh), "created the database file: " << r);
        if (fs::exists(fresh)) fs::remove(fresh);
        CHECK_MESSAGE(fs::is_empty(xdg), "touched XDG_DATA_HOME: " << r);
    }
}

TEST_CASE_FIXTURE(Env, "invalid values are exit 2 without contacting the server") {
    for (const auto& c : invalid_cases()) {
        auto args = expand(c.args, "1");
        args.insert(args.begin(), {"--db", kUnreachable, "--json"});
        Result r = run_nodb(args, c.stdin_data);
        check_json_error(r, 2);
    }
}

TEST_CASE_FIXTURE(Env, "invalid values are exit 2 and change nothing") {
    create("ok");
    json n = add("ok", "existing");
    std::string id = std::to_string(n["id"].get<long long>());
    std::string before = snapshot();
    for (const auto& c : invalid_cases()) {
        auto args = expand(c.args, id);
        Result j = run(
            [&] {
                auto a = args;
                a.insert(a.begin(), "--json");
                return a;
            }(),
            c.stdin_data);
        check_json_error(j, 2);
        Result h = run(args, c.stdin_data);
        check_human_error(h, 2);
    }
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "valid names at the limits are accepted") {
    std::vector<std::string> good = {
        "x",
        std::string(64, 'x'),
        repeat("\xc3\xa9", 64),          // 64 code points, 128 bytes
        repeat("\xf0\x9f\x93\x9a", 64),  // 64 emoji, 256 bytes
        repeat("\xe6\xbc\xa2", 64),      // 64 CJK
        "my notes",
        "it's \"quoted\"",
        "a;b--c/*d*/",
        "100%_done",
        "C:\\path",
    };
    for (const auto& n : good) {
        CAPTURE(n);
        Result r = run({"--json", "create", n});
        REQUIRE_MESSAGE(r.code == 0, r);
        CHECK(r.json()["name"] == n);
        json a = add(n, "in " + n);
        CHECK(a["category"] == n);
        CHECK(texts(notes_of(n)) == std::vector<std::string>{"in " + n});
    }
    auto got = names(categories());
    auto want = good;
    std::sort(want.begin(), want.end());
    CHECK(got == want);
}

TEST_CASE_FIXTURE(Env, "error messages name the offending value") {
    add("ok", "x");
    auto msg = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "--json");
        Result r = run(args);
        INFO(r.describe());
        CHECK(r.code == 2);
        try {
            return r.err_json()["error"].value("message", std::string());
        } catch (...) {
            return std::string();
        }
    };
    CHECK(msg({"show", "abc"}).find("abc") != std::string::npos);
    CHECK(msg({"list", "ok", "--limit", "lots"}).find("lots") != std::string::npos);
    CHECK(msg({"create", " leading"}).find("leading") != std::string::npos);
    CHECK(msg({"frobnicate"}).find("frobnicate") != std::string::npos);
    CHECK(msg({"list", "--bogus-option"}).find("bogus-option") != std::string::npos);
}

TEST_CASE_FIXTURE(Env, "malformed or unknown database URLs are exit 2") {
    for (std::string url : {"oracle://u@localhost/db", "http://example.com/x", "ftp://x/y",
                            "mysql://u@127.0.0.1:notaport/db", "mysql://u@127.0.0.1:99999/db",
                            "mysql://u@[::1/db", "://nothing"}) {
        CAPTURE(url);
        Result r = run_nodb({"--json", "--db", url, "list"});
        check_json_error(r, 2);
        Result e = run_nodb({"list"}, {}, {{"NOTES_DB", url}});
        check_human_error(e, 2);
    }
    CHECK(fs::is_empty(xdg));
}

TEST_SUITE_END();
