// Engine and Connection (orm/engine.hpp, orm/connection.hpp): creation, lazy
// connection, SQLite pragmas, `echo` logging, the prepared-statement cache.
#include <doctest/doctest.h>

#include <string>

#include "backend.hpp"

using orm::c;

TEST_CASE("engine: create_engine parses the URL and picks the dialect") {
    auto engine = test::make_engine();
    CHECK(engine->url().backend == support::current().name);
    CHECK(engine->dialect().name() == support::current().name);
    CHECK_FALSE(engine->dialect().name().empty());
    CHECK_THROWS_AS(orm::create_engine("oracle://u@h/db"), orm::UrlError);
    CHECK_THROWS_AS(orm::create_engine("mysql://u@h:70000/db"), orm::UrlError);
}

TEST_CASE("engine: sqlite engine options are kept") {
    auto engine = orm::create_engine(
        "sqlite://", {.echo = true, .busy_timeout = std::chrono::milliseconds(1234)});
    CHECK(engine->options().echo);
    CHECK(engine->options().busy_timeout == std::chrono::milliseconds(1234));
    CHECK(engine->url().memory);
}

TEST_CASE("engine: the connection is opened lazily, on first use") {
    SUBCASE("sqlite: nothing is opened until a statement is needed (sqlite-only part)") {
        if (!test::capabilities().file_database) return;
        test::TempDir dir;
        const auto file = dir.path() / "lazy.db";
        auto engine = orm::create_engine("sqlite:///" + file.string());
        CHECK_FALSE(engine->connected());
        orm::Session session(*engine);
        CHECK_FALSE(engine->connected());
        CHECK_FALSE(std::filesystem::exists(file));
        session.connection();
        CHECK(engine->connected());
        CHECK(std::filesystem::exists(file));
    }
    SUBCASE("a session and an unused query do not connect") {
        auto engine = test::make_engine();
        engine->dispose();  // the MariaDB fixture used the connection to drop tables
        CHECK_FALSE(engine->connected());
        orm::Session session(*engine);
        auto query = session.query<test::Category>().filter(c(&test::Category::name) == "x");
        CHECK_FALSE(engine->connected());
        session.connection();  // the first statement (BEGIN) needs it
        CHECK(engine->connected());
        CHECK(session.in_transaction());
    }
    SUBCASE("dispose closes; the next use opens a new connection") {
        auto engine = test::make_engine();
        auto& first = engine->connection();
        CHECK(engine->connected());
        for (int i = 0; i < 5; ++i)
            first.execute("SELECT 1");
        const auto ran = first.statements_run();
        engine->dispose();
        CHECK_FALSE(engine->connected());
        auto& second = engine->connection();
        CHECK(engine->connected());
        CHECK(second.statements_run() < ran);  // a new connection counts from scratch
    }
}

TEST_CASE("engine: a SQLite file that cannot be opened fails at first use (sqlite-only)") {
    SKIP_UNLESS(test::capabilities().file_database, "SQLite file paths");
    test::TempDir dir;
    auto engine = orm::create_engine("sqlite:///" + (dir.path() / "no/such/dir/x.db").string());
    CHECK_FALSE(engine->connected());
    CHECK_THROWS_AS(engine->connection(), orm::OperationalError);

    auto no_create =
        orm::create_engine("sqlite:///" + (dir.path() / "missing.db").string(), {.create = false});
    CHECK_THROWS_AS(no_create->connection(), orm::OperationalError);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "missing.db"));
}

