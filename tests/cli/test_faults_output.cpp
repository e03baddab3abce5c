// Faults on the way out and in (issue 10): export -o onto the database, an
// input that is a folder, output that cannot be written (exit 4 "io"), a
// full file system under export -o, closed pipes.
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cli;

namespace {

// The error object of the last line of stderr (notices may come before it).
json last_error(const Result& r) {
    auto end = r.err.find_last_not_of('\n');
    if (end == std::string::npos) return json();
    auto start = r.err.rfind('\n', end);
    start = start == std::string::npos ? 0 : start + 1;
    try {
        return json::parse(r.err.substr(start, end + 1 - start)).at("error");
    } catch (const json::exception&) {
        return json();
    }
}

// Exit 4; with --json (in args) error.code "io", else one human error line.
void check_io_error(const Result& r) {
    INFO(r.describe());
    CHECK(r.code == 4);
    if (std::find(r.args.begin(), r.args.end(), "--json") == r.args.end()) {
        CHECK(r.err.find("notes: error: ") != std::string::npos);
        return;
    }
    json e = last_error(r);
    CHECK(e.is_object());
    if (e.is_object()) CHECK(e.value("code", "") == "io");
}

// Files of `folder`, by name.
std::vector<std::string> files_in(const fs::path& folder) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(folder))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("faults");

TEST_CASE_FIXTURE(Env, "export -o onto the database or its files is exit 2 and changes nothing") {
    if (!file_database()) return skip("SQLite-only: the database is a file");
    add("tech", "must survive");
    const std::string before = snapshot();
    const std::string db = db_path().string();
    // A -journal, a hard link and links to files that do not exist (yet).
    write_file(db_path().filename().string() + "-journal", "");
    fs::create_hard_link(db, dir / "hard.db");
    fs::create_symlink(db, dir / "soft.db");
    fs::create_symlink("soft.db", dir / "soft2.db");
    fs::create_symlink(db + "-wal", dir / "wal-link");
    fs::create_directory(dir / "sub");
    fs::create_symlink(dir, dir / "sub" / "up");
    const std::vector<std::string> targets = {
        db,
        db + "-wal",
        db + "-shm",
        db + "-journal",
        (dir / "hard.db").string(),
        (dir / "soft.db").string(),
        (dir / "soft2.db").string(),
        (dir / "wal-link").string(),
        (dir / "sub" / "up" / db_path().filename()).string(),
        (dir / "sub" / ".." / db_path().filename()).string(),
        db_path().filename().string(),  // relative to the current folder (dir)
    };
    for (const auto& t : targets) {
        CAPTURE(t);
        const std::string bytes = read_file(db_path());
        const auto listing = files_in(dir);
        Result r = run({"--json", "export", "-o", t});
        check_json_error(r, 2);
        CHECK_MESSAGE(r.err.find("database") != std::string::npos, r);
        CHECK(read_file(db_path()) == bytes);
        CHECK(files_in(dir) == listing);  // no temporary file left either
        Result h = run({"export", "-o", t});
        CHECK_EXIT(h, 2);
    }
    CHECK(snapshot() == before);
    // The default database (no --db) is protected the same way.
    REQUIRE_OK(run_nodb({"add", "-c", "tech", "in the default database"}));
    const fs::path dflt = xdg / "notes" / "notes.db";
    REQUIRE(fs::exists(dflt));
    const std::string bytes = read_file(dflt);
    check_json_error(run_nodb({"--json", "export", "-o", dflt.string()}), 2);
    check_json_error(run_nodb({"--json", "export", "-o", dflt.string() + "-wal"}), 2);
    CHECK(read_file(dflt) == bytes);
}

