// Faults (issue 10): the server connection killed at each statement of a
// command (MariaDB, through the ORM's ORM_TEST_FAULT test hook, which runs a
// real KILL CONNECTION), an export cut off mid-stream, SIGKILL during drop
// --force, tables dropped behind the notebook's back, a read-only and a full
// database. After each: nothing committed lost, nothing applied twice, the
// exit code of the contract.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstring>
#include <functional>
#include <set>
#include <thread>

#include "harness.hpp"

using namespace cli;
using namespace std::chrono_literals;

namespace {

// What the test hook reported: did it fire, and before which statement.
struct Fault {
    bool fired = false;
    std::string sql;
    bool at_commit() const { return sql.rfind("COMMIT", 0) == 0; }
};

Fault fault_of(const Result& r) {
    static const std::string mark = "ORM_TEST_FAULT: killed the connection before statement ";
    Fault f;
    const auto at = r.err.find(mark);
    if (at == std::string::npos) {
        // The hook ran but could not kill: the test would prove nothing.
        REQUIRE_MESSAGE(r.err.find("ORM_TEST_FAULT") == std::string::npos, r);
        return f;
    }
    f.fired = true;
    const auto sql = r.err.find(": ", at + mark.size());
    f.sql = r.err.substr(sql + 2, r.err.find('\n', sql) - sql - 2);
    return f;
}

EnvVars kill_at(int n) {
    return {{"ORM_TEST_FAULT", fmt::format("kill-at:{}", n)}};
}

long long count_sql(const Env& env, const std::string& where) {
    Result r = env.sql("SELECT COUNT(*) FROM notes WHERE " + where + ";");
    return std::stoll(r.out);
}

long long notes_with_text(const Env& env, const std::string& text) {
    return count_sql(env, "text = '" + text + "'");
}

// An unknown outcome: exit 4 and a message that says the change may have landed.
// (The hook's report comes before the error object, as a notice would.)
void check_commit_unknown(const Result& r) {
    CHECK_MESSAGE(r.code == 4, r);
    CHECK(r.out.empty());
    auto err = r.err;
    while (!err.empty() && err.back() == '\n')
        err.pop_back();
    const auto last = json::parse(err.substr(err.rfind('\n') + 1));
    CHECK(last["error"]["code"] == "database");
    const auto message = last["error"]["message"].get<std::string>();
    CHECK_MESSAGE(message.find("may or may not have been applied") != std::string::npos, r);
}

// Runs `once(n)` with the connection killed before statement n = 1, 2, ...
// until a run in which the hook no longer fires (the command has fewer
// statements). Returns how many statements were tried.
template <class Once>
int at_each_statement(const char* what, Once&& once) {
    int n = 1;
    for (; n < 80; ++n) {
        CAPTURE(what);
        CAPTURE(n);
        if (!once(n)) break;
    }
    CHECK_MESSAGE(n > 3, what << ": the hook fired before fewer statements than expected");
    CHECK_MESSAGE(n < 80, what << ": the hook still fired at statement 80");
    return n;
}

std::string big_import(int lines, const std::string& category) {
    std::string big;
    for (int i = 0; i < lines; ++i) {
        big += json{{"category", category},
                    {"text", fmt::format("bulk note {} {}", i, std::string(150, 'x'))},
                    {"created_at", "2020-01-01T00:00:00Z"}}
                   .dump();
        big += '\n';
    }
    return big;
}

// REQUIRE_OK evaluates its argument again for the message: run commands once.
void must(const Result& r) {
    REQUIRE_MESSAGE(r.code == 0, r.describe());
}

void check_integrity(const Env& env) {
    if (!env.file_database()) return;
    Result ic = env.sql("PRAGMA integrity_check;");
    CHECK(ic.out == "ok\n");
}

}  // namespace

TEST_SUITE_BEGIN("faults");

// ---- import reads everything first -------------------------------------

TEST_CASE_FIXTURE(Env, "import reads its whole input before it takes the write lock") {
    must(run({"init"}));
    RunOptions o = options();
    o.close_stdin = false;
    Process slow(argv({"--json", "import"}), o);
    slow.write_stdin(R"({"category":"slow","text":"first line"})"
                     "\n");
    std::this_thread::sleep_for(300ms);
    // The producer is still writing: other writers go ahead meanwhile.
    Result other = run({"--json", "add", "-c", "fast", "not held back"});
    CHECK_MESSAGE(other.code == 0, other);
    CHECK_MESSAGE(!slow.exited(), "import ended before its input did");
    slow.write_stdin(R"({"category":"slow","text":"second line"})"
                     "\n");
    slow.close_stdin();
    Result r = slow.wait();
    REQUIRE_OK(r);
    CHECK(r.json()["imported"] == 2);
    CHECK(texts(notes_of("slow")) == std::vector<std::string>{"second line", "first line"});
}

