// Exit codes, --json error objects, global options, --help, --version,
// output channels.
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.hpp"

using namespace cli;

namespace {

const std::vector<std::string> kCommands = {"create", "add", "list", "show",   "search", "edit",
                                            "rename", "rm",  "drop", "export", "import", "init"};

const std::string kUnreachable = "mysql://root:pw@127.0.0.1:1/notes_unreachable";

}  // namespace

TEST_SUITE_BEGIN("errors-exit-codes");

TEST_CASE_FIXTURE(Env, "json error objects for exit codes 1 2 3") {
    create("tech");
    add("full", "x");
    check_json_error(run({"--json", "list", "nope"}), 1);
    check_json_error(run({"--json", "show", "424242"}), 1);
    check_json_error(run({"--json", "show", "zero"}), 2);
    check_json_error(run({"--json", "create", "tech"}), 3);
    check_json_error(run({"--json", "drop", "full"}), 3);
    check_json_error(run({"--json", "drop", "--all"}), 3);
}

TEST_CASE_FIXTURE(Env, "an unreachable server is exit 4 database") {
    Result j = run_nodb({"--json", "--db", kUnreachable, "list"});
    check_json_error(j, 4);
    Result h = run_nodb({"--db", kUnreachable, "add", "-c", "t", "x"});
    check_human_error(h, 4);
    Result e = run_nodb({"--json", "list"}, {}, {{"NOTES_DB", kUnreachable}});
    check_json_error(e, 4);
}

TEST_CASE_FIXTURE(Env, "a password in the URL never appears in output or logs") {
    const std::string pw = "s3cr3tPassw0rdXYZ";
    for (std::vector<std::string> extra :
         {std::vector<std::string>{}, {"-v"}, {"-vv"}, {"--json"}, {"--json", "-vv"}}) {
        std::vector<std::string> args = extra;
        args.insert(args.end(), {"--db", "mysql://root:" + pw + "@127.0.0.1:1/notes_x", "list"});
        Result r = run_nodb(args);
        CHECK_MESSAGE(r.code == 4, r);
        CHECK_MESSAGE(r.out.find(pw) == std::string::npos, r);
        CHECK_MESSAGE(r.err.find(pw) == std::string::npos, r);
    }
    // Percent-encoded: neither form may show.
    Result p =
        run_nodb({"-vv", "--db", "mysql://root:p%40ss%2Fw0rdQQ@127.0.0.1:1/notes_x", "list"});
    CHECK_MESSAGE(p.code == 4, p);
    for (std::string s : {"p%40ss%2Fw0rdQQ", "p@ss/w0rdQQ"}) {
        CHECK_MESSAGE(p.err.find(s) == std::string::npos, p);
        CHECK_MESSAGE(p.out.find(s) == std::string::npos, p);
    }
}

TEST_CASE_FIXTURE(Env, "a wrong password on the real server is exit 4") {
    if (!server()) {
        skip("needs a database server");
        return;
    }
    const std::string url =
        parse_server_url(db()).with_login(parse_server_url(db()).user, "definitely-wrong-pw");
    Result r = run_nodb({"--json", "--db", url, "list"});
    check_json_error(r, 4);
    CHECK(r.err.find("definitely-wrong-pw") == std::string::npos);
}

TEST_CASE_FIXTURE(Env, "human errors go to stderr with nothing on stdout") {
    create("tech");
    for (std::vector<std::string> args : {std::vector<std::string>{"list", "nope"},
                                          {"create", "tech"},
                                          {"show", "abc"},
                                          {"--bogus"}}) {
        Result r = run(args);
        CHECK_MESSAGE(r.code != 0, r);
        CHECK_MESSAGE(r.out.empty(), r);
        CHECK_MESSAGE(!r.err.empty(), r);
    }
}

TEST_CASE_FIXTURE(Env, "human errors are one line starting with notes: error:") {
    create("tech");
    for (std::vector<std::string> args :
         {std::vector<std::string>{"list", "nope"}, {"create", "tech"}, {"show", "abc"}}) {
        Result r = run(args);
        CHECK_MESSAGE(r.err.rfind("notes: error: ", 0) == 0, r);
        CHECK_MESSAGE(std::count(r.err.begin(), r.err.end(), '\n') == 1, r);
    }
}

TEST_CASE_FIXTURE(Env, "global options are accepted before or after the command") {
    add("tech", "hello");
    Result a = run_nodb({"list", "--json", "--db", db()});
    REQUIRE_OK(a);
    CHECK(names(a.json()) == std::vector<std::string>{"tech"});
    Result b = run_nodb({"--json", "list", "tech", "--db", db()});
    REQUIRE_OK(b);
    CHECK(texts(b.json()) == std::vector<std::string>{"hello"});
    Result c = run_nodb({"search", "hello", "--db", db(), "--json"});
    REQUIRE_OK(c);
    CHECK(texts(c.json()) == std::vector<std::string>{"hello"});
    Result d = run_nodb({"add", "-c", "new", "quiet", "one", "-q", "--db", db()});
    REQUIRE_OK(d);
    CHECK_MESSAGE(d.err.empty(), d);
    Result e = run_nodb({"--db", db(), "-q", "add", "-c", "new2", "quiet"});
    REQUIRE_OK(e);
    CHECK_MESSAGE(e.err.empty(), e);
    Result f = run({"create", "x", "--json", "--color", "never"});
    REQUIRE_OK(f);
    check_category_object(f.json());
    Result g = run({"show", std::to_string(b.json()[0]["id"].get<long long>()), "-v", "--json"});
    REQUIRE_OK(g);
    check_note_object(g.json());
}