TEST_CASE_FIXTURE(Env, "export -o replaces FILE only when the export is complete") {
    add("tech", "one");
    const fs::path out = write_file("backup.jsonl", "old backup\n");
    // Fails after FILE was opened (no such category): the old FILE stays.
    Result r = run({"--json", "export", "-c", "nosuch", "-o", out.string()});
    check_json_error(r, 1);
    CHECK(read_file(out) == "old backup\n");
    for (const auto& f : files_in(dir))
        CHECK_MESSAGE(f.find(".backup.jsonl.") == std::string::npos, f);
    // Succeeds: replaced whole.
    REQUIRE_OK(run({"export", "-o", out.string()}));
    CHECK(read_file(out).find("\"one\"") != std::string::npos);
    CHECK(read_file(out).find("old backup") == std::string::npos);
    for (const auto& f : files_in(dir))
        CHECK_MESSAGE(f.find(".backup.jsonl.") == std::string::npos, f);
    // A folder that does not exist cannot be written: exit 4 "io".
    check_io_error(run({"--json", "export", "-o", (dir / "no" / "such.jsonl").string()}));
}

TEST_CASE_FIXTURE(Env, "import of a folder or an unreadable file is exit 4 before the database") {
    fs::create_directory(dir / "folder");
    const std::string before = file_database() ? std::string() : snapshot();
    auto unchanged = [&] {
        if (file_database()) {
            CHECK_MESSAGE(!fs::exists(db_path()), "the database was created");
        } else {
            CHECK(snapshot() == before);
        }
    };
    for (const std::string& input : {(dir / "folder").string(), (dir / "missing.jsonl").string()}) {
        CAPTURE(input);
        Result r = run({"--json", "import", input});
        check_io_error(r);
        CHECK(r.out.empty());
        unchanged();
    }
    // A file this user may not read (as nobody when the tests run as root).
    const fs::path secret = write_file("secret.jsonl", "{}\n");
    fs::permissions(secret, fs::perms::none);
    RunOptions o = options();
    if (::geteuid() == 0) {
        o.as_nobody = true;
        fs::permissions(dir, fs::perms::all);
    }
    Result r = run_opts({"--json", "--db", db(), "import", secret.string()}, o, false);
    fs::permissions(dir, fs::perms::owner_all);
    check_io_error(r);
    CHECK_MESSAGE(r.err.find("ermission denied") != std::string::npos, r);
    unchanged();
}

TEST_CASE_FIXTURE(Env,
                  "output that cannot be written is exit 4 io; a write command says it stands") {
    create("tech");
    json kept = add("tech", "first");
    RunOptions full = options();
    full.stdout_path = "/dev/full";

    // add: the note is stored, and the message says so.
    for (bool as_json : {true, false}) {
        CAPTURE(as_json);
        std::vector<std::string> args = {"add", "-c", "tech", as_json ? "json note" : "human note"};
        if (as_json) args.insert(args.begin(), "--json");
        Result r = run_opts(args, full);
        check_io_error(r);
        CHECK_MESSAGE(r.err.find("committed") != std::string::npos, r);
        CHECK_MESSAGE(r.err.find("No space left") != std::string::npos, r);
    }
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"human note", "json note", "first"});

    // Every other write command: committed, and the change stands.
    const std::string id = std::to_string(kept["id"].get<long long>());
    const std::vector<std::vector<std::string>> writes = {
        {"create", "other"}, {"edit", id, "edited"}, {"rename", "other", "renamed"},
        {"drop", "renamed"}, {"import", "-"},        {"rm", id},
    };
    for (const auto& w : writes) {
        CAPTURE(w.front());
        RunOptions o = full;
        if (w.front() == "import")
            o.stdin_data = R"({"category":"imp","text":"imported"})"
                           "\n";
        Result r = run_opts(w, o);
        check_io_error(r);
        CHECK_MESSAGE(r.err.find("committed") != std::string::npos, r);
    }
    json cats = categories();
    CHECK(names(cats) == std::vector<std::string>{"imp", "tech"});
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"human note", "json note"});

    // Reads: exit 4 io, with and without --json, and no claim of a change.
    const std::string shown = std::to_string(notes_of("tech")[0]["id"].get<long long>());
    const std::vector<std::vector<std::string>> reads = {
        {"list"},
        {"list", "tech"},
        {"show", shown},
        {"search", "note"},
        {"export"},
        {"export", "-c", "tech"},
        {"export", "-o", "/dev/full"},
        {"history"},
    };
    for (const auto& rd : reads) {
        for (bool as_json : {true, false}) {
            CAPTURE(rd.front());
            CAPTURE(as_json);
            std::vector<std::string> args = rd;
            if (as_json) args.insert(args.begin(), "--json");
            Result r = run_opts(args, full);
            if (rd.front() == "history" && r.code == 2) continue;  // not there (yet)
            check_io_error(r);
            CHECK_MESSAGE(r.err.find("committed") == std::string::npos, r);
        }
    }
    // export -o /dev/full also when stdout is fine.
    check_io_error(run({"--json", "export", "-o", "/dev/full"}));
}

