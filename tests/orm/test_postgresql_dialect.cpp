// PostgreSQL specifics of the ORM (lib/orm/src/dialect/postgresql): what the
// shared suite cannot say without naming the backend. Each test skips itself
// on the other backends.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "backend.hpp"

using orm::c;
using orm::SearchTerm;
using test::Category;
using test::Note;

namespace {

bool on_postgresql() {
    return test::backend() == test::Backend::postgresql;
}

// DatabaseError::code() of a SQLSTATE: its base-36 value.
int sqlstate(std::string_view state) {
    int out = 0;
    for (char ch : state)
        out = out * 36 + (ch >= '0' && ch <= '9' ? ch - '0' : ch - 'A' + 10);
    return out;
}

std::string backend_pid(orm::Connection& connection) {
    return test::scalar_text(connection, "SELECT pg_backend_pid()::text");
}

void terminate(const std::string& pid) {
    auto killer = orm::create_engine(*support::server_url());
    test::scalar(killer->connection(), "SELECT COUNT(*) FROM pg_terminate_backend(?::int)",
                 {std::stoll(pid)});
}

}  // namespace

TEST_SUITE_BEGIN("postgresql");

TEST_CASE("postgresql: types, identity ids and code-point order") {
    SKIP_UNLESS(on_postgresql(), "PostgreSQL's catalog");
    test::Db db;
    const auto type_of = [&](const std::string& table, const std::string& column) {
        return test::scalar_text(
            db.conn(),
            "SELECT data_type || COALESCE('(' || character_maximum_length || ')', '') || "
            "COALESCE(' ' || collation_name, '') || COALESCE(' ' || is_identity, '') "
            "FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? AND column_name = ?",
            {table, column});
    };
    CHECK(type_of("ormt_categories", "id") == "bigint YES");
    CHECK(type_of("ormt_categories", "name") == "character varying(64) C NO");
    CHECK(type_of("ormt_categories", "created_at") == "timestamp without time zone NO");
    CHECK(type_of("ormt_notes", "text") == "text C NO");
    for (const char* name : {"b", "B", "a", "\xC3\xA9", "e", "Z"})
        db.session.add(Category{.name = name});
    db.session.commit();
    std::vector<std::string> names;
    for (const auto& cat : db.session.query<Category>().order_by(c(&Category::name).asc()).all())
        names.push_back(cat->name);
    CHECK(names == std::vector<std::string>{"B", "Z", "a", "b", "e", "\xC3\xA9"});
    // Names compare exactly.
    CHECK(db.session.query<Category>().filter(c(&Category::name) == "A").count() == 0);
}

TEST_CASE("postgresql: ? becomes $n outside literals, identifiers and comments") {
    SKIP_UNLESS(on_postgresql(), "$n placeholders");
    auto engine = test::make_engine();
    auto& conn = engine->connection();
    CHECK(test::scalar_text(conn, "SELECT '?' || ? || \"x?\".y FROM (SELECT 'z' AS y) \"x?\"",
                            {std::string("!")}) == "?!z");
    CHECK(test::scalar_text(conn, "SELECT /* ? */ ? -- ?\n", {std::string("a")}) == "a");
    CHECK(test::scalar_text(conn, "SELECT $$?$$ || ?", {std::string("b")}) == "?b");
    CHECK(test::scalar_text(conn, "SELECT 'it''s ?' || ?", {std::string("c")}) == "it's ?c");
    // Parameters are typed by where they appear; where nothing says, a cast does.
    CHECK(test::scalar(conn, "SELECT CAST(? AS BIGINT) + ?", {std::int64_t{40}, std::int64_t{2}}) ==
          42);
}

TEST_CASE("postgresql: SQLSTATEs map onto the ORM's errors") {
    SKIP_UNLESS(on_postgresql(), "SQLSTATEs");
    test::Db db;
    db.session.add(Category{.name = "dup"});
    db.session.commit();
    db.session.add(Category{.name = "dup"});
    try {
        db.session.commit();
        FAIL("no IntegrityError");
    } catch (const orm::IntegrityError& e) {
        CHECK(e.code() == sqlstate("23505"));
        CHECK(std::string(e.what()).find("SQLSTATE 23505") != std::string::npos);
        CHECK(std::string(e.what()).find("(name)=(dup)") != std::string::npos);
        CHECK_FALSE(e.transient());
    }
    db.session.add(Note{.text = "orphan", .category_id = 424242});
    try {
        db.session.commit();
        FAIL("no IntegrityError");
    } catch (const orm::IntegrityError& e) {
        CHECK(e.code() == sqlstate("23503"));
    }
    try {
        db.conn().execute("SELEC 1");
        FAIL("no ProgrammingError");
    } catch (const orm::ProgrammingError& e) {
        CHECK(e.code() == sqlstate("42601"));
    }
    // Text cannot hold a NUL byte: refused, not cut.
    CHECK_THROWS_AS(db.conn().execute("INSERT INTO \"ormt_categories\" (\"name\") VALUES (?)",
                                      {std::string("a\0b", 3)}),
                    orm::IntegrityError);
    CHECK(test::scalar(db.conn(), "SELECT 1") == 1);
}

TEST_CASE("postgresql: plain SQL rows get UTC timestamps whatever the session's time zone") {
    SKIP_UNLESS(on_postgresql(), "TimeZone");
    test::Db db;
    CHECK(test::scalar_text(db.conn(), "SHOW TimeZone") == "UTC");
    auto other = orm::create_engine(*support::server_url());
    other->connection().execute_script("SET TIME ZONE 'Pacific/Kiritimati'");  // UTC+14
    other->connection().execute("INSERT INTO \"ormt_categories\" (\"name\") VALUES (?)",
                                {std::string("far east")});
    auto cat = db.session.query<Category>().one();
    const auto age = std::chrono::system_clock::now() - cat->created_at.time;
    CHECK(age < std::chrono::minutes(5));
    CHECK(age > -std::chrono::minutes(5));
}