TEST_CASE_FIXTURE(Env, "--json stdout stays pure JSON with -v -vv and --color always") {
    add("tech", "hello");
    for (std::vector<std::string> extra : {std::vector<std::string>{"-v"},
                                           {"-vv"},
                                           {"--verbose"},
                                           {"--color", "always"},
                                           {"--color", "always", "-vv"}}) {
        std::vector<std::string> args = extra;
        args.insert(args.end(), {"--json", "list"});
        Result r = run(args);
        REQUIRE_OK(r);
        CHECK(names(r.json()) == std::vector<std::string>{"tech"});
        CHECK(r.out.find('\x1b') == std::string::npos);
        std::vector<std::string> sargs{"--json", "search", "hello"};
        sargs.insert(sargs.end(), extra.begin(), extra.end());  // options after the command
        Result s = run(sargs);
        REQUIRE_OK(s);
        CHECK(texts(s.json()) == std::vector<std::string>{"hello"});
        CHECK(s.out.find('\x1b') == std::string::npos);
    }
}

TEST_CASE_FIXTURE(Env, "-vv logs SQL on stderr without touching stdout") {
    add("tech", "hello");
    Result q = run({"--json", "list"});
    Result v = run({"-vv", "--json", "list"});
    REQUIRE_OK(v);
    CHECK(v.out == q.out);
    CHECK_MESSAGE(v.err.find("SELECT") != std::string::npos, v);
    // ... with its parameters
    Result a = run({"-vv", "--json", "add", "-c", "tech", "uniqueparam8472"});
    REQUIRE_OK(a);
    CHECK(a.json()["text"] == "uniqueparam8472");
    CHECK_MESSAGE(a.err.find("INSERT") != std::string::npos, a);
    CHECK_MESSAGE(a.err.find("uniqueparam8472") != std::string::npos, a);
    Result quiet = run({"-q", "list"});
    REQUIRE_OK(quiet);
    CHECK_MESSAGE(quiet.err.empty(), quiet);
}

TEST_CASE_FIXTURE(Env, "no colour when not on a terminal or with NO_COLOR") {
    add("tech", "hello");
    for (std::vector<std::string> args : {std::vector<std::string>{"list"},
                                          {"list", "tech"},
                                          {"--color", "auto", "list"},
                                          {"--color", "never", "list", "tech"},
                                          {"search", "hello"}}) {
        Result r = run(args);
        REQUIRE_OK(r);
        CHECK_MESSAGE(r.out.find('\x1b') == std::string::npos, r);
        CHECK_MESSAGE(r.err.find('\x1b') == std::string::npos, r);
    }
    Result n = run({"--color", "auto", "list", "nope"}, {}, {{"NO_COLOR", "1"}});
    CHECK_EXIT(n, 1);
    CHECK_MESSAGE(n.err.find('\x1b') == std::string::npos, n);
}

TEST_CASE_FIXTURE(Env, "--help works for every command and never opens the database") {
    fs::path fresh = dir / "never.db";
    for (const auto& cmd : kCommands) {
        CAPTURE(cmd);
        for (std::string flag : {"--help", "-h"}) {
            Result r = run_nodb({"--db", fresh.string(), cmd, flag});
            CHECK_MESSAGE(r.code == 0, r);
            CHECK_MESSAGE(!r.out.empty(), r);
            CHECK_MESSAGE(r.out.find(cmd) != std::string::npos, r);
        }
        Result u = run_nodb({"--db", kUnreachable, cmd, "--help"});
        CHECK_MESSAGE(u.code == 0, u);
        Result d = run_nodb({cmd, "--help"});  // default path
        CHECK_MESSAGE(d.code == 0, d);
        Result j = run_nodb({"--json", cmd, "--help"}, {}, {{"NOTES_DB", fresh.string()}});
        CHECK_MESSAGE(j.code == 0, j);
    }
    for (std::string flag : {"--help", "-h"}) {
        Result r = run_nodb({"--db", fresh.string(), flag});
        CHECK_MESSAGE(r.code == 0, r);
        for (const auto& cmd : kCommands)
            CHECK_MESSAGE(r.out.find(cmd) != std::string::npos, r);
    }
    CHECK_FALSE(fs::exists(fresh));
    CHECK(fs::is_empty(xdg));
    CHECK(fs::is_empty(home));
}

TEST_CASE_FIXTURE(Env, "--help after arguments of a command still exits 0 without a database") {
    fs::path fresh = dir / "never.db";
    for (std::vector<std::string> args :
         {std::vector<std::string>{"add", "-c", "tech", "some", "text", "--help"},
          {"drop", "--all", "--help"},
          {"search", "q", "--help"}}) {
        args.insert(args.begin(), {"--db", fresh.string()});
        Result r = run_nodb(args);
        CHECK_MESSAGE(r.code == 0, r);
    }
    CHECK_FALSE(fs::exists(fresh));
}

TEST_CASE_FIXTURE(Env, "--version exits 0 and never opens the database") {
    fs::path fresh = dir / "never.db";
    Result r = run_nodb({"--db", fresh.string(), "--version"});
    REQUIRE_OK(r);
    CHECK_MESSAGE(r.out.find_first_of("0123456789") != std::string::npos, r);
    Result u = run_nodb({"--db", kUnreachable, "--version"});
    CHECK_OK(u);
    Result d = run_nodb({"--version"});
    CHECK_OK(d);
    CHECK_FALSE(fs::exists(fresh));
    CHECK(fs::is_empty(xdg));
}

TEST_SUITE_END();