TEST_CASE_FIXTURE(Env, "a closed pipe ends a long output quietly") {
    std::string in;
    for (int i = 0; i < 3000; ++i)
        in += json{{"category", "bulk"},
                   {"text", "note number " + std::to_string(i) + " " + std::string(200, 'x')}}
                  .dump() +
              "\n";
    REQUIRE_OK(run({"import", "-"}, in));
    for (const char* cmd : {"export", "list bulk", "--json list bulk"}) {
        CAPTURE(cmd);
        std::string script = "set -o pipefail; '" + notes_binary() + "' --db '" + db() + "' " +
                             cmd + " | head -c 100 >/dev/null; echo \"status=${PIPESTATUS[0]}\"";
        RunOptions o = options();
        Result r = run_process({"bash", "-c", script}, o);
        CHECK_MESSAGE(r.err.empty(), r);
        CHECK_MESSAGE(r.out == "status=141\n", r);
    }
}

TEST_CASE_FIXTURE(Env, "export -o on a full file system: exit 4, the old FILE kept, no temp file") {
    if (::geteuid() != 0) return skip("needs root to mount a small tmpfs");
    const fs::path mnt = dir / "small";
    fs::create_directory(mnt);
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=1m") != 0)
        return skip(std::string("cannot mount a tmpfs: ") + std::strerror(errno));
    struct Unmount {
        fs::path p;
        ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
    } unmount{mnt};

    std::string in;
    for (int i = 0; i < 600; ++i)
        in +=
            json{{"category", "big"}, {"text", std::to_string(i) + std::string(4000, 'y')}}.dump() +
            "\n";
    REQUIRE_OK(run({"import", "-"}, in));  // about 2.4 MB of JSON Lines
    const fs::path old = mnt / "backup.jsonl";
    {
        std::ofstream f(old);
        f << "the old backup\n";
    }
    for (bool as_json : {true, false}) {
        CAPTURE(as_json);
        std::vector<std::string> args = {"export", "-o", old.string()};
        if (as_json) args.insert(args.begin(), "--json");
        Result r = run(args);
        CHECK_EXIT(r, 4);
        if (as_json) check_io_error(r);
        CHECK_MESSAGE(r.err.find("No space left") != std::string::npos, r);
        CHECK(read_file(old) == "the old backup\n");
        CHECK(files_in(mnt) == std::vector<std::string>{"backup.jsonl"});
    }
    // One category fits: replaced.
    REQUIRE_OK(run({"import", "-"}, R"({"category":"small","text":"fits"})"
                                    "\n"));
    REQUIRE_OK(run({"export", "-c", "small", "-o", old.string()}));
    CHECK(read_file(old).find("\"fits\"") != std::string::npos);
    CHECK(files_in(mnt) == std::vector<std::string>{"backup.jsonl"});
}