TEST_CASE("engine: SQLite pragmas are really set (sqlite-only)") {
    SKIP_UNLESS(test::backend() == test::Backend::sqlite, "PRAGMA");
    SUBCASE("on a file") {
        test::TempDir dir;
        auto engine =
            test::make_file_engine(dir, {.busy_timeout = std::chrono::milliseconds(1234)});
        auto& conn = engine->connection();
        CHECK(test::scalar(conn, "PRAGMA foreign_keys") == 1);
        CHECK(test::scalar_text(conn, "PRAGMA journal_mode") == "wal");
        CHECK(test::scalar(conn, "PRAGMA synchronous") == 1);  // NORMAL
        CHECK(test::scalar(conn, "PRAGMA busy_timeout") == 1234);
        // A second connection of the same engine gets the same settings.
        auto other = engine->connect();
        CHECK(test::scalar(*other, "PRAGMA foreign_keys") == 1);
        CHECK(test::scalar(*other, "PRAGMA busy_timeout") == 1234);
        CHECK(test::scalar_text(*other, "PRAGMA journal_mode") == "wal");
        // No page_cache_kib: SQLite's own default cache.
        CHECK(test::scalar(conn, "PRAGMA cache_size") == -2000);
    }
    SUBCASE("in memory") {
        auto engine = orm::create_engine("sqlite://");
        auto& conn = engine->connection();
        CHECK(test::scalar(conn, "PRAGMA foreign_keys") == 1);
        CHECK(test::scalar(conn, "PRAGMA synchronous") == 1);
        CHECK(test::scalar(conn, "PRAGMA busy_timeout") == 5000);  // the default option
    }
    SUBCASE("page_cache_kib bounds every connection's page cache") {
        test::TempDir dir;
        auto engine = test::make_file_engine(dir, {.page_cache_kib = 384});
        CHECK(test::scalar(engine->connection(), "PRAGMA cache_size") == -384);
        auto other = engine->connect();
        CHECK(test::scalar(*other, "PRAGMA cache_size") == -384);
    }
}

TEST_CASE("engine: echo logs each statement with its bound values through spdlog") {
    test::LogCapture log;
    test::Db db({.echo = true});
    CHECK(db.conn().echo());
    log.clear();

    auto cat = db.session.add(test::Category{.name = "echo-me"});
    db.session.flush();
    auto found =
        db.session.query<test::Category>().filter(c(&test::Category::id) == cat->id + 41).all();
    CHECK(found.empty());
    db.session.commit();

    const auto text = log.text();
    CAPTURE(text);
    CHECK(text.find("INSERT INTO " + db.q("ormt_categories")) != std::string::npos);
    CHECK(text.find("'echo-me'") != std::string::npos);  // the bound value
    CHECK(text.find("SELECT ") != std::string::npos);
    CHECK(text.find(std::to_string(cat->id + 41)) != std::string::npos);
    CHECK(text.find("COMMIT") != std::string::npos);
    CHECK(text.find("info SQL: ") != std::string::npos);  // at level info

    SUBCASE("echo off logs nothing") {
        test::Db quiet;
        log.clear();
        quiet.session.add(test::Category{.name = "silent"});
        quiet.session.commit();
        CHECK(log.text().find("silent") == std::string::npos);
        CHECK(log.text().find("INSERT") == std::string::npos);
    }
    SUBCASE("set_echo switches it on a live connection") {
        db.conn().set_echo(false);
        log.clear();
        db.conn().execute("SELECT 1");
        CHECK(log.text().empty());
        db.conn().set_echo(true);
        db.conn().execute("SELECT ?", {std::string("ping")});
        CHECK(log.text().find("'ping'") != std::string::npos);
    }
}

TEST_CASE("engine: a cached statement runs only with a value for each of its placeholders") {
    // SQLite borrows bound text until the next bind (no copy, no clearing at
    // reset): a run that binds fewer values must not see the last run's.
    SKIP_UNLESS(test::backend() == test::Backend::sqlite, "SQLite keeps bound values across runs");
    auto engine = test::make_engine();
    auto& conn = engine->connection();
    {
        const orm::Value first{std::string("first")};
        auto s = conn.prepare("SELECT ?");
        s->bind_borrowed(1, first);
        REQUIRE(s->step());
        CHECK(s->get_text(0) == "first");
    }
    {
        auto s = conn.prepare("SELECT ?");  // the same cached statement, nothing bound
        CHECK_THROWS_AS(s->step(), std::logic_error);
    }
    {
        const orm::Value second{std::int64_t{2}};
        auto s = conn.prepare("SELECT ?");
        s->bind_borrowed(1, second);
        REQUIRE(s->step());
        CHECK(s->get_int64(0) == 2);
    }
}