TEST_CASE_FIXTURE(Env, "a bad last line of a long input imports nothing and creates nothing") {
    std::string in = big_import(2000, "bulk") + "{\"category\":\"bulk\"}\n";
    Result r = run({"--json", "import"}, in);
    check_json_error(r, 2);
    CHECK(r.err.find("line 2001") != std::string::npos);
    if (file_database()) CHECK_FALSE(fs::exists(db_path()));
}

TEST_CASE_FIXTURE(Env, "an import line over 8 MiB is exit 2 naming its line") {
    create("keep");
    std::string in = R"({"category":"a","text":"fine"})"
                     "\n";
    in += R"({"category":"a","text":")" + std::string(9 << 20, 'x') + "\"}\n";
    Result r = run({"--json", "import"}, in);
    check_json_error(r, 2);
    const auto message = r.err_json()["error"]["message"].get<std::string>();
    CHECK_MESSAGE(message.rfind("line 2: ", 0) == 0, message);
    CHECK(message.find("8 MiB") != std::string::npos);
    CHECK(names(categories()) == std::vector<std::string>{"keep"});
}

TEST_CASE_FIXTURE(Env, "import leaves no temporary file behind") {
    fs::path tmp = dir / "tmp";
    fs::create_directories(tmp);
    Result ok = run({"import"}, big_import(10, "t"), {{"TMPDIR", tmp.string()}});
    REQUIRE_OK(ok);
    Result bad = run({"import"}, "{}\n", {{"TMPDIR", tmp.string()}});
    CHECK_EXIT(bad, 2);
    CHECK(fs::is_empty(tmp));
    Result missing =
        run({"--json", "import"}, big_import(2, "t"), {{"TMPDIR", (dir / "no such dir").string()}});
    check_json_error(missing, 4);
    CHECK(missing.err_json()["error"]["code"] == "io");
}

// ---- timestamps ----------------------------------------------------------

