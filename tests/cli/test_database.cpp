// Databases (contract): default path and modes, NOTES_DB, URLs, files that
// cannot be used (exit 4), schema version, the tutorial's schema, and rows
// written by other programs through plain SQL.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "harness.hpp"

using namespace cli;

namespace {

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return 0xffff;
    return st.st_mode & 07777;
}

std::string octal(unsigned m) {
    std::ostringstream o;
    o << std::oct << m;
    return o.str();
}

// Seconds between an RFC 3339 UTC time and now.
long long seconds_from_now(const std::string& t) {
    std::tm tm{};
    if (::strptime(t.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return 1LL << 40;
    time_t when = ::timegm(&tm);
    return static_cast<long long>(when) - static_cast<long long>(std::time(nullptr));
}

bool near_now(const json& t) {
    if (!t.is_string()) return false;
    long long d = seconds_from_now(t.get<std::string>());
    return d > -300 && d < 300;
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    std::string l;
    while (std::getline(in, l))
        v.push_back(l);
    return v;
}

std::vector<std::string> split_tabs(const std::string& s) {
    std::vector<std::string> v;
    std::string cur;
    for (char c : s) {
        if (c == '\t') {
            v.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    v.push_back(cur);
    return v;
}

struct Column {
    bool not_null = false;
    bool has_default = false;
    bool auto_value = false;  // primary key / auto_increment
    std::string type;
};

std::map<std::string, Column> columns(const Env& env, const std::string& table) {
    std::map<std::string, Column> m;
    if (env.backend() == Backend::sqlite) {
        Result r = env.sql(
            "SELECT name, \"notnull\", dflt_value IS NOT NULL, pk, type FROM "
            "pragma_table_info('" +
            table + "');");
        for (const auto& line : split_lines(r.out)) {
            auto f = split_tabs(line);
            if (f.size() < 5) continue;
            m[f[0]] = Column{f[1] == "1", f[2] == "1", f[3] != "0", f[4]};
        }
    } else if (env.backend() == Backend::postgresql) {
        Result r = env.sql(
            "SELECT column_name, is_nullable, column_default IS NOT NULL, is_identity, data_type "
            "FROM information_schema.columns WHERE table_schema = current_schema() AND "
            "table_name = '" +
            table + "';");
        for (const auto& line : split_lines(r.out)) {
            auto f = split_tabs(line);
            if (f.size() < 5) continue;
            m[f[0]] = Column{f[1] == "NO", f[2] == "t", f[3] == "YES", f[4]};
        }
    } else {
        Result r = env.sql(
            "SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_DEFAULT IS NOT NULL, EXTRA, DATA_TYPE "
            "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" +
            table + "';");
        for (const auto& line : split_lines(r.out)) {
            auto f = split_tabs(line);
            if (f.size() < 5) continue;
            m[f[0]] = Column{f[1] == "NO", f[2] == "1",
                             f[3].find("auto_increment") != std::string::npos, f[4]};
        }
    }
    return m;
}

std::string schema_version(const Env& env) {
    Result r =
        env.sql("SELECT value FROM notes_meta WHERE " + env.q("key") + " = 'schema_version';");
    std::string v = r.out;
    while (!v.empty() && (v.back() == '\n' || v.back() == '\r'))
        v.pop_back();
    return v;
}

std::string garbage(size_t n, unsigned seed) {
    std::string s(n, '\0');
    unsigned x = seed;
    for (auto& c : s) {
        x = x * 1103515245u + 12345u;
        c = static_cast<char>((x >> 16) & 0xff);
    }
    return s;
}

}  // namespace

TEST_SUITE_BEGIN("database");

// ------------------------------------------------------------------ paths

TEST_CASE_FIXTURE(Env,
                  "default database is XDG_DATA_HOME/notes/notes.db with modes 0700 and 0600") {
    if (!file_database()) return skip("SQLite-only: a database file");
    Result r = run_nodb({"--json", "add", "-c", "tech", "in the default db"});
    REQUIRE_OK(r);
    fs::path folder = xdg / "notes";
    fs::path file = folder / "notes.db";
    REQUIRE(fs::is_regular_file(file));
    CHECK_MESSAGE(mode_of(folder) == 0700, "folder mode " << octal(mode_of(folder)));
    CHECK_MESSAGE(mode_of(file) == 0600, "file mode " << octal(mode_of(file)));
    for (const auto& e : fs::directory_iterator(folder)) {
        if (e.path().filename().string().rfind("notes.db", 0) == 0) {
            CAPTURE(e.path());
            CHECK_MESSAGE((mode_of(e.path()) & 077) == 0, octal(mode_of(e.path())));
        }
    }
    CHECK(fs::is_empty(home));
    Result l = run_nodb({"--json", "list", "tech"});
    REQUIRE_OK(l);
    CHECK(texts(l.json()) == std::vector<std::string>{"in the default db"});
}

TEST_CASE_FIXTURE(Env, "default database falls back to HOME/.local/share/notes/notes.db") {
    if (!file_database()) return skip("SQLite-only: a database file");
    Result r = run_nodb({"add", "-c", "tech", "home"}, {}, {{"XDG_DATA_HOME", std::nullopt}});
    REQUIRE_OK(r);
    fs::path folder = home / ".local" / "share" / "notes";
    REQUIRE(fs::is_regular_file(folder / "notes.db"));
    CHECK_MESSAGE(mode_of(folder) == 0700, octal(mode_of(folder)));
    CHECK_MESSAGE(mode_of(folder / "notes.db") == 0600, octal(mode_of(folder / "notes.db")));
    CHECK(fs::is_empty(xdg));
    Result l = run_nodb({"--json", "list"}, {}, {{"XDG_DATA_HOME", std::nullopt}});
    REQUIRE_OK(l);
    CHECK(names(l.json()) == std::vector<std::string>{"tech"});
}

TEST_CASE_FIXTURE(Env, "NOTES_DB selects the database and --db overrides it") {
    if (!file_database()) return skip("SQLite-only: a database file");
    fs::path env_db = dir / "from-env.db";
    fs::path flag_db = dir / "from-flag.db";
    EnvVars ev{{"NOTES_DB", env_db.string()}};
    REQUIRE_OK(run_nodb({"add", "-c", "envcat", "via env"}, {}, ev));
    CHECK(fs::exists(env_db));
    REQUIRE_OK(run_nodb({"--db", flag_db.string(), "add", "-c", "flagcat", "via flag"}, {}, ev));
    CHECK(fs::exists(flag_db));
    Result e = run_nodb({"--json", "list"}, {}, ev);
    REQUIRE_OK(e);
    CHECK(names(e.json()) == std::vector<std::string>{"envcat"});
    Result f = run_nodb({"--json", "list", "--db", flag_db.string()}, {}, ev);
    REQUIRE_OK(f);
    CHECK(names(f.json()) == std::vector<std::string>{"flagcat"});
    CHECK(fs::is_empty(xdg));
}

TEST_CASE_FIXTURE(Env, "sqlite URLs and relative paths") {
    if (!file_database()) return skip("SQLite-only: a database file");
    fs::path abs = dir / "abs.db";
    REQUIRE_OK(run_nodb({"--db", "sqlite:///" + abs.string(), "add", "-c", "a", "absolute"}));
    CHECK(fs::exists(abs));  // "sqlite:////tmp/..." = four slashes
    REQUIRE_OK(run_nodb({"--db", "sqlite:///relative.db", "add", "-c", "r", "relative"}));
    CHECK(fs::exists(dir / "relative.db"));  // relative to the working directory
    REQUIRE_OK(run_nodb({"--db", "plain-relative.db", "add", "-c", "p", "plain"}));
    CHECK(fs::exists(dir / "plain-relative.db"));
    Result r = run_nodb({"--json", "--db", abs.string(), "list"});
    REQUIRE_OK(r);
    CHECK(names(r.json()) == std::vector<std::string>{"a"});
    Result n = run_nodb({"--json", "list"}, {}, {{"NOTES_DB", "sqlite:///relative.db"}});
    REQUIRE_OK(n);
    CHECK(names(n.json()) == std::vector<std::string>{"r"});
    CHECK(fs::is_empty(xdg));
}

// ------------------------------------------------------------------ exit 4

TEST_CASE_FIXTURE(Env, "a directory as the database is exit 4") {
    if (!file_database()) return skip("SQLite-only: a database file");
    fs::path d = dir / "adir";
    fs::create_directory(d);
    check_json_error(run_nodb({"--json", "--db", d.string(), "list"}), 4);
    check_json_error(run_nodb({"--json", "--db", d.string(), "add", "-c", "t", "x"}), 4);
    check_human_error(run_nodb({"init"}, {}, {{"NOTES_DB", d.string()}}), 4);
    CHECK(fs::is_empty(d));
}

TEST_CASE_FIXTURE(Env, "a corrupt database file is exit 4 and left as it was") {
    if (!file_database()) return skip("SQLite-only: a database file");
    std::string noise = garbage(16384, 7);
    std::string header = std::string("SQLite format 3\0", 16) + garbage(8192 - 16, 11);
    for (const auto& content : {noise, header}) {
        fs::path f = write_file("corrupt.db", content);
        for (std::vector<std::string> args : {std::vector<std::string>{"list"},
                                              {"add", "-c", "t", "x"},
                                              {"init"},
                                              {"search", "x"},
                                              {"export"}}) {
            args.insert(args.begin(), {"--json", "--db", f.string()});
            Result r = run_nodb(args);
            check_json_error(r, 4);
        }
        CHECK(read_file(f) == content);
    }
}

TEST_CASE_FIXTURE(Env, "a read-only database file is exit 4 on write") {
    if (!file_database()) return skip("SQLite-only: a database file");
    REQUIRE_OK(run({"add", "-c", "tech", "before"}));
    std::string content = read_file(db_path());
    bool root = ::geteuid() == 0;
    RunOptions o = options();
    if (root) {
        // Root writes anyway: run notes as nobody, on a root-owned 0444 file
        // in a directory nobody may write (for its journal).
        o.as_nobody = true;
        Result probe = run_opts({"--version"}, o, false);
        if (probe.code != 0) return skip("cannot run the binary as nobody: " + probe.err);
        fs::permissions(dir, fs::perms::all);  // 0777: journal files may be created
        fs::permissions(home, fs::perms::all);
    }
    fs::permissions(db_path(),
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    Result r = run_opts({"--json", "add", "-c", "tech", "after"}, o);
    check_json_error(r, 4);
    Result c = run_opts({"--json", "create", "newcat"}, o);
    check_json_error(c, 4);
    fs::permissions(db_path(), fs::perms::owner_read | fs::perms::owner_write);
    fs::permissions(dir, fs::perms::owner_all);
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"before"});
    CHECK(names(categories()) == std::vector<std::string>{"tech"});
}

TEST_CASE_FIXTURE(Env, "a database folder that cannot be created is exit 4") {
    if (!file_database()) return skip("SQLite-only: a database file");
    fs::path file = write_file("not-a-dir", "x");
    check_json_error(
        run_nodb({"--json", "add", "-c", "t", "x"}, {}, {{"XDG_DATA_HOME", file.string()}}), 4);
    check_json_error(run_nodb({"--json", "init"}, {}, {{"XDG_DATA_HOME", file.string()}}), 4);
    check_json_error(
        run_nodb({"--json", "--db", (file / "sub" / "notes.db").string(), "add", "-c", "t", "x"}),
        4);
    CHECK(read_file(file) == "x");
}

TEST_CASE_FIXTURE(Env, "a database with a newer schema version is refused with exit 4") {
    REQUIRE_OK(run({"init"}));
    add("tech", "kept");
    std::string v = schema_version(*this);
    REQUIRE_MESSAGE(!v.empty(), "no schema_version row in notes_meta");
    schema_changed();
    sql("UPDATE notes_meta SET value = '999999' WHERE " + q("key") + " = 'schema_version';");
    for (std::vector<std::string> args : {std::vector<std::string>{"list"},
                                          {"add", "-c", "tech", "new"},
                                          {"init"},
                                          {"search", "kept"},
                                          {"list", "tech"}}) {
        args.insert(args.begin(), "--json");
        Result r = run(args);
        check_json_error(r, 4);
        if (r.code == 4 && !r.err.empty()) {
            std::string msg = r.err_json()["error"].value("message", "");
            CHECK_MESSAGE((msg.find("version") != std::string::npos ||
                           msg.find("newer") != std::string::npos),
                          msg);
        }
    }
    check_human_error(run({"list"}), 4);
    CHECK(schema_version(*this) == "999999");
    Result count = sql("SELECT COUNT(*) FROM notes;");
    CHECK(count.out == "1\n");
}

// ------------------------------------------------------------------ schema

TEST_CASE_FIXTURE(Env, "init is idempotent and keeps data") {
    REQUIRE_OK(run({"init"}));
    REQUIRE_OK(run({"init"}));
    add("tech", "x");
    std::string before = snapshot();
    Result r = run({"--json", "init"});
    REQUIRE_OK(r);
    CHECK(snapshot() == before);
    CHECK(!schema_version(*this).empty());
}

TEST_CASE_FIXTURE(Env, "the schema has the contract's tables and columns") {
    REQUIRE_OK(run({"init"}));
    auto cats = columns(*this, "categories");
    auto notes = columns(*this, "notes");
    for (std::string c : {"id", "name", "created_at"})
        CHECK_MESSAGE(cats.count(c), c);
    for (std::string c : {"id", "text", "category_id", "created_at", "updated_at"})
        CHECK_MESSAGE(notes.count(c), c);
    // Other programs fill only name / text + category_id: everything else
    // must be optional or defaulted.
    auto check_optional = [](const std::map<std::string, Column>& cols,
                             std::set<std::string> filled, const std::string& table) {
        for (const auto& [name, col] : cols) {
            if (filled.count(name) || name == "id") continue;
            CHECK_MESSAGE((!col.not_null || col.has_default || col.auto_value),
                          table << "." << name << " is required without a default");
        }
    };
    check_optional(cats, {"name"}, "categories");
    check_optional(notes, {"text", "category_id"}, "notes");
    if (backend() == Backend::postgresql) {
        CHECK(cats["created_at"].type == "timestamp without time zone");
        CHECK(notes["created_at"].type == "timestamp without time zone");
        CHECK(notes["updated_at"].type == "timestamp without time zone");
        Result fk =
            sql("SELECT confrelid::regclass, a.attname FROM pg_constraint c JOIN pg_attribute a "
                "ON a.attrelid = c.confrelid AND a.attnum = c.confkey[1] "
                "WHERE c.conrelid = 'notes'::regclass AND c.contype = 'f';");
        CHECK(fk.out == "categories\tid\n");
    } else if (backend() == Backend::mysql) {
        CHECK(cats["created_at"].type == "datetime");
        CHECK(notes["created_at"].type == "datetime");
        CHECK(notes["updated_at"].type == "datetime");
        Result fk =
            sql("SELECT REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM "
                "information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND "
                "TABLE_NAME = 'notes' AND COLUMN_NAME = 'category_id' AND "
                "REFERENCED_TABLE_NAME IS NOT NULL;");
        CHECK(fk.out == "categories\tid\n");
    } else {
        Result fk =
            sql("SELECT \"table\", \"to\" FROM pragma_foreign_key_list('notes') "
                "WHERE \"from\" = 'category_id';");
        CHECK(fk.out == "categories\tid\n");
    }
}

TEST_CASE_FIXTURE(Env, "SQLite stores times as UTC text YYYY-MM-DD HH:MM:SS") {
    if (!file_database()) return skip("SQLite-only: a database file");
    add("tech", "x");
    Result r =
        sql("SELECT created_at, updated_at, typeof(created_at) FROM notes;"
            "SELECT created_at, typeof(created_at) FROM categories;");
    auto lines = split_lines(r.out);
    REQUIRE(lines.size() == 2);
    std::regex re(R"(^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\ttext$)");
    std::regex re3(
        R"(^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\t\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\ttext$)");
    CHECK_MESSAGE(std::regex_match(lines[0], re3), lines[0]);
    CHECK_MESSAGE(std::regex_match(lines[1], re), lines[1]);
}

TEST_CASE_FIXTURE(Env, "timestamps are UTC whatever the local time zone") {
    // POSIX TZ string, no tzdata needed: UTC+05:45.
    EnvVars tz{{"TZ", "XST-5:45"}};
    Result r = run({"--json", "add", "-c", "tz", "what time is it"}, {}, tz);
    REQUIRE_OK(r);
    json n = r.json();
    CHECK_MESSAGE(near_now(n["created_at"]), n.dump());
    CHECK_MESSAGE(near_now(n["updated_at"]), n.dump());
    Result c = run({"--json", "list"}, {}, tz);
    REQUIRE_OK(c);
    CHECK_MESSAGE(near_now(c.json()[0]["created_at"]), c.out);
    Result w = run({"--json", "list"}, {}, {{"TZ", "YST+9:30"}});
    REQUIRE_OK(w);
    CHECK(w.out == c.out);
}

// ------------------------------------------------------------------ other programs

TEST_CASE_FIXTURE(Env, "rows inserted by plain SQL with only name or text and category_id work") {
    REQUIRE_OK(run({"init"}));
    sql("INSERT INTO categories (name) VALUES ('external');");
    sql("INSERT INTO notes (text, category_id) SELECT 'external note', id FROM categories "
        "WHERE name = 'external';");
    json cats = categories();
    REQUIRE(cats.size() == 1);
    check_category_object(cats[0]);
    CHECK(cats[0]["name"] == "external");
    CHECK(cats[0]["notes"] == 1);
    CHECK_MESSAGE(near_now(cats[0]["created_at"]), cats.dump());

    json notes = notes_of("external");
    REQUIRE(notes.size() == 1);
    check_note_object(notes[0]);
    CHECK(notes[0]["text"] == "external note");
    CHECK_MESSAGE(near_now(notes[0]["created_at"]), notes.dump());
    CHECK_MESSAGE(near_now(notes[0]["updated_at"]), notes.dump());
    std::string id = std::to_string(notes[0]["id"].get<long long>());

    Result s = run({"--json", "show", id});
    REQUIRE_OK(s);
    CHECK(s.json() == notes[0]);
    Result f = run({"--json", "search", "external"});
    REQUIRE_OK(f);
    CHECK(texts(f.json()) == std::vector<std::string>{"external note"});
    Result e = run({"--json", "edit", id, "edited by notes"});
    REQUIRE_OK(e);
    CHECK(e.json()["text"] == "edited by notes");
    Result x = run({"export"});
    REQUIRE_OK(x);
    CHECK(x.json_lines().size() == 1);
    REQUIRE_OK(run({"rm", id}));
    REQUIRE_OK(run({"drop", "external"}));
}

TEST_CASE_FIXTURE(Env, "notes rows can be read by a plain SQL program") {
    json n = add("tech", "written by notes");
    Result r =
        sql("SELECT n.id, n.text, c.name FROM notes n JOIN categories c "
            "ON c.id = n.category_id;");
    CHECK(r.out == std::to_string(n["id"].get<long long>()) + "\twritten by notes\ttech\n");
}

namespace {

void create_tutorial_schema(Env& env) {
    env.drop_all();  // a server: no tables at all, as before the tutorial ran
    if (env.backend() == Backend::sqlite) {
        env.sql(
            "CREATE TABLE categories (\n"
            "\tid INTEGER NOT NULL, \n\tname VARCHAR(10) NOT NULL, \n"
            "\tPRIMARY KEY (id), \n\tUNIQUE (name)\n);\n"
            "CREATE TABLE notes (\n"
            "\tid INTEGER NOT NULL, \n\ttext TEXT NOT NULL, \n\tcategory_id INTEGER NOT NULL, \n"
            "\tPRIMARY KEY (id), \n\tFOREIGN KEY(category_id) REFERENCES categories (id)\n);");
    } else if (env.backend() == Backend::postgresql) {
        // As SQLAlchemy 1.4 creates them on PostgreSQL.
        env.sql(
            "CREATE TABLE categories (\n"
            "\tid SERIAL NOT NULL, \n\tname VARCHAR(10) NOT NULL, \n"
            "\tPRIMARY KEY (id), \n\tUNIQUE (name)\n);\n"
            "CREATE TABLE notes (\n"
            "\tid SERIAL NOT NULL, \n\ttext TEXT NOT NULL, \n"
            "\tcategory_id INTEGER NOT NULL, \n"
            "\tPRIMARY KEY (id), \n\tFOREIGN KEY(category_id) REFERENCES categories (id)\n);");
    } else {
        env.sql(
            "CREATE TABLE categories (\n"
            "\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tname VARCHAR(10) NOT NULL, \n"
            "\tPRIMARY KEY (id), \n\tUNIQUE (name)\n);\n"
            "CREATE TABLE notes (\n"
            "\tid INTEGER NOT NULL AUTO_INCREMENT, \n\ttext TEXT NOT NULL, \n"
            "\tcategory_id INTEGER NOT NULL, \n"
            "\tPRIMARY KEY (id), \n\tFOREIGN KEY(category_id) REFERENCES categories (id)\n);");
    }
    env.sql(
        "INSERT INTO categories (name) VALUES ('technology');\n"
        "INSERT INTO categories (name) VALUES ('cooking');\n"
        "INSERT INTO notes (text, category_id) VALUES ('sqlalchemy is cool', 1);\n"
        "INSERT INTO notes (text, category_id) VALUES ('boil water first', 2);\n"
        "INSERT INTO notes (text, category_id) VALUES ('orm maps classes to tables', 1);");
}

}  // namespace

TEST_CASE_FIXTURE(Env, "a database made by the tutorial's models is adopted in place") {
    create_tutorial_schema(*this);
    json cats = categories();
    REQUIRE(cats.size() == 2);
    for (const auto& c : cats)
        check_category_object(c);
    CHECK(names(cats) == std::vector<std::string>{"cooking", "technology"});
    CHECK(cats[0]["notes"] == 1);
    CHECK(cats[1]["notes"] == 2);
    json tech = notes_of("technology");
    REQUIRE(tech.size() == 2);
    for (const auto& n : tech)
        check_note_object(n);
    std::vector<std::string> t = texts(tech);
    std::sort(t.begin(), t.end());
    CHECK(t == std::vector<std::string>{"orm maps classes to tables", "sqlalchemy is cool"});
    Result s = run({"--json", "search", "sqlalchemy"});
    REQUIRE_OK(s);
    CHECK(texts(s.json()) == std::vector<std::string>{"sqlalchemy is cool"});
    Result sh = run({"--json", "show", "1"});
    REQUIRE_OK(sh);
    CHECK(sh.json()["text"] == "sqlalchemy is cool");
    CHECK(sh.json()["category"] == "technology");
    CHECK(!schema_version(*this).empty());

    // notes writes into it ...
    json added = add("technology", "added by notes");
    CHECK(added["category"] == "technology");

    // ... and the tutorial's models keep working: they fill only name /
    // text + category_id and read id, name, text, category_id.
    sql("INSERT INTO categories (name) VALUES ('garden');");
    sql("INSERT INTO notes (text, category_id) SELECT 'water the plants', id FROM categories "
        "WHERE name = 'garden';");
    Result old =
        sql("SELECT categories.id, categories.name FROM categories "
            "WHERE categories.name = 'technology';");
    CHECK(old.out == "1\ttechnology\n");
    Result oldn =
        sql("SELECT notes.id, notes.text, notes.category_id FROM notes "
            "WHERE notes.category_id = 1 ORDER BY notes.id;");
    CHECK(oldn.out == "1\tsqlalchemy is cool\t1\n3\torm maps classes to tables\t1\n" +
                          std::to_string(added["id"].get<long long>()) + "\tadded by notes\t1\n");

    json garden = notes_of("garden");
    REQUIRE(garden.size() == 1);
    check_note_object(garden[0]);
    CHECK_MESSAGE(near_now(garden[0]["created_at"]), garden.dump());
    Result w = run({"--json", "search", "water"});
    REQUIRE_OK(w);
    std::vector<std::string> wt = texts(w.json());
    std::sort(wt.begin(), wt.end());
    CHECK(wt == std::vector<std::string>{"boil water first", "water the plants"});
    // A second run does not adopt again or lose anything.
    Result again = run({"init"});
    REQUIRE_OK(again);
    CHECK(categories().size() == 3);
}

TEST_CASE_FIXTURE(Env, "an adopted tutorial database accepts 64-character names") {
    create_tutorial_schema(*this);
    std::string name = repeat("\xc3\xa9", 64);
    Result r = run({"--json", "create", name});
    REQUIRE_OK(r);
    CHECK(r.json()["name"] == name);
    Result a = run({"--json", "add", "-c", std::string(64, 'L'), "long name"});
    REQUIRE_OK(a);
    CHECK(a.json()["category"] == std::string(64, 'L'));
    CHECK(names(categories()) ==
          std::vector<std::string>{std::string(64, 'L'), "cooking", "technology", name});
}

// ------------------------------------------------------------------ MariaDB URLs

TEST_CASE_FIXTURE(Env, "mariadb:// URLs and percent-encoded user and password") {
    if (backend() != Backend::mysql) return skip("MariaDB-only");
    ServerUrl m = parse_server_url(db());
    std::string host = m.host + ":" + m.port + "/" + m.database;
    REQUIRE_OK(run({"init"}));
    add("tech", "reachable");
    Result alt =
        run_nodb({"--json", "--db", "mariadb://" + db().substr(db().find("://") + 3), "list"});
    REQUIRE_OK(alt);
    CHECK(names(alt.json()) == std::vector<std::string>{"tech"});

    sql("DROP USER IF EXISTS 'notes@pct'@'%';\n"
        "CREATE USER 'notes@pct'@'%' IDENTIFIED BY 'p@ss:w/rd%?#';\n"
        "GRANT ALL PRIVILEGES ON `" +
        m.database + "`.* TO 'notes@pct'@'%';");
    std::string url = "mysql://notes%40pct:p%40ss%3Aw%2Frd%25%3F%23@" + host;
    Result r = run_nodb({"--json", "-vv", "--db", url, "list"});
    CHECK_MESSAGE(r.code == 0, r);
    if (r.code == 0) CHECK(names(r.json()) == std::vector<std::string>{"tech"});
    CHECK(r.err.find("p@ss:w/rd") == std::string::npos);
    CHECK(r.err.find("p%40ss") == std::string::npos);
    Result w = run_nodb({"--json", "--db", url, "add", "-c", "tech", "as another user"});
    CHECK_MESSAGE(w.code == 0, w);
    sql("DROP USER IF EXISTS 'notes@pct'@'%';");
}

TEST_SUITE_END();