TEST_CASE("postgresql: write transactions queue up for the writer lock, as on SQLite") {
    SKIP_UNLESS(on_postgresql(), "pg_advisory_xact_lock");
    const orm::EngineOptions quick{.busy_timeout = std::chrono::milliseconds(1000)};
    auto a = test::make_engine(quick);
    test::all_tables().create_all(a->connection());
    auto b = orm::create_engine(*support::server_url(), quick);
    orm::Session first(*a), second(*b);
    {
        auto tx = first.begin();
        try {
            auto tx2 = second.begin();
            FAIL("two writers at once");
        } catch (const orm::OperationalError& e) {
            CHECK(e.code() == sqlstate("55P03"));
            CHECK(e.transient());
        }
        // Readers do not wait.
        auto read = second.begin(/*write=*/false);
        CHECK(second.query<Category>().count() == 0);
        read.commit();
        tx.commit();
    }
    // Released by COMMIT, and by ROLLBACK.
    {
        auto tx2 = second.begin();
        second.add(Category{.name = "second"});
        tx2.rollback();
    }
    auto tx = first.begin();
    first.add(Category{.name = "first"});
    CHECK_NOTHROW(tx.commit());

    // Check-then-insert from many connections at once: one row, no error.
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 6; ++t)
        threads.emplace_back([&] {
            try {
                auto engine = orm::create_engine(*support::server_url());
                orm::Session s(*engine);
                for (int i = 0; i < 10; ++i) {
                    auto tx = s.begin();
                    if (!s.query<Category>().filter(c(&Category::name) == "shared").one_or_none())
                        s.add(Category{.name = "shared"});
                    tx.commit();
                }
            } catch (const std::exception&) {
                ++failures;
            }
        });
    for (auto& t : threads)
        t.join();
    CHECK(failures == 0);
    CHECK(test::count_rows(a->connection(), "ormt_categories") == 2);
}

TEST_CASE("postgresql: a connection lost between transactions is reopened when the next begins") {
    SKIP_UNLESS(on_postgresql(), "server sessions");
    test::Db db;
    db.session.add(Category{.name = "before"});
    db.session.commit();
    const auto first = backend_pid(db.conn());
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 1);  // a cached statement
    terminate(first);

    auto tx = db.session.begin();
    CHECK(db.session.query<Category>().count() == 1);
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 1);
    db.session.add(Category{.name = "after"});
    tx.commit();
    CHECK(backend_pid(db.conn()) != first);
    CHECK(test::scalar_text(db.conn(), "SHOW TimeZone") == "UTC");
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 2);

    // Inside a transaction the loss reaches the caller, marked transient.
    auto tx2 = db.session.begin();
    db.session.add(Category{.name = "lost"});
    db.session.flush();
    terminate(backend_pid(db.conn()));
    try {
        db.session.add(Category{.name = "lost too"});
        db.session.commit();
        FAIL("committed on a terminated session");
    } catch (const orm::OperationalError& e) {
        CAPTURE(e.what());
        CHECK(e.transient());
    }
}

TEST_CASE("postgresql: search works for a database owner who is not a superuser") {
    SKIP_UNLESS(on_postgresql(), "unaccent and an expression index");
    test::Db db;
    // The test role (scripts/postgres.sh) owns its database and nothing more.
    CHECK(test::scalar_text(db.conn(),
                            "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user") ==
          "false");
    CHECK(test::scalar(db.conn(), "SELECT COUNT(*) FROM pg_extension WHERE extname = 'unaccent'") ==
          1);
    auto cat = db.session.add(Category{.name = "c"});
    db.session.flush();
    // Written by another program through plain SQL: found all the same.
    auto other = orm::create_engine(*support::server_url());
    const auto id = cat->id;
    db.session.commit();
    for (const char* text : {"write to bob@example.org about the e-mail",
                             "\xC3\x89"
                             "COLE \xC3\x80 PARIS",  // ÉCOLE À PARIS
                             "version 1.5.2 of www.example.com"})
        other->connection().execute(
            "INSERT INTO \"ormt_notes\" (\"text\", \"category_id\") VALUES (?, ?)",
            {std::string(text), id});
    const auto find = [&](std::vector<SearchTerm> terms) {
        std::set<std::string> out;
        for (const auto& n : db.session.query<Note>().search(&Note::text, std::move(terms)).all())
            out.insert(n->text);
        return out;
    };
    CHECK(find({{"example"}}).size() == 2);
    CHECK(find({{"bob"}}) == std::set<std::string>{"write to bob@example.org about the e-mail"});
    CHECK(find({{"e-mail"}}).size() == 1);
    CHECK(find({{"ecole"}, {"paris"}}).size() == 1);
    CHECK(find({{"1.5"}}).size() == 1);
    CHECK(find({{"com"}}).size() == 1);
    // The index is an expression index on the table itself: no search trigger
    // (counters, where declared, have theirs), no extra column.
    CHECK(test::scalar(db.conn(),
                       "SELECT COUNT(*) FROM information_schema.triggers "
                       "WHERE event_object_table = 'ormt_notes' AND trigger_name LIKE '%fts%'") ==
          0);
    const auto indexes = test::index_names(db.conn(), "ormt_notes");
    CHECK(std::find(indexes.begin(), indexes.end(), "ft_ormt_notes_text") != indexes.end());
}

TEST_SUITE_END();