TEST_CASE("engine: text bound in place or as a kept copy reaches the database as it was") {
    auto engine = test::make_engine();
    auto& conn = engine->connection();
    const std::string borrowed = "borrowed text";
    {
        auto s = conn.prepare("SELECT ?, ?");
        s->bind_text_borrowed(1, borrowed);
        s->bind_text_copy(2, std::string("a copy of ") + "a temporary");  // gone before the run
        REQUIRE(s->step());
        CHECK(s->get_text(0) == "borrowed text");
        CHECK(s->get_text(1) == "a copy of a temporary");
    }
    {
        // The same cached statement: the kept copy is replaced, a view with no
        // data is an empty text (not NULL).
        auto s = conn.prepare("SELECT ?, ?");
        s->bind_text_borrowed(1, std::string_view{});
        s->bind_text_copy(2, "x");
        REQUIRE(s->step());
        CHECK_FALSE(s->is_null(0));
        CHECK(s->get_text(0).empty());
        CHECK(s->get_text(1) == "x");
    }
    {
        // Short copies, kept for parameters bound in turn: binding the next
        // one moves none already bound (ASan would see a freed buffer).
        auto s = conn.prepare("SELECT ?, ?, ?");
        s->bind_text_copy(1, "one");
        s->bind_text_copy(2, "two");
        s->bind_text_copy(3, "three");
        REQUIRE(s->step());
        CHECK(s->get_text(0) == "one");
        CHECK(s->get_text(1) == "two");
        CHECK(s->get_text(2) == "three");
    }
}

TEST_CASE("engine: prepared statements are cached per connection and reused") {
    auto engine = test::make_engine();
    auto& conn = engine->connection();
    const std::string sql = "SELECT 1";

    orm::Statement* first = nullptr;
    {
        auto a = conn.prepare(sql);
        first = &*a;
        // While the cached one is in use (a nested query), a fresh one is made.
        auto b = conn.prepare(sql);
        CHECK(&*b != first);
        CHECK(b->sql() == sql);
    }
    {
        auto again = conn.prepare(sql);
        CHECK(&*again == first);  // free again: the cached one
    }
    CHECK(&*conn.prepare(sql) == first);
    CHECK(&*conn.prepare("SELECT 2") != first);

    SUBCASE("statements_run counts each execution once") {
        const auto before = conn.statements_run();
        conn.execute(sql);
        conn.execute(sql);
        {
            auto s = conn.prepare(sql);
            CHECK(s->step());
            CHECK_FALSE(s->step());  // stepping on is the same execution
        }
        CHECK(conn.statements_run() == before + 3);
        CHECK(&*conn.prepare(sql) == first);  // still the same statement
        conn.execute_script("SELECT 1");
        CHECK(conn.statements_run() == before + 4);
    }
    SUBCASE("a reused statement starts clean: bindings and rows are reset") {
        {
            auto s = conn.prepare("SELECT ?");
            s->bind(1, std::int64_t{7});
            REQUIRE(s->step());
            CHECK(s->get_int64(0) == 7);
            // Given back with a row still pending.
        }
        auto s = conn.prepare("SELECT ?");
        s->bind(1, std::int64_t{8});
        REQUIRE(s->step());
        CHECK(s->get_int64(0) == 8);
    }
    SUBCASE("clear_statement_cache drops free statements") {
        {
            auto s = conn.prepare(sql);
            CHECK(&*s == first);
        }
        conn.clear_statement_cache();
        auto s = conn.prepare(sql);
        CHECK(s->sql() == sql);
        s->step();
        CHECK(s->get_int64(0) == 1);
    }
}