TEST_CASE_FIXTURE(Env, "a terminal sees control characters escaped; pipes and --json are exact") {
    const std::string text = "esc \x1b[2J del \x7f c1 \xc2\x9b bell \x07 tab\tnext\nline two";
    json n = add("ok", text);
    const std::string id = std::to_string(n["id"].get<long long>());
    // A name no `notes` would accept, written by another program.
    sql(backend() == Backend::mysql
            ? "INSERT INTO categories(name) VALUES (CONCAT('evil', CHAR(27), '[2J', "
              "_utf8mb4 X'C29B', 'x'));"
        : backend() == Backend::postgresql
            ? "INSERT INTO categories(name) VALUES ('evil' || chr(27) || '[2J' || "
              "chr(155) || 'x');"
            : "INSERT INTO categories(name) VALUES ('evil' || char(27) || '[2J' || "
              "char(155) || 'x');");
    sql("INSERT INTO notes(text, category_id) SELECT 'in evil', MAX(id) FROM categories;");

    RunOptions tty = options();
    tty.stdout_tty = true;
    tty.env.push_back({"NO_COLOR", "1"});  // no SGR: every ESC would be a leak
    auto raw_controls = [](const std::string& out) {
        std::string found;
        for (std::size_t i = 0; i < out.size(); ++i) {
            const auto c = static_cast<unsigned char>(out[i]);
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) found += std::to_string(c) + " ";
            if (c == 0xc2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) >= 0x80 &&
                static_cast<unsigned char>(out[i + 1]) < 0xa0)
                found += "C1 ";
        }
        return found;
    };
    Result show = run_opts({"show", id}, tty);
    REQUIRE_OK(show);
    CHECK_MESSAGE(raw_controls(show.out).empty(), show);
    CHECK_MESSAGE(
        show.out.find("esc \\x1b[2J del \\x7f c1 \\u009b bell \\x07 tab\tnext\nline two") !=
            std::string::npos,
        show);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"list"},
                                                 {"list", "ok"},
                                                 {"search", "esc"},
                                                 {"search", "evil"}}) {
        CAPTURE(args.back());
        Result r = run_opts(args, tty);
        REQUIRE_OK(r);
        CHECK_MESSAGE(raw_controls(r.out).empty(), r);
    }
    Result cats = run_opts({"list"}, tty);
    CHECK_MESSAGE(cats.out.find("evil\\x1b[2J\\u009bx") != std::string::npos, cats);
    Result lines = run_opts({"list", "ok"}, tty);
    CHECK_MESSAGE(lines.out.find("esc \\x1b[2J") != std::string::npos, lines);
    // The evil category's note, whole: its category name escaped too.
    Result all = run({"--json", "search", "evil"});
    REQUIRE_OK(all);
    REQUIRE(all.json().size() == 1);
    const std::string eid = std::to_string(all.json()[0]["id"].get<long long>());
    Result es = run_opts({"show", eid}, tty);
    REQUIRE_OK(es);
    CHECK_MESSAGE(raw_controls(es.out).empty(), es);
    CHECK_MESSAGE(es.out.find("evil\\x1b[2J\\u009bx") != std::string::npos, es);

    // --json on a terminal: the exact text (JSON escapes it).
    Result j = run_opts({"--json", "show", id}, tty);
    REQUIRE_OK(j);
    CHECK(j.json()["text"] == text);
    // A pipe gets the bytes as stored.
    Result p = run({"show", id});
    REQUIRE_OK(p);
    CHECK_MESSAGE(p.out.find(text) != std::string::npos, p);
    Result pl = run({"list"});
    CHECK_MESSAGE(pl.out.find("evil\x1b[2J\xc2\x9bx") != std::string::npos, pl);
}

