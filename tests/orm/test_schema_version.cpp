// Schema versions (orm/schema_version.hpp): upgrade runs each step once, in
// order, records the version, and refuses a database from a newer program.
#include <doctest/doctest.h>

#include <string>

#include "backend.hpp"

using orm::c;
using test::Category;

namespace {

struct Counters {
    int one = 0, two = 0, three = 0;
};

std::vector<orm::MigrationStep> steps(Counters& n, int up_to) {
    std::vector<orm::MigrationStep> out;
    out.push_back({1, "create the tables", [&n](orm::Connection& conn) {
                       ++n.one;
                       test::all_tables().create_all(conn);
                   }});
    if (up_to >= 2)
        out.push_back({2, "a first category", [&n](orm::Connection& conn) {
                           ++n.two;
                           const auto& d = conn.dialect();
                           conn.execute("INSERT INTO " + d.quote("ormt_categories") + " (" +
                                            d.quote("name") + ") VALUES (?)",
                                        {std::string("from v2")});
                       }});
    if (up_to >= 3)
        out.push_back({3, "a second category", [&n](orm::Connection& conn) {
                           ++n.three;
                           const auto& d = conn.dialect();
                           conn.execute("INSERT INTO " + d.quote("ormt_categories") + " (" +
                                            d.quote("name") + ") VALUES (?)",
                                        {std::string("from v3")});
                       }});
    return out;
}

}  // namespace

TEST_CASE("schema version: upgrade runs the steps once and records the version") {
    test::TempDir dir;
    auto engine = test::make_file_engine(dir);
    const orm::SchemaVersion versions(test::kMetaTable, "schema_version");
    CHECK(versions.table() == test::kMetaTable);
    CHECK_FALSE(versions.current(engine->connection()).has_value());  // no table yet

    Counters n;
    {
        orm::Session session(*engine);
        CHECK(versions.upgrade(session, steps(n, 2)) == 2);
        CHECK_FALSE(session.in_transaction());  // committed
    }
    CHECK(n.one == 1);
    CHECK(n.two == 1);
    CHECK(versions.current(engine->connection()) == std::optional<int>(2));
    CHECK(test::count_rows(engine->connection(), "ormt_categories") == 1);

    SUBCASE("again: nothing to do") {
        orm::Session session(*engine);
        CHECK(versions.upgrade(session, steps(n, 2)) == 0);
        CHECK(n.one == 1);
        CHECK(n.two == 1);
        CHECK(test::count_rows(engine->connection(), "ormt_categories") == 1);
    }
    SUBCASE("a new step runs alone") {
        orm::Session session(*engine);
        CHECK(versions.upgrade(session, steps(n, 3)) == 1);
        CHECK(n.one == 1);
        CHECK(n.two == 1);
        CHECK(n.three == 1);
        CHECK(versions.current(engine->connection()) == std::optional<int>(3));
        orm::Session reader(*engine);
        CHECK(reader.query<Category>().count() == 2);
    }
    SUBCASE("the version survives a new engine on the same database (sqlite file)") {
        if (!test::capabilities().file_database) return;
        auto reopened = test::make_file_engine(dir);
        CHECK(versions.current(reopened->connection()) == std::optional<int>(2));
        orm::Session session(*reopened);
        CHECK(versions.upgrade(session, steps(n, 2)) == 0);
        CHECK(n.one == 1);
    }
    SUBCASE("a newer database is refused") {
        {
            orm::Session session(*engine);
            Counters m;
            auto more = steps(m, 3);
            more.push_back({9, "far future", [](orm::Connection&) {}});
            CHECK(versions.upgrade(session, more) == 2);
        }
        CHECK(versions.current(engine->connection()) == std::optional<int>(9));
        orm::Session session(*engine);
        try {
            versions.upgrade(session, steps(n, 3));
            FAIL("no SchemaVersionError");
        } catch (const orm::SchemaVersionError& e) {
            const std::string what = e.what();
            CHECK(what.find("9") != std::string::npos);
            CHECK(what.find("3") != std::string::npos);
        }
        CHECK(n.three == 0);  // nothing ran
        CHECK(versions.current(engine->connection()) == std::optional<int>(9));
        CHECK_THROWS_AS(versions.upgrade(session, steps(n, 3)), orm::OperationalError);
    }
}

TEST_CASE("schema version: a failing step records nothing") {
    test::TempDir dir;
    auto engine = test::make_file_engine(dir);
    const orm::SchemaVersion versions(test::kMetaTable, "schema_version");
    Counters n;
    {
        orm::Session session(*engine);
        CHECK(versions.upgrade(session, steps(n, 1)) == 1);
    }
    auto failing = steps(n, 2);
    failing.push_back({3, "fails", [](orm::Connection&) { throw std::runtime_error("step 3"); }});
    {
        orm::Session session(*engine);
        CHECK_THROWS_AS(versions.upgrade(session, failing), std::runtime_error);
    }
    CHECK(versions.current(engine->connection()) == std::optional<int>(1));
    // Step 2's row went with the failed transaction. Not on MySQL, which
    // commits implicitly at the version table's CREATE (see MigrationStep).
    if (test::backend() != test::Backend::mysql)
        CHECK(test::count_rows(engine->connection(), "ormt_categories") == 0);
}

TEST_CASE("schema version: a table missing although the version is current is made again") {
    test::TempDir dir;
    auto engine = test::make_file_engine(dir);
    const orm::SchemaVersion versions(test::kMetaTable, "schema_version");
    Counters n;
    {
        orm::Session session(*engine);
        versions.upgrade(session, steps(n, 2), &test::all_tables());
    }
    REQUIRE(test::count_rows(engine->connection(), "ormt_categories") == 1);
    // Another program drops one table; the other keeps its row.
    const auto tables = test::all_tables().sorted_tables();
    const auto* victim = tables.back();
    REQUIRE(victim->name() != "ormt_categories");
    auto& conn = engine->connection();
    conn.clear_statement_cache();
    conn.execute_script("DROP TABLE " + conn.dialect().quote(victim->name()));
    CHECK_FALSE(versions.current(conn, {victim->name()}).has_value());
    CHECK(versions.current(conn) == std::optional<int>(2));
    {
        orm::Session session(*engine);
        CHECK(versions.upgrade(session, steps(n, 2), &test::all_tables()) == 0);  // no step ran
    }
    CHECK(n.one == 1);
    CHECK(n.two == 1);
    CHECK(conn.dialect().has_table(conn, victim->name()));
    CHECK(test::count_rows(conn, "ormt_categories") == 1);
    CHECK(versions.current(conn, {victim->name()}) == std::optional<int>(2));
}

TEST_CASE("schema version: count_tables sees exactly the tables that exist") {
    test::Db db;
    auto& conn = db.conn();
    test::all_tables().create_all(conn);
    const auto tables = test::all_tables().sorted_tables();
    std::vector<std::string> names;
    for (const auto* t : tables)
        names.push_back(t->name());
    CHECK(conn.dialect().count_tables(conn, names) == names.size());
    names.push_back("ormt_no_such_table");
    CHECK(conn.dialect().count_tables(conn, names) == names.size() - 1);
    // Names are compared exactly, case included.
    CHECK(conn.dialect().count_tables(conn, {"ORMT_CATEGORIES"}) == 0);
}
