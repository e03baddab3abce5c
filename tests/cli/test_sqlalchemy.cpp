// The original tutorial's SQLAlchemy models read and write the same tables as
// `notes`, on every backend: sqlalchemy_tutorial.py runs with Debian's
// python3 (python3-sqlalchemy, python3-psycopg2, python3-pymysql: deps.sh --test).
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cli;

namespace {

// This backend's URL as SQLAlchemy spells it, with the driver the tutorial needs.
std::string sqlalchemy_url(const Env& env) {
    const auto db = env.db();
    switch (env.backend()) {
        case Backend::sqlite:
            return "sqlite:///" + fs::absolute(db).string();
        case Backend::mysql:
            return "mysql+pymysql://" + db.substr(db.find("://") + 3) +
                   (db.find('?') == std::string::npos ? "?charset=utf8mb4" : "&charset=utf8mb4");
        case Backend::postgresql:
            return "postgresql+psycopg2://" + db.substr(db.find("://") + 3);
    }
    return db;
}

bool python_ready(const Env& env) {
    const char* module = env.backend() == Backend::mysql        ? "pymysql"
                         : env.backend() == Backend::postgresql ? "psycopg2"
                                                                : "sqlite3";
    RunOptions o = env.options();
    Result r =
        run_process({"/usr/bin/python3", "-c", std::string("import sqlalchemy, ") + module}, o);
    return r.code == 0;
}

Result tutorial(const Env& env, std::vector<std::string> args) {
    std::vector<std::string> argv{"/usr/bin/python3", NOTES_SQLALCHEMY_SCRIPT, sqlalchemy_url(env)};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions o = env.options();
    o.timeout = std::chrono::milliseconds(60'000);
    Result r = run_process(argv, o);
    REQUIRE_MESSAGE(r.code == 0, r);
    return r;
}

}  // namespace

TEST_SUITE_BEGIN("sqlalchemy");

TEST_CASE_FIXTURE(Env, "the tutorial's SQLAlchemy models and notes share the tables") {
    if (!python_ready(*this))
        return skip("python3-sqlalchemy and the driver are not installed (deps.sh --test)");
    drop_all();
    schema_changed();
    // The tutorial creates its tables and writes first ...
    tutorial(*this, {"create"});
    tutorial(*this, {"write", "tech", "sqlalchemy is cool"});
    // ... notes adopts them, reads and writes ...
    json tech = notes_of("tech");
    REQUIRE(tech.size() == 1);
    CHECK(tech[0]["text"] == "sqlalchemy is cool");
    check_note_object(tech[0]);
    json added = add("tech", "written by notes, caf\xC3\xA9");
    add("home", "buy milk");
    // ... and the tutorial's program reads what notes wrote, and writes on.
    json read = tutorial(*this, {"read"}).json();
    REQUIRE(read.size() == 2);
    CHECK(read[0]["name"] == "tech");
    REQUIRE(read[0]["notes"].size() == 2);
    CHECK(read[0]["notes"][1]["id"] == added["id"]);
    CHECK(read[0]["notes"][1]["text"] == "written by notes, caf\xC3\xA9");
    CHECK(read[1]["name"] == "home");
    CHECK(read[1]["notes"][0]["text"] == "buy milk");
    json written = tutorial(*this, {"write", "garden", "water the plants"}).json();
    json garden = notes_of("garden");
    REQUIRE(garden.size() == 1);
    CHECK(garden[0]["id"] == written["id"]);
    check_note_object(garden[0]);  // timestamps from the defaults
    Result s = run({"--json", "search", "water"});
    REQUIRE_OK(s);
    CHECK(texts(s.json()) == std::vector<std::string>{"water the plants"});
    // Changes made by notes are what SQLAlchemy sees next.
    REQUIRE_OK(run({"rename", "garden", "yard"}));
    REQUIRE_OK(run({"rm", std::to_string(added["id"].get<long long>())}));
    read = tutorial(*this, {"read"}).json();
    REQUIRE(read.size() == 3);
    CHECK(read[0]["notes"].size() == 1);
    CHECK(read[2]["name"] == "yard");
    CHECK(read[2]["notes"][0]["category"] == "yard");
}

TEST_CASE_FIXTURE(Env, "the tutorial's models work on a database notes created") {
    if (!python_ready(*this))
        return skip("python3-sqlalchemy and the driver are not installed (deps.sh --test)");
    add("tech", "made by notes");
    tutorial(*this, {"create"});  // create_all leaves the existing tables alone
    json written = tutorial(*this, {"write", "tech", "made by sqlalchemy"}).json();
    json tech = notes_of("tech");
    REQUIRE(tech.size() == 2);
    CHECK(texts(tech) == std::vector<std::string>{"made by sqlalchemy", "made by notes"});
    for (const auto& n : tech)
        check_note_object(n);
    json read = tutorial(*this, {"read"}).json();
    REQUIRE(read.size() == 1);
    CHECK(read[0]["notes"].size() == 2);
}

TEST_SUITE_END();