TEST_CASE_FIXTURE(Env, "a password in a URL never reaches stderr, wherever the URL is given") {
    const std::string pw = "Sup3rSecretPw";
    struct Case {
        std::vector<std::string> args;
        int code;
        EnvVars env;
    };
    const std::vector<Case> cases = {
        {{"mysql://u:" + pw + "@h/db", "list"}, 2, {}},           // where a command belongs
        {{"list", "mysql://u:" + pw + "@h/db", "extra"}, 2, {}},  // an extra argument
        {{"list", "mysql://u:" + pw + "@h/db"}, 1, {}},           // a (valid) category name
        {{"--db", "mysql:/u:" + pw + "@h/db", "list"}, 4, {}},    // one slash: a SQLite path
        {{"--db=mysql:/u:" + pw + "@h/db", "list"}, 4, {}},
        {{"list"}, 4, {{"NOTES_DB", "mysql:/u:" + pw + "@h/db"}}},
        {{"--db", "mysql://u:" + pw + "/db", "list"}, 2, {}},  // no '@'
        {{"--db", "mysql://u@127.0.0.1:1/db?password=" + pw, "list"}, 2, {}},
        {{"--db", "mysql://u:" + pw + "@127.0.0.1:1/db", "list"}, 4, {}},  // nothing listens
        {{"--db", "mysql//u:" + pw + "@h/db", "list"}, 4, {}},
        {{"--db", "mysqll://u:" + pw + "@h/db", "list"}, 2, {}},
        {{"--db", "mysql://u:" + pw + "@h:99999/db", "list"}, 2, {}},
    };
    for (const auto& c : cases) {
        for (const std::vector<std::string>& extra :
             {std::vector<std::string>{}, {"--json"}, {"-v"}, {"-vv"}}) {
            std::vector<std::string> args = extra;
            args.insert(args.end(), c.args.begin(), c.args.end());
            RunOptions o = options();
            o.env.insert(o.env.end(), c.env.begin(), c.env.end());
            o.timeout = std::chrono::milliseconds(30'000);
            Result r = run_opts(args, o, false);
            INFO(r.describe());
            CHECK(r.code == c.code);
            CHECK(r.err.find("Secret") == std::string::npos);
            CHECK(r.out.find("Secret") == std::string::npos);
            CHECK(!r.err.empty());
        }
    }
}

TEST_CASE_FIXTURE(Env, "%00 in a URL and an empty or out-of-range port are exit 2") {
    for (const std::string& url :
         {std::string("sqlite:///a.db%00.x"),
          std::string("sqlite:///") + (dir / "b.db%00").string(), std::string("mysql://u@h/db%00"),
          std::string("mysql://u:pw@[::1]:/db"), std::string("mysql://u:pw@h:/db"),
          std::string("mysql://u@h:0/db"), std::string("mysql://u@h:65536/db"),
          std::string("mariadb://u@[::1]:99999/db")}) {
        CAPTURE(url);
        check_json_error(run_nodb({"--json", "--db", url, "add", "-c", "t", "x"}), 2);
        check_human_error(run_nodb({"--db", url, "list"}), 2);
    }
    for (const auto& f : files_in(dir))
        CHECK_MESSAGE(f.find(".db") == std::string::npos, f);  // no a.db, no b.db
}

TEST_CASE_FIXTURE(Env, "a terminal shows bytes that are not UTF-8 as --json and export do") {
    SKIP_UNLESS(support::capabilities().stores_invalid_utf8, "text columns check UTF-8");
    add("ok", "first");
    // a, a 3-byte sequence cut short, an overlong '/', a byte never in UTF-8:
    // one U+FFFD per maximal subpart (Unicode 3.9), four in all. The terminal
    // used to show one per byte (five).
    sql("INSERT INTO notes(text, category_id) SELECT CAST(X'6120E282206220C0AF206320FF2064' AS "
        "TEXT), MAX(id) FROM categories;");
    const std::string fffd = "\xEF\xBF\xBD";
    const std::string shown = "a " + fffd + " b " + fffd + fffd + " c " + fffd + " d";
    Result list = run({"--json", "list", "ok"});
    REQUIRE_OK(list);
    const auto id = std::to_string(list.json()[0]["id"].get<long long>());
    Result j = run({"--json", "show", id});
    REQUIRE_OK(j);
    CHECK(j.json()["text"] == shown);
    Result e = run({"export", "-c", "ok"});
    REQUIRE_OK(e);
    CHECK_MESSAGE(e.out.find(shown) != std::string::npos, e);
    RunOptions tty = options();
    tty.stdout_tty = true;
    tty.env.push_back({"NO_COLOR", "1"});
    Result t = run_opts({"show", id}, tty);
    REQUIRE_OK(t);
    CHECK_MESSAGE(t.out.find(shown + "\n") != std::string::npos, t);
}

TEST_SUITE_END();