TEST_CASE_FIXTURE(Env, "import keeps the epoch and years 0001 to 9999, converting offsets") {
    std::string in;
    for (const char* t : {"1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                          "2021-06-01T01:30:00+02:00"})
        in += json{{"category", "t"}, {"text", t}, {"created_at", t}, {"updated_at", t}}.dump() +
              "\n";
    must(run({"import"}, in));
    Result e = run({"export"});
    REQUIRE_OK(e);
    std::vector<std::string> created;
    for (const auto& line : e.json_lines())
        created.push_back(line["created_at"]);
    CHECK(created == std::vector<std::string>{"0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
                                              "2021-05-31T23:30:00Z", "9999-12-31T23:59:59Z"});
    for (const auto& line : e.json_lines())
        CHECK(line["updated_at"] == line["created_at"]);
}

TEST_CASE_FIXTURE(Env, "import refuses a time outside years 0001-9999 in UTC, naming the line") {
    create("keep");
    for (const char* bad : {"9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+00:01"}) {
        CAPTURE(bad);
        std::string in = R"({"category":"a","text":"fine"})"
                         "\n" +
                         json{{"category", "a"}, {"text", "x"}, {"created_at", bad}}.dump() + "\n";
        Result r = run({"--json", "import"}, in);
        check_json_error(r, 2);
        const auto message = r.err_json()["error"]["message"].get<std::string>();
        CHECK_MESSAGE(message.rfind("line 2: ", 0) == 0, message);
        CHECK(message.find(bad) != std::string::npos);
    }
    CHECK(names(categories()) == std::vector<std::string>{"keep"});
}

// ---- the connection killed at each statement (MariaDB) ------------------

TEST_CASE_FIXTURE(Env, "add with the connection killed at each statement: once, or exit 4 unsure") {
    if (!caps().fault_injection) return skip("needs the ORM's fault hook (KILL CONNECTION)");
    add("k", "already there");
    int unknown = 0;
    at_each_statement("add", [&](int n) {
        const auto text = fmt::format("note {}", n);
        Result r = run({"--json", "add", "-c", "k", text}, {}, kill_at(n));
        const Fault f = fault_of(r);
        CAPTURE(f.sql);
        if (f.at_commit()) {
            check_commit_unknown(r);
            CHECK(notes_with_text(*this, text) <= 1);
            ++unknown;
        } else {
            CHECK_MESSAGE(r.code == 0, r);
            CHECK(notes_with_text(*this, text) == 1);
        }
        return f.fired;
    });
    CHECK(unknown == 1);
    CHECK(notes_with_text(*this, "already there") == 1);
}

TEST_CASE_FIXTURE(Env, "rm with the connection killed at each statement never exits 1") {
    if (!caps().fault_injection) return skip("needs the ORM's fault hook (KILL CONNECTION)");
    at_each_statement("rm", [&](int n) {
        const auto text = fmt::format("victim {}", n);
        const auto id = add("k", text)["id"].get<long long>();
        Result r = run({"--json", "rm", std::to_string(id)}, {}, kill_at(n));
        const Fault f = fault_of(r);
        CAPTURE(f.sql);
        if (f.at_commit()) {
            check_commit_unknown(r);
        } else {
            CHECK_MESSAGE(r.code == 0, r);
            CHECK(notes_with_text(*this, text) == 0);
        }
        return f.fired;
    });
}

TEST_CASE_FIXTURE(Env, "import with the connection killed at each statement: all once, or none") {
    if (!caps().fault_injection) return skip("needs the ORM's fault hook (KILL CONNECTION)");
    add("k", "already there");
    at_each_statement("import", [&](int n) {
        std::string in;
        for (int i = 0; i < 3; ++i)
            in += json{{"category", fmt::format("imp {}", n)},
                       {"text", fmt::format("imported {} {}", n, i)}}
                      .dump() +
                  "\n";
        Result r = run({"--json", "import"}, in, kill_at(n));
        const Fault f = fault_of(r);
        CAPTURE(f.sql);
        const auto landed = count_sql(*this, fmt::format("text LIKE 'imported {} %'", n));
        if (f.at_commit()) {
            check_commit_unknown(r);
            CHECK((landed == 0 || landed == 3));
        } else {
            REQUIRE_MESSAGE(r.code == 0, r);
            CHECK(r.json()["imported"] == 3);
            CHECK(landed == 3);
        }
        return f.fired;
    });
    CHECK(notes_with_text(*this, "already there") == 1);
}

TEST_CASE_FIXTURE(Env, "export with the connection killed at each statement is whole") {
    if (!caps().fault_injection) return skip("needs the ORM's fault hook (KILL CONNECTION)");
    for (int i = 0; i < 5; ++i)
        add(i % 2 ? "odd" : "even", fmt::format("note {}", i));
    Result want = run({"export"});
    REQUIRE_OK(want);
    at_each_statement("export", [&](int n) {
        Result r = run({"export"}, {}, kill_at(n));
        const Fault f = fault_of(r);
        CAPTURE(f.sql);
        CHECK_MESSAGE(r.code == 0, r);
        CHECK(r.out == want.out);
        return f.fired;
    });
}

TEST_CASE_FIXTURE(Env, "drop --force with the connection killed at each statement: all or none") {
    if (!caps().fault_injection) return skip("needs the ORM's fault hook (KILL CONNECTION)");
    add("keep", "kept");
    at_each_statement("drop --force", [&](int n) {
        const auto name = fmt::format("d{}", n);
        add(name, name + " one");
        add(name, name + " two");
        Result r = run({"--json", "drop", "--force", name}, {}, kill_at(n));
        const Fault f = fault_of(r);
        CAPTURE(f.sql);
        const auto left = count_sql(*this, "text LIKE '" + name + " %'");
        if (f.at_commit()) {
            check_commit_unknown(r);
            CHECK((left == 0 || left == 2));
        } else {
            CHECK_MESSAGE(r.code == 0, r);
            CHECK(left == 0);
            check_json_error(run({"--json", "list", name}), 1);
        }
        return f.fired;
    });
    CHECK(texts(notes_of("keep")) == std::vector<std::string>{"kept"});
}

TEST_CASE_FIXTURE(Env, "an export cut off mid-stream never writes a note twice") {
    if (!caps().fault_injection)
        return skip("needs the ORM's fault hook (KILL CONNECTION from another session)");
    // More than the socket buffers hold, so that the export is still reading
    // from the server when its output pipe, which nobody reads yet, is full.
    must(run({"import"}, big_import(40'000, "bulk")));
    Result want = run({"export"});
    REQUIRE_OK(want);
    RunOptions o = options();
    Process p(argv({"export"}), o);
    std::this_thread::sleep_for(1500ms);
    sql("SELECT GROUP_CONCAT(CONCAT('KILL CONNECTION ', id, ';') SEPARATOR ' ') "
        "FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND db = DATABASE() "
        "INTO @kills; "
        "SET @kills = COALESCE(@kills, 'DO 0'); "
        "EXECUTE IMMEDIATE @kills;",
        true);
    Result r = p.wait();
    std::set<std::string> seen;
    size_t twice = 0;
    std::string line;
    for (char ch : r.out) {
        if (ch != '\n') {
            line += ch;
            continue;
        }
        if (!seen.insert(line).second) ++twice;
        line.clear();
    }
    CHECK_MESSAGE(twice == 0, "lines written twice: " << twice);
    if (r.code == 0) {
        WARN_MESSAGE(false, "the export finished before the kill reached it");
        CHECK(r.out == want.out);
    } else {
        CHECK_MESSAGE(r.code == 4, r.err);
        CHECK(want.out.rfind(r.out, 0) == 0);  // a prefix of the whole
    }
}

// ---- the server stopped during a command (MariaDB) -----------------------

TEST_CASE_FIXTURE(Env, "a server stopped during an import: exit 4, and all of it or nothing") {
    if (!caps().fault_injection) return skip("needs the ORM's fault hook (a server to stop)");
    // A throw-away server of its own: stopping the shared one would disturb
    // the other suites.
    const std::string script = std::string(NOTES_SOURCE_DIR) + "/scripts/mariadb.sh";
    const int port = 34000 + static_cast<int>(::getpid() % 2000);
    RunOptions so = options();
    so.env = {{"MARIADB_PORT", std::to_string(port)},
              {"NOTES_MARIADB_DIR", (dir / "mariadb").string()}};
    so.timeout = 120s;
    auto server = [&](const char* verb) { return run_process({"bash", script, verb}, so); };
    Result started = server("start");
    if (started.code != 0) return skip("cannot start a second MariaDB server: " + started.err);
    struct Stop {
        std::function<void()> f;
        ~Stop() { f(); }
    } stop{[&] { server("stop"); }};
    const std::string url = fmt::format("mysql://root@127.0.0.1:{}/notes_test", port);
    auto on = [&](std::vector<std::string> args, std::string_view in = {}) {
        args.insert(args.begin(), {"--db", url});
        return run_nodb(args, in);
    };
    must(on({"add", "-c", "keep", "kept"}));

    fs::path big = write_file("big.jsonl", big_import(40'000, "bulk"));
    RunOptions o = options();
    Process p(argv({"--db", url, "--json", "import", big.string()}, false), o);
    std::this_thread::sleep_for(1500ms);
    Result halted = server("halt");
    REQUIRE_MESSAGE(halted.code == 0, halted);
    Result r = p.wait();
    REQUIRE_MESSAGE(server("start").code == 0, "the server did not come back");
    const auto n = [&] {
        Result c = on({"--json", "list"});
        REQUIRE_OK(c);
        for (const auto& cat : c.json())
            if (cat["name"] == "bulk") return cat["notes"].get<long long>();
        return 0LL;
    }();
    if (r.code == 0) {
        WARN_MESSAGE(false, "the import finished before the server stopped");
        CHECK(n == 40'000);
    } else {
        check_json_error(r, 4);
        CHECK((n == 0 || n == 40'000));
    }
    CHECK(on({"--json", "list", "keep"}).json().size() == 1);
}

// ---- SIGKILL during drop --force ----------------------------------------

TEST_CASE_FIXTURE(Env, "SIGKILL during drop --force drops all of it or nothing") {
    add("keep", "kept");
    must(run({"import"}, big_import(20'000, "bulk")));
    int killed = 0;
    for (auto delay : {20ms, 80ms, 200ms, 500ms}) {
        CAPTURE(delay.count());
        RunOptions o = options();
        Process p(argv({"drop", "--force", "bulk"}), o);
        std::this_thread::sleep_for(delay);
        if (p.exited()) {
            must(p.wait());
            CHECK(count_sql(*this, "text LIKE 'bulk note %'") == 0);
            must(run({"import"}, big_import(20'000, "bulk")));
            continue;
        }
        p.kill(SIGKILL);
        Result r = p.wait();
        if (r.signaled) ++killed;
        settle_server();
        const auto left = count_sql(*this, "text LIKE 'bulk note %'");
        CHECK((left == 0 || left == 20'000));
        check_integrity(*this);
        if (left == 0) must(run({"import"}, big_import(20'000, "bulk")));
    }
    WARN_MESSAGE(killed > 0, "every drop finished before the kill");
    CHECK(texts(notes_of("keep")) == std::vector<std::string>{"kept"});
    must(run({"drop", "--force", "bulk"}));  // still writable: no stale lock
}

// ---- missing tables are made again ---------------------------------------

TEST_CASE_FIXTURE(Env, "a table dropped by another program is made again, keeping the others") {
    if (server()) schema_changed();
    add("tech", "one");
    add("misc", "two");
    sql("DROP TABLE notes;");
    Result l = run({"--json", "list"});
    REQUIRE_OK(l);
    CHECK(names(l.json()) == std::vector<std::string>{"misc", "tech"});
    add("tech", "three");
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"three"});
    Result s = run({"--json", "search", "one"});
    REQUIRE_OK(s);
    CHECK(s.json().empty());
    CHECK(texts(run({"--json", "search", "three"}).json()) == std::vector<std::string>{"three"});
}

TEST_CASE_FIXTURE(Env, "a drop --all that stopped half-way is completed by the next command") {
    if (server()) schema_changed();
    add("tech", "one");
    // What an interrupted drop --all on MySQL could leave: some tables gone,
    // the bookkeeping still there.
    sql("DROP TABLE notes; DROP TABLE categories;");
    json n = add("tech", "again");
    CHECK(n["text"] == "again");
    CHECK(names(categories()) == std::vector<std::string>{"tech"});
    // And the bookkeeping gone, the notes still there.
    sql("DROP TABLE notes_meta;");
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"again"});
    must(run({"drop", "--all", "--yes"}));
    CHECK(categories().empty());
}

// ---- read-only and full (SQLite) ------------------------------------------

TEST_CASE_FIXTURE(Env, "a read-only database refuses writes with exit 4 and keeps its notes") {
    if (!file_database()) return skip("SQLite-only (file permissions)");
    add("tech", "kept");
    const std::string before = snapshot();
    fs::permissions(db_path(),
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                             fs::perms::group_exec | fs::perms::others_read |
                             fs::perms::others_exec);
    RunOptions o = options();
    o.as_nobody = true;
    if (::geteuid() == 0) {
        // nobody must be able to reach the file at all.
        fs::permissions(dir.parent_path(), fs::perms::others_exec, fs::perm_options::add);
    }
    Result r = run_opts({"--json", "add", "-c", "tech", "refused"}, o);
    check_json_error(r, 4);
    CHECK(r.err_json()["error"]["code"] == "database");
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
    fs::permissions(db_path(), fs::perms::owner_write, fs::perm_options::add);
    CHECK(snapshot() == before);
    check_integrity(*this);
}

TEST_CASE_FIXTURE(Env, "a full disk fails the write with exit 4 and loses nothing") {
    if (!file_database()) return skip("SQLite-only (a small tmpfs for the database file)");
    if (::geteuid() != 0) return skip("needs root to mount a small tmpfs");
    fs::path mnt = dir / "small";
    fs::create_directories(mnt);
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=2m") != 0)
        return skip(std::string("cannot mount a tmpfs here: ") + std::strerror(errno));
    struct Unmount {
        fs::path p;
        ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
    } unmount{mnt};
    const std::string db = (mnt / "notes.db").string();
    auto on = [&](std::vector<std::string> args, std::string_view in = {}) {
        args.insert(args.begin(), {"--db", db});
        return run_nodb(args, in);
    };
    must(on({"add", "-c", "keep", "kept"}));
    // Bigger than the file system: the import cannot fit.
    Result r = on({"--json", "import"}, big_import(20'000, "bulk"));
    check_json_error(r, 4);
    Result l = on({"--json", "list"});
    REQUIRE_OK(l);
    CHECK(names(l.json()) == std::vector<std::string>{"keep"});
    Result ic = run_process({"sqlite3", db, "PRAGMA integrity_check;"}, options());
    CHECK(ic.out == "ok\n");
    must(on({"add", "-c", "keep", "still writable"}));
}

TEST_SUITE_END();
